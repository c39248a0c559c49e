"""Admin for harvester API clients: the office issues, rate-limits and revokes tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.api_tokens import assign_token, reissue_token, revoke_api_client
from portal.models import ApiClient
from portal.roles import is_office_admin


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "rate", "revoked", "last_used_at"]
    list_filter = ["revoked"]
    fields = ["name", "contact", "rate", "revoked", "token_prefix", "last_used_at"]
    readonly_fields = ["token_prefix", "last_used_at"]
    actions = ["revoke", "reissue"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the record of who harvested stays

    def save_model(
        self, request: HttpRequest, obj: ApiClient, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token = assign_token(obj)
        super().save_model(request, obj, form, change)
        self._show_token(request, obj, token)

    @staticmethod
    def _show_token(request: HttpRequest, obj: ApiClient, token: str) -> None:
        messages.warning(
            request,
            f"“{obj.name}”的访问令牌：{token} —— 仅显示这一次，请立即复制并安全地交给采集方；"
            "丢失后只能重新签发。",
        )

    @admin.action(description="吊销所选采集方的令牌")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            revoke_api_client(client)
        messages.success(request, f"已吊销 {queryset.count()} 个令牌。")

    @admin.action(description="为所选采集方重新签发令牌（旧令牌立即失效）")
    def reissue(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.filter(revoked=False):
            self._show_token(request, client, reissue_token(client))
