"""The staff admin site: Django admin plus the review queue and the waiting counts."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse

from portal import registry


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
        from portal.publishing.models import ReviewState
        from portal.publishing.selectors import waiting_counts

        counts = waiting_counts(request.user)
        extra = {
            **(extra_context or {}),
            "waiting_counts": [
                (ReviewState(state).label, count) for state, count in counts.items()
            ],
            "staff_links": [
                (link.label, reverse(link.url_name))
                for link in registry.staff_links()
                if request.user.has_perm(link.permission)
            ],
        }
        return super().index(request, extra)

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        from portal.publishing.selectors import review_queue

        context = {
            **self.each_context(request),
            "title": "待我审核",
            "items": review_queue(request.user),
        }
        return TemplateResponse(request, "admin/review_queue.html", context)
