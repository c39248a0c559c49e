"""在线访谈, 列席常务会议 and 公开承诺事项."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.publishing.models import Publishable
from portal.scoping import OrganisationScopedQuerySet


class Interview(Publishable):
    """An online interview: announced with its guests and topic, questions taken in
    advance, transcript published afterwards (a revision through 三审三校)."""

    title = models.CharField(_("访谈主题"), max_length=200)
    guests = models.CharField(_("访谈嘉宾"), max_length=300)
    scheduled_at = models.DateTimeField(_("访谈时间"))
    introduction = models.TextField(_("访谈简介"), blank=True)
    transcript = models.TextField(_("访谈实录"), blank=True)
    video_url = models.URLField(_("视频地址"), blank=True)

    publication_section = "interviews"

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")
        ordering = ["-scheduled_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:interview-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return f"{self.guests}\n{self.introduction}\n{self.transcript}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    ANSWERED = "answered", _("已答复")
    REJECTED = "rejected", _("不予公开")


class InterviewQuestion(models.Model):
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("在线访谈"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    name = models.CharField(_("署名"), max_length=50, blank=True)
    content = models.TextField(_("问题"), max_length=1000)
    submitted_at = models.DateTimeField(_("提问时间"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
        editable=False,
    )
    answer = models.TextField(_("嘉宾答复"), blank=True)

    if TYPE_CHECKING:
        interview_id: int

    class Meta:
        verbose_name = _("网民提问")
        verbose_name_plural = _("网民提问")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=QuestionStatus.values),
                name="interaction_question_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.content[:30]


class ExecutiveMeeting(Publishable):
    """A district executive meeting attended by stakeholders and public representatives;
    published after the meeting with each attendee's opinion and its adoption."""

    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    topics = models.TextField(_("议题"))
    summary = models.TextField(_("会议情况"), blank=True)

    publication_section = "meetings"

    class Meta:
        verbose_name = _("列席常务会议")
        verbose_name_plural = _("列席常务会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:meeting-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return f"{self.topics}\n{self.summary}"


class AttendeeKind(models.TextChoices):
    STAKEHOLDER = "stakeholder", _("利益相关方")
    PUBLIC = "public", _("公众代表")
    EXPERT = "expert", _("专家")
    MEDIA = "media", _("媒体代表")


class MeetingAdoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(
        ExecutiveMeeting,
        verbose_name=_("会议"),
        on_delete=models.CASCADE,
        related_name="attendees",
    )
    kind = models.CharField(_("身份"), max_length=20, choices=AttendeeKind.choices)
    name = models.CharField(_("姓名"), max_length=50)
    affiliation = models.CharField(_("单位或身份说明"), max_length=100, blank=True)
    opinion = models.TextField(_("意见建议"), blank=True)
    adoption = models.CharField(
        _("采纳情况"), max_length=20, choices=MeetingAdoption.choices, blank=True
    )
    adoption_note = models.TextField(_("采纳情况说明"), blank=True)

    class Meta:
        verbose_name = _("列席人员")
        verbose_name_plural = _("列席人员")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    DELAYED = "delayed", _("滞后")


class CommitmentQuerySet(OrganisationScopedQuerySet):
    def public(self) -> CommitmentQuerySet:
        return self.filter(is_published=True)


class Commitment(models.Model):
    """A key task of the year publicly committed (公开承诺事项), with its progress."""

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("承诺事项"), max_length=200)
    description = models.TextField(_("具体内容"), blank=True)
    deadline = models.DateField(_("完成时限"))
    is_published = models.BooleanField(_("已公开"), default=False)
    # Projection of the latest progress update (written by services only).
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.NOT_STARTED,
        editable=False,
    )
    percent = models.PositiveSmallIntegerField(
        _("完成进度（%）"), default=0, editable=False
    )

    objects = CommitmentQuerySet.as_manager()

    if TYPE_CHECKING:
        organisation_id: int

    class Meta:
        verbose_name = _("公开承诺事项")
        verbose_name_plural = _("公开承诺事项")
        ordering = ["year", "organisation", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="interaction_commitment_percent"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentProgress(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("承诺事项"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    reported_on = models.DateField(_("报告日期"))
    percent = models.PositiveSmallIntegerField(_("完成进度（%）"))
    text = models.TextField(_("进展情况"))

    class Meta:
        verbose_name = _("进展情况")
        verbose_name_plural = _("进展情况")
        ordering = ["reported_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="interaction_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reported_on} {self.percent}%"


class HotlineSource(models.TextChoices):
    HOTLINE = "12345", _("12345热线")
    WINDOW = "window", _("政务服务窗口")


class HotlineRecord(models.Model):
    """A question recorded by the 12345 hotline or a service window (imported CSV)."""

    source = models.CharField(_("来源"), max_length=20, choices=HotlineSource.choices)
    reference = models.CharField(_("工单号"), max_length=40)
    received_on = models.DateField(_("受理日期"))
    topic = models.CharField(_("问题分类"), max_length=50)
    question = models.TextField(_("诉求内容"), max_length=2000)
    unit_name = models.CharField(_("承办单位"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("12345热线与窗口诉求")
        verbose_name_plural = _("12345热线与窗口诉求")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"], name="interaction_hotline_unique_ref"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.topic}"
