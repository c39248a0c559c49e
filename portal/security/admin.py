"""The security log in admin: read-only, for the 政务公开办 role (and superusers)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portal.roles import is_office_admin
from portal.security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "kind", "username", "client_address", "path", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "client_address", "path")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
