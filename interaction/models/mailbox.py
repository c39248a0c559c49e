"""区长信箱: letters, their event history and their published renditions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interaction.workflow import LetterEventKind, LetterStatus, Rating
from portal.publishing.models import Publishable
from portal.scoping import OrganisationScopedQuerySet


class LetterCategory(models.TextChoices):
    # The API values are a public contract (issue 11, item 8): keep them stable.
    CONSULTATION = "consultation", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")
    HELP = "help", _("求助")
    OTHER = "other", _("其他")


class SerialCounter(models.Model):
    """The last sequence number handed out per serial prefix and year."""

    prefix = models.CharField(_("前缀"), max_length=4)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("编号计数器")
        verbose_name_plural = _("编号计数器")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="interaction_serial_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}{self.year}:{self.last}"


class LetterQuerySet(OrganisationScopedQuerySet):
    def open(self) -> LetterQuerySet:
        return self.filter(
            status__in=[
                LetterStatus.SUBMITTED,
                LetterStatus.ASSIGNED,
                LetterStatus.REOPENED,
            ]
        )


class Letter(models.Model):
    """A letter to the mayor's mailbox. Status, unit and due date are projections."""

    serial_number = models.CharField(
        _("信件编号"), max_length=20, unique=True, editable=False
    )
    query_code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    category = models.CharField(
        _("类别"), max_length=20, choices=LetterCategory.choices
    )
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), max_length=5000)
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    allow_public = models.BooleanField(_("同意公开"), default=False)
    submitted_at = models.DateTimeField(_("来信时间"), default=timezone.now)
    # --- projections of the event history (written only by interaction.services) ---
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=LetterStatus.choices,
        default=LetterStatus.SUBMITTED,
        editable=False,
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    due_date = models.DateField(_("答复期限"), null=True, editable=False)
    reopens = models.PositiveSmallIntegerField(
        _("重新办理次数"), default=0, editable=False
    )
    first_replied_at = models.DateTimeField(
        _("首次答复时间"), null=True, editable=False
    )
    replied_at = models.DateTimeField(_("最近答复时间"), null=True, editable=False)
    reply = models.TextField(_("答复内容"), blank=True, editable=False)
    rating = models.CharField(
        _("评价"), max_length=20, choices=Rating.choices, blank=True, editable=False
    )

    objects = LetterQuerySet.as_manager()

    if TYPE_CHECKING:
        organisation_id: int | None

    class Meta:
        verbose_name = _("区长信箱来信")
        verbose_name_plural = _("区长信箱来信")
        ordering = ["-submitted_at", "-id"]
        permissions = [("handle_letter", _("办理区长信箱来信"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=LetterStatus.values),
                name="interaction_letter_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=LetterCategory.values),
                name="interaction_letter_category_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="interaction_letter_due"),
            models.Index(fields=["submitted_at"], name="interaction_letter_received"),
        ]

    def __str__(self) -> str:
        return f"{self.serial_number} {self.subject}"


class LetterEvent(models.Model):
    """One step of a letter's history: who did what, when and why."""

    letter = models.ForeignKey(
        Letter, verbose_name=_("来信"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("环节"), max_length=20, choices=LetterEventKind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("内容或理由"), blank=True)
    payload: models.JSONField[Any] = models.JSONField(_("附加信息"), default=dict)

    class Meta:
        verbose_name = _("来信办理记录")
        verbose_name_plural = _("来信办理记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=LetterEventKind.values),
                name="interaction_letter_event_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class PublishedLetter(Publishable):
    """The public rendition of a letter and its reply, personal data removed.

    Created as a draft only for letters whose writer agreed to publication; staff edit
    the redacted text and it goes through 三审三校 like every published record.
    """

    letter = models.OneToOneField(
        Letter,
        verbose_name=_("来信"),
        on_delete=models.PROTECT,
        related_name="publication",
    )
    category = models.CharField(
        _("类别"), max_length=20, choices=LetterCategory.choices
    )
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("来信内容（已去除个人信息）"))
    reply = models.TextField(_("答复内容（已去除个人信息）"))
    received_on = models.DateField(_("来信日期"))
    replied_on = models.DateField(_("答复日期"))

    publication_section = "mailbox"

    class Meta:
        verbose_name = _("公开信件")
        verbose_name_plural = _("公开信件")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["review_state", "-published_at"],
                name="interaction_publetter_public",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("interaction:reply-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.subject

    def publication_text(self) -> str:
        return f"{self.content}\n{self.reply}"

    def publication_summary(self) -> str:
        return self.reply[:120]
