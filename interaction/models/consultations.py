"""意见征集: consultations on draft decisions, comments and the feedback report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from interaction.consultation_rules import article_count, period_problems
from portal.publishing.models import Publishable


class Consultation(Publishable):
    """A draft decision put out for public comment (one record; its phase follows its
    dates and its feedback report)."""

    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    draft_text = models.TextField(
        _("征求意见稿"),
        help_text=_("每条以“第X条”开头另起一行，便于公众按条提出意见。"),
    )
    explanation = models.TextField(_("起草说明/解读"), blank=True)
    expert_opinion = models.TextField(_("专家论证意见"), blank=True)
    risk_assessment = models.TextField(_("风险评估"), blank=True)
    opens_on = models.DateField(_("征集开始日期"))
    closes_on = models.DateField(_("征集截止日期"))
    is_major_decision = models.BooleanField(_("重大行政决策"), default=False)
    short_period_reason = models.TextField(
        _("缩短征求意见期限的理由"),
        blank=True,
        help_text=_("重大行政决策征求意见少于30日时必填，并向社会公开。"),
    )
    contact = models.CharField(
        _("意见反馈联系方式（单位）"), max_length=200, blank=True
    )
    closed_at = models.DateTimeField(_("截止处理时间"), null=True, editable=False)

    publication_section = "consultations"

    if TYPE_CHECKING:
        pk: int

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="interaction_consultation_period_order",
            )
        ]
        indexes = [
            models.Index(
                fields=["review_state", "closes_on"], name="interaction_cons_closing"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return "\n".join(
            [
                self.draft_text,
                self.explanation,
                self.expert_opinion,
                self.risk_assessment,
            ]
        )

    def publication_summary(self) -> str:
        return self.summary or self.draft_text[:120]

    def extra_publish_conditions(self) -> list[str]:
        return period_problems(
            self.opens_on,
            self.closes_on,
            major=self.is_major_decision,
            short_period_reason=self.short_period_reason,
        )

    @property
    def articles(self) -> int:
        return article_count(self.draft_text)


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class RejectionReason(models.TextChoices):
    # Counted in public by reason (moderation is audited and counted).
    IRRELEVANT = "irrelevant", _("与征集内容无关或广告")
    ABUSIVE = "abusive", _("含侮辱、谩骂等内容")
    PERSONAL_DATA = "personal_data", _("含他人个人信息")
    UNLAWFUL = "unlawful", _("含违法违规内容")
    OTHER = "other", _("其他")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("意见征集"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    name = models.CharField(_("署名"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式（不公开）"), max_length=100, blank=True)
    article = models.PositiveSmallIntegerField(
        _("针对条款（第X条）"), null=True, blank=True
    )
    content = models.TextField(_("意见内容"), max_length=2000)
    submitted_at = models.DateTimeField(_("提交时间"))
    fingerprint = models.CharField(_("文本指纹"), max_length=64, editable=False)
    group: models.ForeignKey[Any, Any] = models.ForeignKey(
        "self",
        verbose_name=_("相同或相近意见归并至"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    status = models.CharField(
        _("审核状态"),
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        editable=False,
    )
    rejection_reason = models.CharField(
        _("未通过原因"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.CharField(_("未通过说明"), max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, editable=False)
    adoption = models.CharField(
        _("采纳情况"), max_length=20, choices=Adoption.choices, blank=True
    )
    adoption_reason = models.TextField(_("采纳情况说明"), blank=True)

    if TYPE_CHECKING:
        consultation_id: int
        group_id: int | None

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values),
                name="interaction_comment_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.REJECTED) | ~Q(rejection_reason=""),
                name="interaction_comment_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["consultation", "status"], name="interaction_comment_status"
            ),
            models.Index(
                fields=["consultation", "fingerprint"], name="interaction_comment_fp"
            ),
        ]

    def __str__(self) -> str:
        return self.content[:30]


class FeedbackReport(Publishable):
    """意见采纳情况: published after closing; figures frozen when the draft is made."""

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("意见征集"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("采纳情况说明"))
    figures: models.JSONField[Any] = models.JSONField(
        _("意见统计"), default=dict, editable=False
    )

    publication_section = "consultations"

    class Meta:
        verbose_name = _("意见采纳情况反馈")
        verbose_name_plural = _("意见采纳情况反馈")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return (
            reverse("interaction:consultation-detail", args=[self.consultation_id])
            + "#feedback"
        )

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return self.body

    if TYPE_CHECKING:
        consultation_id: int
