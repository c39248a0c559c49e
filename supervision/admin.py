"""Admin of supervision: each unit sees its own rows; the office sees and supervises all.

Workflow steps are not edited here: a task is created through ``assign_task`` and moves
through the staff pages (``supervision.views``), which call the ledger services.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from portal.attachments import MAX_ATTACHMENT_BYTES, check_file
from portal.publishing.admin import PublishableAdmin
from portal.roles import SUPERVISION_LIAISON, has_role, is_office_admin
from portal.scoping import OrganisationScopedAdminMixin
from supervision import services
from supervision.models import (
    Activity,
    Inspection,
    LinkCheckRun,
    LinkFinding,
    NewMediaAccount,
    Notice,
    PublicNotice,
    Repost,
    RepostRequirement,
    Task,
    TaskEvent,
    WorkPoint,
)
from supervision.services.ledger import EVIDENCE_KINDS
from supervision.services.notices import publish_notice
from supervision.workflow import InvalidTransition

_EVENT_FIELDS: tuple[str, ...] = (
    "at",
    "kind",
    "actor",
    "text",
    "evidence_entry",
    "evidence_url",
    "evidence_file",
)

_INSPECTION_FIELDS: tuple[str, ...] = (
    "inspected_on",
    "score",
    "vetoed",
    "findings",
    "rectification_deadline",
    "rectified_on",
)

_FINDING_FIELDS: tuple[str, ...] = (
    "kind",
    "page_url",
    "link_url",
    "status_code",
    "organisation",
    "detail",
)


class OfficeWritesMixin:
    """Everyone with the view permission reads; only the office writes."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)


@admin.register(WorkPoint)
class WorkPointAdmin(OfficeWritesMixin, admin.ModelAdmin):
    list_display = ["year", "number", "title"]
    list_filter = ["year"]
    search_fields = ["title", "body"]


class TaskEventInline(admin.TabularInline):
    model = TaskEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = _EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(OrganisationScopedAdminMixin, OfficeWritesMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "work_point",
        "organisation",
        "deadline",
        "status",
        "last_reported_on",
    ]
    list_filter = ["status", "work_point__year", "organisation"]
    search_fields = ["title", "progress_text"]
    list_select_related = ["work_point", "organisation"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "deadline"
    readonly_fields = ["status", "progress_text", "last_reported_on", "completed_on"]
    inlines = [TaskEventInline]
    actions = ["accept_selected"]

    def save_model(
        self, request: HttpRequest, obj: Task, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        task = services.assign_task(
            obj.work_point,
            obj.organisation,
            title=obj.title,
            description=obj.description,
            deadline=obj.deadline,
            actor=request.user,
            now=timezone.now(),
        )
        obj.pk = task.pk
        obj.status = task.status

    @admin.action(description="验收通过所选任务")
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[Task]) -> None:
        done = 0
        for task in queryset:
            try:
                services.accept_task(task, actor=request.user, now=timezone.now())
            except (InvalidTransition, PermissionDenied) as error:
                self.message_user(request, f"{task}：{error}", messages.WARNING)
                continue
            done += 1
        self.message_user(request, f"已验收 {done} 项任务。")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "organisation",
            "kind",
            "title",
            "held_on",
            "participants",
            "minutes",
            "material",
        ]

    def clean_material(self) -> Any:
        material = self.cleaned_data.get("material")
        if (
            material
            and hasattr(material, "read")
            and not getattr(material, "_committed", False)
        ):
            data = material.read()
            material.seek(0)
            checked = check_file(data, EVIDENCE_KINDS, MAX_ATTACHMENT_BYTES)
            if isinstance(checked, str):
                raise ValidationError(checked)
        return material

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on and held_on > timezone.localdate():
            raise ValidationError("日期不能晚于今天：请在举办后录入。")
        return held_on


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "held_on", "participants"]
    list_filter = ["kind", "organisation"]
    search_fields = ["title", "minutes"]
    list_select_related = ["organisation"]
    date_hierarchy = "held_on"
    form = ActivityForm


class InspectionInline(admin.TabularInline):
    model = Inspection
    extra = 0
    fields = readonly_fields = _INSPECTION_FIELDS
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NewMediaAccount)
class NewMediaAccountAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "platform",
        "organisation",
        "filing_status",
        "last_updated_on",
        "followers",
        "closed_on",
    ]
    list_filter = ["platform", "filing_status", "organisation"]
    search_fields = ["name", "account_id"]
    list_select_related = ["organisation"]
    inlines = [InspectionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_office_admin(request.user):
            return self.readonly_fields
        # 备案 is recorded by the office the account is filed with, not by the unit.
        return ["filing_status", "filed_on"]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "platform",
                    "name",
                    "account_id",
                    "person_in_charge",
                ]
            },
        ),
        ("备案与开设", {"fields": ["filing_status", "filed_on", "opened_on"]}),
        ("运维", {"fields": ["followers", "last_updated_on"]}),
        ("关停", {"fields": ["closed_on", "closure_reason", "closure_approval"]}),
    ]


