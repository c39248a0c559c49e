"""Staff side of interviews, meetings, commitments and hotline records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from interaction.models import (
    Commitment,
    CommitmentProgress,
    ExecutiveMeeting,
    HotlineRecord,
    Interview,
    InterviewQuestion,
    MeetingAttendee,
    QuestionStatus,
)
from interaction.services import programme as services
from portal.publishing.admin import PublishableAdmin
from portal.scoping import OrganisationScopedAdminMixin


@admin.register(Interview)
class InterviewAdmin(PublishableAdmin):
    list_display = ("title", "scheduled_at", "organisation", "review_state")
    list_select_related = ("organisation",)
    search_fields = ("title",)
    fields = (
        "organisation",
        "title",
        "guests",
        "scheduled_at",
        "introduction",
        "transcript",
        "video_url",
        "publish_at",
    )


@admin.register(InterviewQuestion)
class InterviewQuestionAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "interview__organisation"
    list_display = ("__str__", "interview", "status", "submitted_at")
    list_filter = ("status",)
    list_select_related = ("interview",)
    readonly_fields = ("interview", "name", "content", "submitted_at", "status")
    fields = (*readonly_fields, "answer")
    actions = ["reject_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        try:
            services.answer_question(
                obj, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except services.ProgrammeError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    @admin.action(description="不予公开")
    def reject_selected(self, request: HttpRequest, queryset: Any) -> None:
        for question in queryset.filter(status=QuestionStatus.PENDING):
            try:
                services.reject_question(question, actor=request.user)
            except services.ProgrammeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return


class MeetingAttendeeInline(admin.TabularInline):
    model = MeetingAttendee
    extra = 1


@admin.register(ExecutiveMeeting)
class ExecutiveMeetingAdmin(PublishableAdmin):
    list_display = ("title", "held_on", "review_state")
    list_select_related = ("organisation",)
    fields = ("organisation", "title", "held_on", "topics", "summary", "publish_at")

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        inlines = super().get_inline_instances(request, obj)
        if obj is None or obj.review_state == "draft":
            # Attendees and their opinions are reviewed content: edited only as a draft.
            inlines.insert(0, MeetingAttendeeInline(self.model, self.admin_site))
        return inlines


class CommitmentProgressInline(admin.TabularInline):
    model = CommitmentProgress
    extra = 0
    can_delete = False
    readonly_fields = ("reported_on", "percent", "text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Commitment)
class CommitmentAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "organisation", "year", "deadline", "status", "percent")
    list_filter = ("year", "status", "is_published")
    list_select_related = ("organisation",)
    search_fields = ("title",)
    inlines = [CommitmentProgressInline]


@admin.register(CommitmentProgress)
class CommitmentProgressAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Progress is added here (one report at a time) and never edited afterwards."""

    organisation_lookup = "commitment__organisation"
    list_display = ("commitment", "reported_on", "percent")
    list_select_related = ("commitment",)
    raw_id_fields = ("commitment",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        services.report_progress(
            obj.commitment,
            actor=request.user,
            percent=obj.percent,
            text=obj.text,
            reported_on=obj.reported_on,
        )


@admin.register(HotlineRecord)
class HotlineRecordAdmin(admin.ModelAdmin):
    list_display = ("reference", "source", "received_on", "topic", "unit_name")
    list_filter = ("source",)
    search_fields = ("reference", "topic")
    readonly_fields = (
        "source",
        "reference",
        "received_on",
        "topic",
        "question",
        "unit_name",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
