"""Staff side of interaction: thin callers of ``interaction.services``."""

from __future__ import annotations

import csv
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from interaction import (
    admin_consultations,  # noqa: F401 - registers its admins
    selectors,
)
from interaction.forms import AssignForm, CheckInForm, ReplyForm, TransferForm
from interaction.models import (
    Letter,
    LetterEvent,
    OpenMonthEvent,
    PublishedLetter,
    Registration,
)
from interaction.services import events as event_services
from interaction.services import mailbox
from interaction.workflow import InvalidTransition
from portal import roles
from portal.pii import mask_phone
from portal.publishing.admin import PublishableAdmin
from portal.scoping import OrganisationScopedAdminMixin


def may_see_contact(user: Any, letter: Letter) -> bool:
    """The handler of the letter (its unit's 互动办理人) and the office see contacts."""
    if roles.is_office_admin(user):
        return True
    return (
        roles.has_role(user, roles.INTERACTION_HANDLER)
        and letter.organisation_id is not None
        and user.organisation_id == letter.organisation_id
    )


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "unit", "text")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


STEPS: dict[str, tuple[str, type[Any]]] = {
    "assign": ("分办", AssignForm),
    "transfer": ("转办", TransferForm),
    "reply": ("答复", ReplyForm),
}


@admin.register(Letter)
class LetterAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "serial_number",
        "subject",
        "category",
        "status",
        "organisation",
        "due_date",
        "masked_phone",
    )
    list_filter = ("status", "category")
    search_fields = ("serial_number", "subject")
    list_select_related = ("organisation",)
    inlines = [LetterEventInline]
    change_form_template = "admin/interaction/letter_change_form.html"
    base_fields: ClassVar[list[str]] = [
        "serial_number",
        "category",
        "subject",
        "content",
        "allow_public",
        "submitted_at",
        "status",
        "organisation",
        "due_date",
        "reopens",
        "reply",
        "rating",
    ]

    def get_queryset(self, request: HttpRequest) -> Any:
        # Unassigned letters (no unit yet) are seen by the office only.
        return super().get_queryset(request)

    @admin.display(description="联系电话")
    def masked_phone(self, obj: Letter) -> str:
        return mask_phone(obj.phone)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and may_see_contact(request.user, obj):
            return [*self.base_fields, "name", "phone", "email"]
        return [*self.base_fields, "masked_phone"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:object_id>/step/<str:step>/",
                self.admin_site.admin_view(self.step_view),
                name="interaction_letter_step",
            ),
            path(
                "<int:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="interaction_letter_publish",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra = dict(extra_context or {})
        extra["steps"] = [
            (label, reverse("admin:interaction_letter_step", args=[object_id, step]))
            for step, (label, _form) in STEPS.items()
        ]
        extra["publish_url"] = reverse(
            "admin:interaction_letter_publish", args=[object_id]
        )
        return super().change_view(request, object_id, form_url, extra)

    def _letter(self, request: HttpRequest, object_id: int) -> Letter:
        letter = self.get_queryset(request).filter(pk=object_id).first()
        if letter is None:
            raise PermissionDenied
        return letter

    def step_view(self, request: HttpRequest, object_id: int, step: str) -> Any:
        if step not in STEPS or not request.user.has_perm("interaction.handle_letter"):
            raise PermissionDenied
        letter = self._letter(request, object_id)
        label, form_class = STEPS[step]
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            now = timezone.now()
            try:
                if step == "assign":
                    mailbox.assign_letter(
                        letter, actor=request.user, unit=data["unit"], now=now
                    )
                elif step == "transfer":
                    mailbox.transfer_letter(
                        letter,
                        actor=request.user,
                        unit=data["unit"],
                        reason=data["reason"],
                        now=now,
                    )
                else:
                    mailbox.reply_to_letter(
                        letter, actor=request.user, text=data["text"], now=now
                    )
            except (mailbox.MailboxError, InvalidTransition) as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, f"已{label}：{letter}", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:interaction_letter_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": letter,
            "title": f"{label}：{letter}",
            "form": form,
            "history": selectors.letter_history(letter),
        }
        return TemplateResponse(request, "admin/interaction/letter_step.html", context)

    def publish_view(self, request: HttpRequest, object_id: int) -> Any:
        if request.method != "POST" or not request.user.has_perm(
            "interaction.handle_letter"
        ):
            raise PermissionDenied
        letter = self._letter(request, object_id)
        try:
            draft = mailbox.prepare_publication(letter, actor=request.user)
        except (mailbox.MailboxError, InvalidTransition) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:interaction_letter_change", args=[object_id])
            )
        self.message_user(
            request,
            "已生成公开稿（已去除个人信息），请核对后提交审核。",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse("admin:interaction_publishedletter_change", args=[draft.pk])
        )


@admin.register(PublishedLetter)
class PublishedLetterAdmin(PublishableAdmin):
    list_display = ("subject", "category", "organisation", "review_state")
    list_select_related = ("organisation",)
    search_fields = ("subject",)
    raw_id_fields = ("letter",)
    fields = (
        "letter",
        "organisation",
        "category",
        "subject",
        "content",
        "reply",
        "received_on",
        "replied_on",
        "publish_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafts come from a replied letter (“生成公开稿”)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = (
        "name",
        "masked_phone",
        "id_number_masked",
        "status",
        "created_at",
        "checked_in_at",
    )
    readonly_fields = fields

    @admin.display(description="联系电话")
    def masked_phone(self, obj: Registration) -> str:
        return mask_phone(obj.phone)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OpenMonthEvent)
class OpenMonthEventAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "organisation",
        "starts_at",
        "capacity",
        "confirmed_count",
        "is_published",
    )
    list_filter = ("is_published",)
    list_select_related = ("organisation",)
    search_fields = ("title",)
    readonly_fields = ("confirmed_count",)
    inlines = [RegistrationInline]
    actions = ["export_attendees"]
    change_form_template = "admin/interaction/event_change_form.html"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:object_id>/check-in/",
                self.admin_site.admin_view(self.check_in_view),
                name="interaction_openmonthevent_checkin",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra = dict(extra_context or {})
        extra["checkin_url"] = reverse(
            "admin:interaction_openmonthevent_checkin", args=[object_id]
        )
        return super().change_view(request, object_id, form_url, extra)

    def check_in_view(self, request: HttpRequest, object_id: int) -> Any:
        event = self.get_queryset(request).filter(pk=object_id).first()
        if event is None:
            raise PermissionDenied
        form = CheckInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                registration = event_services.check_in(
                    event,
                    form.cleaned_data["checkin_code"],
                    actor=request.user,
                    now=timezone.now(),
                )
            except event_services.RegistrationError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request, f"签到成功：{registration.name}", messages.SUCCESS
                )
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": event,
            "title": f"签到核验：{event}",
            "form": form,
            "history": [],
        }
        return TemplateResponse(request, "admin/interaction/letter_step.html", context)

    @admin.action(description="导出报名成功名单（CSV，电话和证件号已脱敏）")
    def export_attendees(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="attendees.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM
        writer = csv.writer(response)
        writer.writerow(
            ["活动", "姓名", "联系电话", "证件号码", "报名时间", "签到时间"]
        )
        for event in queryset:
            for registration in selectors.attendees(event):
                writer.writerow(
                    [
                        event.title,
                        registration.name,
                        mask_phone(registration.phone),
                        registration.id_number_masked,
                        timezone.localtime(registration.created_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        (
                            timezone.localtime(registration.checked_in_at).strftime(
                                "%Y-%m-%d %H:%M"
                            )
                            if registration.checked_in_at
                            else ""
                        ),
                    ]
                )
        return response
