from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from portal import admin_api_clients  # noqa: F401 - registers the API clients' admin
from portal.models import CalendarOverride, IndexEntry, Organisation, SiteSettings, User
from portal.roles import is_office_admin
from portal.scoping import OrganisationScopedAdminMixin
from portal.selectors import calendar_unknown_years
from portal.services import site_settings_changed


class OfficeOnlyAdminMixin:
    """Tables only the 区政务公开办 manages (staff accounts, calendar, site settings)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "pk"
    list_display = [
        "name",
        "kind",
        "parent",
        "disclosure_office",
        "office_phone",
        "is_active",
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "code",
                    "kind",
                    "parent",
                    "sort_order",
                    "is_active",
                ]
            },
        ),
        (
            "政府信息公开工作机构",
            {
                "fields": [
                    "disclosure_office",
                    "office_address",
                    "office_hours",
                    "office_phone",
                    "office_fax",
                    "office_email",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_office_admin(request.user):
            return []
        # A unit edits its own contact details, not its place in the tree.
        return [
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "sort_order",
            "is_active",
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(OfficeOnlyAdminMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "organisation", "is_active", "last_login"]
    list_filter = ["organisation__kind", "groups", "is_active"]
    search_fields = ["username", "full_name", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "email", "organisation"]}),
        ("角色与权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("登录记录", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "organisation",
                    "password1",
                    "password2",
                ],
            },
        )
    ]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["date", "is_workday", "note", "created_at"]
    list_filter = ["is_workday"]
    search_fields = ["note"]
    date_hierarchy = "date"

    def changelist_view(
        self, request: HttpRequest, extra_context: Any = None
    ) -> HttpResponse:
        for year in calendar_unknown_years(timezone.localdate()):
            messages.warning(
                request,
                f"工作日历尚无 {year} 年的节假日数据：在录入国务院办公厅 {year} 年节假日安排"
                f"（含调休上班日）之前，该年按周一至周五为工作日计算。",
            )
        return super().changelist_view(request, extra_context)


@admin.register(SiteSettings)
class SiteSettingsAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["site_name", "site_code", "icp_number", "police_number", "sponsor"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office_admin(request.user) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        site_settings_changed()


@admin.register(IndexEntry)
class IndexEntryAdmin(OfficeOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "section", "organisation", "published_at"]
    list_filter = ["section"]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    readonly_fields = [f.name for f in IndexEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# The publishing mechanism's admin (rules) registers itself on import.
from portal.publishing import admin as publishing_admin  # noqa: E402,F401
