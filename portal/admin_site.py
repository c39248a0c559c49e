"""The staff admin site: Django admin plus the review queue and the waiting counts."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from portal import registry
from portal.publishing.workflow import ReviewState
from portal.roles import (
    EDITOR,
    REQUEST_HANDLER,
    REVIEW_FINAL,
    REVIEW_FIRST,
    REVIEW_SECOND,
    has_role,
    is_office_admin,
)

REVIEW_ROLES = (REVIEW_FIRST, REVIEW_SECOND, REVIEW_FINAL)


def _handler_home(user: Any) -> Any:
    """The 依申请公开 handler's open applications, read through ``requests_app``."""
    if not apps.is_installed("requests_app") or not (
        has_role(user, REQUEST_HANDLER) or is_office_admin(user)
    ):
        return None
    from portal.selectors import work_calendar
    from requests_app.staff_home import handler_home

    return handler_home(user, today=timezone.localdate(), calendar=work_calendar())


class PortalAdminSite(admin.AdminSite):
    site_header = "济阳区政务公开平台 · 管理后台"
    site_title = "济阳区政务公开平台"
    index_title = "工作台"
    index_template = "admin/portal_index.html"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "review-queue/",
                self.admin_view(self.review_queue_view),
                name="review-queue",
            ),
            *super().get_urls(),
        ]

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        """Each role's own work first: a handler's applications by days left, a
        reviewer's queue, an editor's returned records; then the apps."""
        from portal.publishing import selectors as publishing

        user = request.user
        extra: dict[str, Any] = {**(extra_context or {})}
        extra["handler_home"] = _handler_home(user)
        extra["returned"] = (
            publishing.returned_to_editor(user) if has_role(user, EDITOR) else []
        )
        is_reviewer = any(has_role(user, role) for role in REVIEW_ROLES)
        extra["is_reviewer"] = is_reviewer
        extra["queue"] = publishing.review_queue(user)[:10] if is_reviewer else []
        if is_reviewer or is_office_admin(user):
            counts = publishing.waiting_counts(user)
            extra["waiting_counts"] = [
                (ReviewState(state).label, count) for state, count in counts.items()
            ]
        extra["staff_links"] = [
            (link.label, reverse(link.url_name))
            for link in registry.staff_links()
            if user.has_perm(link.permission)
        ]
        return super().index(request, extra)

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        from portal.publishing.selectors import review_queue

        context = {
            **self.each_context(request),
            "title": "待我审核",
            "items": review_queue(request.user),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)
