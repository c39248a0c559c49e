"""Admin of on-request disclosure: scoped by unit, personal data masked, state read-only.

Workflow steps are admin actions (no-argument steps) or the staff workbench forms
(steps with details); both call the transition services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from portal.pagination import CappedCountPaginator
from portal.pii import mask_address, mask_email, mask_phone
from portal.roles import is_office_admin
from portal.scoping import OrganisationScopedAdminMixin
from requests_app import services
from requests_app.choices import ProceedingResult
from requests_app.models import (
    Application,
    ApplicationEvent,
    Attachment,
    PersonalDataAccess,
    ReplyTemplate,
    ReviewOutcome,
    TypicalCase,
)
from requests_app.selectors import clean_query
from requests_app.workflow import InvalidTransition


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "on", "actor", "reason", "status_after")
    readonly_fields = ("at", "kind", "on", "actor", "reason", "status_after")
    ordering = ["at", "id"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewOutcomeInline(admin.TabularInline):
    model = ReviewOutcome
    extra = 0
    fields = ("proceeding", "result", "filed_on", "decided_on", "note")
    readonly_fields = ("proceeding", "result", "filed_on", "decided_on", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _run_step(
    request: HttpRequest, queryset: QuerySet[Application], step: Any, label: str
) -> None:
    done = 0
    for application in queryset:
        try:
            step(application, actor=request.user, now=timezone.now())
        except InvalidTransition as exc:
            messages.error(request, f"{application.serial_number}：{exc.message}")
        else:
            done += 1
    if done:
        messages.success(request, f"{label}：已完成 {done} 件。")


@admin.register(Application)
class ApplicationAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "serial_number",
        "organisation",
        "applicant_masked",
        "id_number_masked",
        "status",
        "received_on",
        "due_date",
        "handler",
        "workbench_link",
    ]
    list_filter = ["status", "channel", "applicant_type", "topic"]
    search_fields = ["=serial_number"]
    list_select_related = ["organisation", "handler"]
    list_per_page = 50
    show_full_result_count = False
    # Staff page through at most 40 pages of 50 and use the filters beyond that.
    paginator = CappedCountPaginator
    ordering = ["-id"]
    actions = ["confirm_receipt", "start_review", "accept", "archive"]
    fieldsets = [
        (
            "办理",
            {
                "fields": [
                    "serial_number",
                    "organisation",
                    "handler",
                    "channel",
                    "status",
                    "submitted_at",
                    "received_on",
                    "due_date",
                    "clock_paused_since",
                    "extension_days",
                    "applicant_due",
                    "fee_amount",
                ]
            },
        ),
        (
            "申请人（个人信息已脱敏）",
            {
                "fields": [
                    "applicant_type",
                    "legal_person_kind",
                    "applicant_masked",
                    "id_type",
                    "id_number_masked",
                    "credit_code",
                    "phone_display",
                    "email_display",
                    "address_display",
                ]
            },
        ),
        (
            "所需信息",
            {
                "fields": [
                    "description",
                    "document_hint",
                    "delivery_method",
                    "form",
                    "topic",
                    "area",
                ]
            },
        ),
    ]
    readonly_fields = [
        "serial_number",
        "organisation",
        # Reassigning goes through the workbench (an event row records it).
        "handler",
        "channel",
        "status",
        "submitted_at",
        "received_on",
        "due_date",
        "clock_paused_since",
        "extension_days",
        "applicant_due",
        "fee_amount",
        "applicant_type",
        "legal_person_kind",
        "applicant_masked",
        "id_type",
        "id_number_masked",
        "credit_code",
        "phone_display",
        "email_display",
        "address_display",
        "description",
        "document_hint",
        "delivery_method",
        "form",
    ]
    inlines = [ApplicationEventInline, ReviewOutcomeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Filing goes through the service (staff use the public form's channel field
        # via the workbench); a bare admin row would have no events.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _sees_whole(self, request: HttpRequest, obj: Application) -> bool:
        return services.can_see_personal_data(request.user, obj)  # type: ignore[arg-type]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Application], search_term: str
    ) -> tuple[QuerySet[Application], bool]:
        # An exact, index-backed look-up of the serial number (the default "="
        # search wraps both sides in UPPER() and scans the table).
        term = clean_query(search_term, 24).upper()
        if not term:
            return queryset, False
        return queryset.filter(serial_number=term), False

    @admin.display(description="申请人")
    def applicant_masked(self, obj: Application) -> str:
        return obj.name_masked

    @admin.display(description="联系电话")
    def phone_display(self, obj: Application) -> str:
        return mask_phone(obj.phone)

    @admin.display(description="电子邮箱")
    def email_display(self, obj: Application) -> str:
        return mask_email(obj.email)

    @admin.display(description="通信地址")
    def address_display(self, obj: Application) -> str:
        return mask_address(obj.address)

    @admin.display(description="办理")
    def workbench_link(self, obj: Application) -> str:
        return format_html(
            '<a href="{}">办理</a>', reverse("requests:staff-detail", args=[obj.pk])
        )

    @admin.action(description="确认收到所选申请", permissions=["change"])
    def confirm_receipt(
        self, request: HttpRequest, queryset: QuerySet[Application]
    ) -> None:
        _run_step(request, queryset, services.confirm_receipt, "确认收到")

    @admin.action(description="开始审查", permissions=["change"])
    def start_review(
        self, request: HttpRequest, queryset: QuerySet[Application]
    ) -> None:
        _run_step(request, queryset, services.start_review, "开始审查")

    @admin.action(description="受理办理", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        _run_step(request, queryset, services.accept_application, "受理办理")

    @admin.action(description="归档", permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet[Application]) -> None:
        _run_step(request, queryset, services.archive_application, "归档")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "reply_type", "reason", "organisation", "is_active"]
    list_filter = ["reply_type", "is_active"]
    search_fields = ["title", "body"]
    list_select_related = ["organisation"]
    fieldsets = [
        (None, {"fields": ["title", "reply_type", "reason", "legal_basis", "body"]}),
        ("适用范围", {"fields": ["organisation", "is_active"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)


@admin.register(TypicalCase)
class TypicalCaseAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "organisation",
        "reply_type",
        "topic",
        "is_public",
        "published_at",
    ]
    list_filter = ["reply_type", "topic", "is_public"]
    search_fields = ["title", "request_summary", "handling"]
    list_select_related = ["organisation"]
    raw_id_fields = ["application"]
    readonly_fields = [
        "application",
        "reply_type",
        "reason",
        "created_by",
        "published_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "organisation", "topic", "is_public"]}),
        ("内容", {"fields": ["request_summary", "handling", "commentary"]}),
        (
            "来源",
            {
                "fields": [
                    "application",
                    "reply_type",
                    "reason",
                    "created_by",
                    "published_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Cases are made from answered applications on the workbench (personal data
        # scrubbed by the service).
        return False

    def save_model(
        self, request: HttpRequest, obj: TypicalCase, form: Any, change: bool
    ) -> None:
        if not is_office_admin(request.user):
            obj.organisation_id = request.user.organisation_id  # type: ignore[union-attr,assignment]
        services.save_case(obj)

    def delete_model(self, request: HttpRequest, obj: TypicalCase) -> None:
        obj.is_public = False
        services.sync_case_index(obj)
        super().delete_model(request, obj)


class ReviewOutcomeForm(forms.ModelForm):
    class Meta:
        model = ReviewOutcome
        fields = ["result", "decided_on", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        result, decided_on = cleaned.get("result"), cleaned.get("decided_on")
        if result and result != ProceedingResult.PENDING and decided_on is None:
            self.add_error("decided_on", "已审结的，请填写审结日期。")
        if (
            decided_on
            and self.instance.filed_on
            and decided_on < self.instance.filed_on
        ):
            self.add_error("decided_on", "审结日期不能早于提起日期。")
        return cleaned


@admin.register(ReviewOutcome)
class ReviewOutcomeAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    form = ReviewOutcomeForm
    organisation_lookup = "application__organisation"
    list_display = ["application", "proceeding", "result", "filed_on", "decided_on"]
    list_filter = ["proceeding", "result"]
    list_select_related = ["application"]
    raw_id_fields = ["application"]
    readonly_fields = ["application", "proceeding", "filed_on", "recorded_by"]
    fields = [
        "application",
        "proceeding",
        "result",
        "filed_on",
        "decided_on",
        "note",
        "recorded_by",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Attachment)
class AttachmentAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "application__organisation"
    list_display = [
        "original_name",
        "application",
        "check_status",
        "size",
        "uploaded_at",
    ]
    list_filter = ["check_status"]
    list_select_related = ["application"]
    readonly_fields = [
        "application",
        "typical_case",
        "file",
        "original_name",
        "size",
        "check_status",
        "findings",
        "reviewed_by",
        "reviewed_at",
    ]
    actions = ["approve"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="已人工复核，放行所选附件", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Attachment]) -> None:
        for attachment in queryset:
            try:
                services.approve_attachment(
                    attachment,
                    actor=request.user,  # type: ignore[arg-type]
                    now=timezone.now(),
                )
            except InvalidTransition as exc:
                messages.error(request, f"{attachment.original_name}：{exc.message}")


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["application", "user", "field", "at"]
    list_select_related = ["application", "user"]
    readonly_fields = ["application", "user", "field", "at"]

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
