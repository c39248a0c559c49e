"""Staff pages outside the admin: the analysis page and the hotline import."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from interaction import selectors_programme as selectors
from interaction.forms import HotlineImportForm, PeriodForm
from interaction.services import programme as services
from portal import roles


def _may_analyse(user: Any) -> bool:
    return roles.is_office_admin(user) or roles.has_role(
        user, roles.INTERACTION_HANDLER
    )


@login_required
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    """互动数据分析: counts per month and unit, top terms, most-asked hotline topics."""
    if not _may_analyse(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"start": today - datetime.timedelta(days=365), "end": today}
    form = PeriodForm(request.GET or initial)
    result = None
    if form.is_valid():
        result = selectors.interaction_analysis(
            form.cleaned_data["start"], form.cleaned_data["end"]
        )
    return render(
        request, "interaction/staff/analysis.html", {"form": form, "result": result}
    )


@login_required
@require_http_methods(["GET", "POST"])
def hotline_import(request: HttpRequest) -> HttpResponse:
    """Import a 12345 hotline / service-window CSV; bad rows are listed by line."""
    if not roles.is_office_admin(request.user):
        raise PermissionDenied
    form = HotlineImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_hotline_csv(form.cleaned_data["file"])
    return render(
        request,
        "interaction/staff/hotline_import.html",
        {"form": form, "result": result},
    )