@admin.register(Inspection)
class InspectionAdmin(
    OrganisationScopedAdminMixin, OfficeWritesMixin, admin.ModelAdmin
):
    organisation_lookup = "account__organisation"
    list_display = [
        "account",
        "inspected_on",
        "score",
        "vetoed",
        "rectification_deadline",
        "rectified_on",
    ]
    list_filter = ["vetoed", "inspected_on"]
    search_fields = ["account__name", "findings"]
    list_select_related = ["account"]
    raw_id_fields = ["account"]
    readonly_fields = ["inspector"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The inspected unit records its rectification; only the office edits the rest.
        if is_office_admin(request.user):
            return True
        return has_role(request.user, SUPERVISION_LIAISON) and (
            obj is None
            or obj.account.organisation_id
            == getattr(request.user, "organisation_id", None)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_office_admin(request.user):
            return self.readonly_fields
        return [
            "account",
            "inspected_on",
            "score",
            "vetoed",
            "findings",
            "rectification_deadline",
            "inspector",
        ]

    def save_model(
        self, request: HttpRequest, obj: Inspection, form: Any, change: bool
    ) -> None:
        if not change:
            obj.inspector = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


# Links typed without a scheme are read as https (Django 6's default).
URL_FIELDS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class RepostInline(admin.TabularInline):
    model = Repost
    formfield_overrides = URL_FIELDS
    extra = 0
    raw_id_fields = ["account"]


@admin.register(RepostRequirement)
class RepostRequirementAdmin(OfficeWritesMixin, admin.ModelAdmin):
    list_display = ["entry", "required_by", "created_at"]
    list_select_related = ["entry"]
    raw_id_fields = ["entry"]
    readonly_fields = ["created_by"]
    inlines = [RepostInline]

    def save_model(
        self, request: HttpRequest, obj: RepostRequirement, form: Any, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(Repost)
class RepostAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "account__organisation"
    list_display = ["requirement", "account", "reposted_on"]
    list_select_related = ["requirement__entry", "account"]
    raw_id_fields = ["requirement"]
    formfield_overrides = URL_FIELDS

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "account":
            # A unit records reposts of its own accounts only.
            kwargs["queryset"] = NewMediaAccount.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LinkFindingInline(admin.TabularInline):
    model = LinkFinding
    extra = 0
    can_delete = False
    fields = readonly_fields = _FINDING_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LinkCheckRun)
class LinkCheckRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "finished_at",
        "pages_checked",
        "links_checked",
        "external_checked",
    ]
    readonly_fields = [f.name for f in LinkCheckRun._meta.fields]
    inlines = [LinkFindingInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LinkFinding)
class LinkFindingAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "kind",
        "page_url",
        "link_url",
        "status_code",
        "organisation",
        "run",
    ]
    list_filter = ["kind", "organisation"]
    list_select_related = ["organisation", "run"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(OfficeWritesMixin, admin.ModelAdmin):
    list_display = ["title", "year", "kind", "is_public", "published_at"]
    list_filter = ["year", "kind", "is_public"]
    search_fields = ["title", "body"]
    filter_horizontal = ["organisations"]
    readonly_fields = ["published_at", "created_by"]
    actions = ["publish_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notice]:
        queryset = super().get_queryset(request)
        if is_office_admin(request.user):
            return queryset
        # A unit sees the published notices addressed to it.
        return queryset.filter(
            published_at__isnull=False,
            organisations=getattr(request.user, "organisation_id", None),
        )

    @admin.action(description="发布所选通报")
    def publish_selected(
        self, request: HttpRequest, queryset: QuerySet[Notice]
    ) -> None:
        for notice in queryset:
            try:
                publish_notice(notice, actor=request.user, now=timezone.now())
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{notice}：{error}", messages.WARNING)


@admin.register(PublicNotice)
class PublicNoticeAdmin(PublishableAdmin):
    """The public rendition of a notice, edited and published through 三审三校."""

    list_display = ("title", "kind", "organisation", "review_state")
    list_select_related = ("organisation",)
    search_fields = ("title",)
    raw_id_fields = ("notice",)
    fields = ("notice", "organisation", "kind", "title", "body", "publish_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafted when the office sends a notice marked 向社会公开
