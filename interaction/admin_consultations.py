"""Staff side of consultations: review through 三审三校, moderation, adoption, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from interaction import selectors_consultations as selectors
from interaction.models import (
    Comment,
    CommentStatus,
    Consultation,
    FeedbackReport,
    RejectionReason,
)
from interaction.services import consultations as services
from portal.publishing.admin import PublishableAdmin
from portal.scoping import OrganisationScopedAdminMixin


class OverdueFeedbackFilter(admin.SimpleListFilter):
    title = "意见采纳情况反馈"
    parameter_name = "feedback"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("overdue", "已截止未反馈（逾期）")]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "overdue":
            overdue = selectors.consultations_overdue_feedback(timezone.localdate())
            return queryset.filter(pk__in=overdue.values("pk"))
        return queryset


@admin.register(Consultation)
class ConsultationAdmin(PublishableAdmin):
    list_display = ("title", "organisation", "opens_on", "closes_on", "review_state")
    list_filter = ("review_state", OverdueFeedbackFilter)
    list_select_related = ("organisation",)
    search_fields = ("title",)
    actions = ["submit_selected", "prepare_feedback"]
    fields = (
        "organisation",
        "title",
        "summary",
        "draft_text",
        "explanation",
        "expert_opinion",
        "risk_assessment",
        "opens_on",
        "closes_on",
        "is_major_decision",
        "short_period_reason",
        "contact",
        "publish_at",
    )

    @admin.action(description="生成意见采纳情况反馈稿（征集截止后）")
    def prepare_feedback(self, request: HttpRequest, queryset: Any) -> None:
        for consultation in queryset:
            try:
                report = services.prepare_feedback_report(
                    consultation,
                    actor=request.user,
                    body="（请在此说明意见采纳情况，未采纳意见须说明理由。）",
                    now=timezone.now(),
                )
            except services.ConsultationError as exc:
                self.message_user(request, f"{consultation}：{exc}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"已生成反馈稿：{report}，请完善后提交审核。",
                    messages.SUCCESS,
                )


@admin.register(FeedbackReport)
class FeedbackReportAdmin(PublishableAdmin):
    list_display = ("title", "organisation", "review_state")
    list_select_related = ("organisation",)
    fields = ("consultation", "organisation", "title", "body", "publish_at")
    raw_id_fields = ("consultation",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "consultation__organisation"
    list_display = ("__str__", "consultation", "article", "status", "group", "adoption")
    list_filter = ("status", "rejection_reason", "adoption")
    list_select_related = ("consultation", "group")
    readonly_fields = (
        "consultation",
        "name",
        "article",
        "content",
        "submitted_at",
        "status",
        "group",
        "moderated_by",
        "moderated_at",
        "rejection_reason",
        "rejection_note",
    )
    fields = (*readonly_fields, "adoption", "adoption_reason")
    actions: Any = ["approve_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        try:
            services.record_adoption(
                obj,
                actor=request.user,
                adoption=form.cleaned_data["adoption"],
                reason=form.cleaned_data["adoption_reason"],
            )
        except services.ConsultationError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def _moderate(self, request: HttpRequest, queryset: Any, reason: str = "") -> None:
        done = 0
        for comment in queryset.filter(status=CommentStatus.PENDING):
            try:
                if reason:
                    services.reject_comment(
                        comment, actor=request.user, reason=reason, now=timezone.now()
                    )
                else:
                    services.approve_comment(
                        comment, actor=request.user, now=timezone.now()
                    )
            except services.ConsultationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            done += 1
        self.message_user(request, f"已审核 {done} 条意见。", messages.SUCCESS)

    @admin.action(description="审核通过（公开）")
    def approve_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._moderate(request, queryset)

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        for value, label in RejectionReason.choices:

            def reject(
                modeladmin: Any, req: HttpRequest, qs: Any, value: str = value
            ) -> None:
                modeladmin._moderate(req, qs, value)

            name = f"reject_{value}"
            actions[name] = (reject, name, f"不予公开：{label}")  # type: ignore[assignment]
        return actions
