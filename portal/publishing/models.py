"""Models of the publishing mechanism.

A domain model opts in by subclassing the abstract :class:`Publishable`; the review
events, proofreading findings and published versions of every such model live in the
generic tables below, so ``portal`` never imports a domain app.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.publishing.exceptions import ContentLocked
from portal.publishing.workflow import Action, ReviewState
from portal.scoping import OrganisationScopedQuerySet

__all__ = ["Action", "ContentLocked", "ReviewState"]


class ProofFacts(TypedDict, total=False):
    """Facts a record declares about itself, checked against its text by proofreading."""

    doc_number: str
    date: datetime.date


class PublishableQuerySet(OrganisationScopedQuerySet):
    def public(self, now: datetime.datetime | None = None) -> PublishableQuerySet:
        """Rows the public may see in lists, search, feeds, sitemap, API and exports.

        The one visibility rule: published, not withdrawn, and not scheduled for later.
        """
        return self.filter(
            review_state=ReviewState.PUBLISHED,
            published_at__lte=now or timezone.now(),
        )

    def public_pages(self, now: datetime.datetime | None = None) -> PublishableQuerySet:
        """Rows whose own page may be opened: public ones plus withdrawn ones.

        A withdrawn record keeps its page, showing the withdrawal notice and reason, but
        it appears in no list, search result, feed, sitemap or export.
        """
        now = now or timezone.now()
        return self.filter(
            Q(review_state=ReviewState.PUBLISHED, published_at__lte=now)
            | Q(review_state=ReviewState.WITHDRAWN, first_published_at__isnull=False)
        )


class Publishable(models.Model):
    """Abstract base of every record published through 三审三校.

    Subclasses set ``publication_section`` (a section registered with
    ``portal.registry.register_section``) and may override the hooks below.
    ``review_state`` and the publication dates are written only by
    ``portal.publishing.services``.
    """

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰稿人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_state = models.CharField(
        _("审核状态"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        editable=False,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("定时发布时间"),
        null=True,
        blank=True,
        help_text=_("留空则终审通过后立即发布。"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, editable=False)
    first_published_at = models.DateTimeField(
        _("首次发布时间"), null=True, editable=False
    )
    withdrawn_at = models.DateTimeField(_("撤稿时间"), null=True, editable=False)
    withdrawal_reason = models.TextField(_("撤稿说明"), blank=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    publication_section: ClassVar[str] = ""
    # Columns the workflow (and, in subclasses, other recorded mechanisms such as a
    # document's validity status) write outside 草稿; every other column is reviewed
    # content and changes only in a draft.
    unreviewed_fields: ClassVar[frozenset[str]] = frozenset(
        {
            "review_state",
            "publish_at",
            "published_at",
            "first_published_at",
            "withdrawn_at",
            "withdrawal_reason",
            "version",
            "author",
            "updated_at",
        }
    )

    if TYPE_CHECKING:
        organisation_id: int
        author_id: int | None

        def get_review_state_display(self) -> str: ...

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant, not a business rule: whichever path writes (admin, import,
        # API, shell), reviewed content of a record outside 草稿 does not change.
        update_fields = kwargs.get("update_fields")
        touches_content = update_fields is None or bool(
            set(update_fields) - self.unreviewed_fields
        )
        if self.pk is not None and not self._state.adding and touches_content:
            ensure_draft(type(self), self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    # --- hooks ---------------------------------------------------------------------
    def publication_title(self) -> str:
        return str(self)

    def publication_text(self) -> str:
        """Plain text of the body: proofread at each review step and indexed for search."""
        return ""

    def publication_summary(self) -> str:
        return ""

    def proofreading_facts(self) -> ProofFacts:
        return {}

    def submission_problems(self) -> list[str]:
        """Return reasons (Chinese) that forbid submitting this draft; empty when none."""
        return []

    def extra_publish_conditions(self) -> list[str]:
        """Return reasons (Chinese) that forbid passing 终审 now; empty when none."""
        return []

    def publish_companions(self) -> Iterable[Publishable]:
        """Records published in the same transaction as this one (e.g. interpretations).

        A companion is published with this record when it waits in 待发布 (it passed
        its own 终审 while ``publication_held()`` was true).
        """
        return ()

    def visibility_dependents(self) -> Iterable[Publishable]:
        """Published records that are public only while this one is (e.g. the
        interpretations of a policy): they leave the index when this record is withdrawn
        or revised, and return to it when this record is published again."""
        return ()

    def publication_held(self) -> bool:
        """Return True while this record, once approved, must wait for another one.

        An interpretation returns True until its policy is published: passing 终审 then
        parks it in 待发布 with no time, and its policy's publication releases it.
        """
        return False

    @property
    def is_public(self) -> bool:
        return (
            self.review_state == ReviewState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_withdrawn(self) -> bool:
        return self.review_state == ReviewState.WITHDRAWN


def ensure_draft(model: type[models.Model], pk: Any) -> None:
    """Raise :class:`ContentLocked` unless the stored record ``pk`` is a draft."""
    state = (
        model._default_manager.filter(pk=pk)
        .values_list("review_state", flat=True)
        .first()
    )
    if state is not None and state != ReviewState.DRAFT:
        raise ContentLocked(
            f"“{ReviewState(state).label}”的内容不能修改：发布前的内容须在草稿中修改，"
            "已发布的内容须先撤稿或“开始修订”，修改后重新提交审核。"
        )


class ReviewedPart(models.Model):
    """A row that is part of a publishable record's reviewed content (an attachment,
    an issuing organ): written or deleted only while that record is a draft.

    Subclasses name the foreign key to the record in ``reviewed_record_field``. Bulk
    writes (``bulk_create``, queryset ``update``/``delete``) bypass this guard; the
    services that use them check :func:`ensure_draft` themselves.
    """

    reviewed_record_field: ClassVar[str] = ""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_record()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._check_record()
        return super().delete(*args, **kwargs)

    def _check_record(self) -> None:
        field = self._meta.get_field(self.reviewed_record_field)
        record_id = getattr(self, field.attname)  # type: ignore[union-attr]
        if record_id is not None:
            ensure_draft(field.related_model, record_id)  # type: ignore[arg-type]


class GenericRecordMixin(models.Model):
    """Points at one record of any ``Publishable`` model."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=64, db_index=True)
    content_object = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class ReviewEvent(GenericRecordMixin):
    """One step of a record's review history: who did what, when and why."""

    Action = Action

    version = models.PositiveIntegerField(_("版本"))
    round = models.PositiveIntegerField(
        _("审核轮次"),
        default=0,
        help_text=_("每次提交审核开启新的一轮；退回结束本轮。"),
    )
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    from_state = models.CharField(
        _("原状态"), max_length=20, choices=ReviewState.choices
    )
    to_state = models.CharField(_("新状态"), max_length=20, choices=ReviewState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    opinion = models.TextField(_("意见"), blank=True)
    proofreading: models.JSONField[Any] = models.JSONField(
        _("校对结果"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
        )


class ProofRule(models.Model):
    """A proofreading rule staff maintain: a pattern and what to do about it."""

    class Category(models.TextChoices):
        WRONG_WORD = "wrong_word", _("错别字/易错词")
        OUTDATED = "outdated", _("过时或不规范表述")
        FORBIDDEN = "forbidden", _("禁用词")
        CAUTION = "caution", _("慎用词")
        SET_PHRASE = "set_phrase", _("固定表述错误")
        UNIT_NAME = "unit_name", _("机构名称错误")

    class Severity(models.IntegerChoices):
        INFO = 1, _("提示")
        WARNING = 2, _("警告")
        BLOCKER = 3, _("严重（阻止终审）")

    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    pattern = models.CharField(_("匹配内容"), max_length=200)
    is_regex = models.BooleanField(_("正则表达式"), default=False)
    suggestion = models.CharField(_("建议改为"), max_length=200, blank=True)
    severity = models.PositiveSmallIntegerField(
        _("严重程度"), choices=Severity.choices, default=Severity.WARNING
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("校对规则")
        verbose_name_plural = _("校对规则")
        ordering = ["category", "pattern"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "pattern"], name="proof_rule_unique_pattern"
            )
        ]

    def __str__(self) -> str:
        return self.pattern


class ProofFinding(GenericRecordMixin):
    """A proofreading finding on one version of a record, with its exact position."""

    class Field(models.TextChoices):
        TITLE = "title", _("标题")
        BODY = "body", _("正文")

    version = models.PositiveIntegerField(_("版本"))
    field = models.CharField(_("位置"), max_length=10, choices=Field.choices)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    matched = models.CharField(_("原文"), max_length=200)
    context = models.CharField(_("上下文"), max_length=300, blank=True)
    suggestion = models.CharField(_("建议"), max_length=200, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    category = models.CharField(
        _("类别"),
        max_length=20,
        choices=ProofRule.Category.choices + [("fact", "事实核对")],
    )
    severity = models.PositiveSmallIntegerField(
        _("严重程度"), choices=ProofRule.Severity.choices
    )
    rule = models.ForeignKey(
        ProofRule,
        verbose_name=_("规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    found_at = models.DateTimeField(_("校对时间"), default=timezone.now)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overridden_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    override_reason = models.CharField(_("确认理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("校对意见")
        verbose_name_plural = _("校对意见")
        ordering = ["field", "start", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "version"])]

    def __str__(self) -> str:
        return f"{self.matched} → {self.suggestion}"


class PublishedVersion(GenericRecordMixin):
    """A snapshot of every version that was published, kept when a record is revised."""

    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("正文文本"), blank=True)
    published_at = models.DateTimeField(_("发布时间"))
    withdrawn_at = models.DateTimeField(_("撤稿时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤稿说明"), blank=True)

    class Meta:
        verbose_name = _("发布版本")
        verbose_name_plural = _("发布版本")
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "version"],
                name="published_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
