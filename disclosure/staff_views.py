"""Staff pages of proactive disclosure: the monitor of overdue catalogue nodes and of
projects with missing or late stages. Scoped to the user's unit (all for the office)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from disclosure import selectors
from portal.selectors import work_calendar

MONITOR_PERMISSION = "disclosure.view_cataloguenode"


@staff_member_required
@require_GET
def monitor(request: HttpRequest) -> HttpResponse:
    """主动公开监测: catalogue nodes past their time limit, project stages missing/late."""
    if not request.user.has_perm(MONITOR_PERMISSION):
        raise PermissionDenied("您没有查看主动公开监测的权限。")
    today = timezone.localdate()
    calendar = work_calendar()
    return render(
        request,
        "disclosure/staff/monitor.html",
        {
            "today": today,
            "nodes": selectors.overdue_nodes(
                today=today, calendar=calendar, user=request.user
            ),
            "late_items": selectors.late_items(
                today=today, calendar=calendar, user=request.user
            ),
            "projects": selectors.projects_with_problems(
                user=request.user, today=today
            ),
        },
    )
