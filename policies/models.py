"""The policy-document library (政府文件库): documents, their validity status and its
history (立改废), relations between documents, interpretations (政策解读), returns (退文),
attachments and bulk-import jobs."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from policies.validity import RelationKind, Validity
from portal.publishing.fields import RichTextField
from portal.publishing.models import (
    ProofFacts,
    Publishable,
    ReviewedPart,
    ReviewState,
    ensure_draft,
)
from portal.search.fields import Searchable
from portal.validators import validate_credit_code


class DocType(models.TextChoices):
    RULE = "rule", _("政府规章")
    NORMATIVE = "normative", _("行政规范性文件")
    POLICY = "policy", _("其他政策文件")
    PLAN = "plan", _("规划计划")
    WORK = "work", _("其他文件")


class Topic(models.TextChoices):
    """主题分类: the first level of the national policy library's 22 classes.

    The list is from best knowledge (domain/policy-library.md marks it [U]); it is a
    choices list, so adding or renaming a class is a one-line change plus a migration.
    """

    ORGANISATION = "organisation", _("国务院组织机构")
    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安全生产监管")
    URBAN = "urban", _("城乡建设、环境保护")
    SCIENCE = "science", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    SECURITY = "security", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    ETHNIC = "ethnic", _("民族、宗教")
    FOREIGN = "foreign", _("对外事务")
    HMT = "hmt", _("港澳台侨工作")
    DEFENCE = "defence", _("国防")
    OTHER = "other", _("其他")


class Audience(models.Model):
    """适用对象: who a policy is for (高校毕业生, 退役军人, 企业/经营主体 …)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("适用对象")
        verbose_name_plural = _("适用对象")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IssuerCode(models.Model):
    """An organisation's 统一社会信用代码, the prefix of the 索引号 it generates."""

    organisation = models.OneToOneField(
        "portal.Organisation",
        verbose_name=_("机构"),
        on_delete=models.CASCADE,
        related_name="issuer_code",
    )
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )

    class Meta:
        verbose_name = _("索引号前缀")
        verbose_name_plural = _("索引号前缀")

    def __str__(self) -> str:
        return self.credit_code


class IndexNumberCounter(models.Model):
    """Last serial used for 索引号 ``{prefix}/{year}-{serial:05d}``."""

    prefix = models.CharField(_("前缀"), max_length=40)
    year = models.PositiveIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("索引号计数")
        verbose_name_plural = _("索引号计数")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="policies_index_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}-{self.last:05d}"


class Document(Publishable, Searchable):
    """A government document in the library, published through 三审三校."""

    index_number = models.CharField(
        _("索引号"), max_length=60, unique=True, blank=True, null=True
    )
    title = models.CharField(_("标题"), max_length=300)
    issuers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "portal.Organisation",
        verbose_name=_("发文机关"),
        through="DocumentIssuer",
        related_name="issued_documents",
        blank=True,
    )
    doc_number = models.CharField(
        _("发文字号"),
        max_length=80,
        blank=True,
        help_text=_("如 济阳政办发〔2024〕2号；录入时自动规范为六角括号格式。"),
    )
    doc_type = models.CharField(
        _("文种/类别"), max_length=20, choices=DocType.choices, default=DocType.POLICY
    )
    topic = models.CharField(
        _("主题分类"), max_length=20, choices=Topic.choices, default=Topic.GENERAL
    )
    written_date = models.DateField(_("成文日期"))
    published_date = models.DateField(
        _("发布日期"),
        null=True,
        blank=True,
        help_text=_("公文的发布日期；留空则取网站发布时间。"),
    )
    effective_date = models.DateField(_("施行日期"), null=True, blank=True)
    expiry_date = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(
        _("效力状态"),
        max_length=20,
        choices=Validity.choices,
        default=Validity.EFFECTIVE,
        editable=False,
    )
    status_changed_on = models.DateField(
        _("状态变更日期"), null=True, blank=True, editable=False
    )
    repeal_date = models.DateField(_("废止日期"), null=True, blank=True, editable=False)
    lapse_date = models.DateField(_("失效日期"), null=True, blank=True, editable=False)
    body = RichTextField(_("正文"), blank=True)
    body_text = models.TextField(_("正文文本"), blank=True, editable=False)
    needs_interpretation = models.BooleanField(
        _("需要政策解读"),
        default=False,
        help_text=_(
            "以区政府或区政府办公室名义印发的政策性文件须与解读同步发布（三同步）。"
        ),
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("适用对象"), related_name="documents", blank=True
    )

    publication_section: ClassVar[str] = "policies"
    # The validity status (立改废) changes on published documents through its own
    # recorded mechanism (``policies.services.change_status``), not through review.
    unreviewed_fields: ClassVar[frozenset[str]] = Publishable.unreviewed_fields | {
        "status",
        "status_changed_on",
        "repeal_date",
        "lapse_date",
        "search_tokens",
        "search_vector",
        "search_lossy",
    }

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_number"],
                condition=~Q(doc_number=""),
                name="policies_document_unique_doc_number",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Validity.values),
                name="policies_document_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["review_state", "-published_at"],
                name="policies_doc_public_idx",
            ),
            models.Index(fields=["status"], name="policies_doc_status_idx"),
            models.Index(fields=["effective_date"], name="policies_doc_effective_idx"),
            models.Index(fields=["written_date"], name="policies_doc_written_idx"),
            # Bulk import matches rows without 文号 on 成文日期 + 标题.
            models.Index(
                fields=["written_date", "title"], name="policies_doc_written_title_idx"
            ),
            models.Index(fields=["expiry_date"], name="policies_doc_expiry_idx"),
            models.Index(fields=["updated_at"], name="policies_doc_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:document-detail", args=[self.pk])

    # --- publishing hooks -------------------------------------------------------------
    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return "\n".join(part for part in (self.doc_number, self.body_text) if part)

    def publication_summary(self) -> str:
        return self.doc_number

    def proofreading_facts(self) -> ProofFacts:
        facts: ProofFacts = {"date": self.written_date}
        if self.doc_number:
            facts["doc_number"] = self.doc_number
        return facts

    def submission_problems(self) -> list[str]:
        from policies.selectors import submission_problems

        return submission_problems(self)

    def extra_publish_conditions(self) -> list[str]:
        from policies.selectors import three_sync_problems

        return three_sync_problems(self)

    def publish_companions(self) -> Iterable[Publishable]:
        from policies.selectors import interpretations_to_publish_with

        return interpretations_to_publish_with(self)

    def visibility_dependents(self) -> Iterable[Publishable]:
        # An interpretation is public only while its document is (public_interpretations).
        return self.interpretations.filter(review_state=ReviewState.PUBLISHED)

    @property
    def display_date(self) -> datetime.date | None:
        if self.published_date:
            return self.published_date
        return self.published_at.date() if self.published_at else None


@receiver(m2m_changed, sender=Document.audiences.through)
def _audiences_locked_outside_draft(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """The audiences reach the public page: like the other reviewed parts of a
    document (``ReviewedPart``), they change only while it is a draft."""
    if not action.startswith("pre_"):
        return
    if not reverse:
        ensure_draft(Document, instance.pk)
        return
    ids = (
        pk_set
        if pk_set is not None
        else instance.documents.values_list("pk", flat=True)
    )
    for document_id in ids:
        ensure_draft(Document, document_id)


class DocumentIssuer(ReviewedPart):
    """One issuing organ of a document; ``order`` 0 is the lead organ (主办机关)."""

    document = models.ForeignKey(
        Document, verbose_name=_("文件"), on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        "portal.Organisation", verbose_name=_("发文机关"), on_delete=models.PROTECT
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    reviewed_record_field: ClassVar[str] = "document"

    class Meta:
        verbose_name = _("发文机关")
        verbose_name_plural = _("发文机关")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organisation"], name="policies_issuer_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class StatusChange(models.Model):
    """One change of a document's validity status: the history (立改废) row."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=Validity.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Validity.choices)
    changed_on = models.DateField(_("变更日期"))
    reason = models.CharField(_("原因"), max_length=300)
    caused_by = models.ForeignKey(
        Document,
        verbose_name=_("依据文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caused_changes",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("效力变更记录")
        verbose_name_plural = _("效力变更记录")
        ordering = ["changed_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class DocumentRelation(models.Model):
    """``source`` (the newer document) amends / repeals / relates to ``target``."""

    source = models.ForeignKey(
        Document,
        verbose_name=_("依据文件"),
        on_delete=models.CASCADE,
        related_name="outgoing_relations",
    )
    target = models.ForeignKey(
        Document,
        verbose_name=_("被作用文件"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )
    kind = models.CharField(_("关系"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    effective_on = models.DateField(_("生效日期"))
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文件关系")
        verbose_name_plural = _("文件关系")
        ordering = ["-effective_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="policies_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="policies_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"policies/attachments/{instance.document_id}/{filename}"


class Attachment(ReviewedPart):
    document = models.ForeignKey(
        Document,
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    kind = models.CharField(_("格式"), max_length=20, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    reviewed_record_field: ClassVar[str] = "document"

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字")
    ILLUSTRATED = "illustrated", _("图文")
    CHART = "chart", _("图表")
    VIDEO = "video", _("视频")
    ANIMATION = "animation", _("动漫")
    QA = "qa", _("一问一答")
    SKIT = "skit", _("情景短剧")
    AUDIO = "audio", _("音频")
    OTHER = "other", _("其他")


class SignerKind(models.TextChoices):
    LEADER = "leader", _("主要负责人")
    DRAFTER = "drafter", _("政策制定参与者")
    EXPERT = "expert", _("专家学者")
    COMMENTATOR = "commentator", _("新闻评论员")
    JOURNALIST = "journalist", _("媒体记者")
    DEPARTMENT = "department", _("部门")


def interpretation_media_path(instance: Interpretation, filename: str) -> str:
    return f"policies/interpretations/{instance.document_id}/{filename}"


class Interpretation(Publishable):
    """政策解读 of one document, reviewed on its own and published with it (三同步)."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("所解读文件"),
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    title = models.CharField(_("标题"), max_length=300)
    form = models.CharField(
        _("解读形式"),
        max_length=20,
        choices=InterpretationForm.choices,
        default=InterpretationForm.TEXT,
    )
    signer_kind = models.CharField(
        _("解读主体"),
        max_length=20,
        choices=SignerKind.choices,
        default=SignerKind.DEPARTMENT,
    )
    signer_name = models.CharField(_("署名"), max_length=100, blank=True)
    body = RichTextField(_("正文"), blank=True)
    body_text = models.TextField(_("正文文本"), blank=True, editable=False)
    media_file = models.FileField(
        _("图片/视频文件"),
        upload_to=interpretation_media_path,
        blank=True,
        max_length=300,
    )
    media_url = models.URLField(_("音视频链接"), blank=True)

    publication_section: ClassVar[str] = "interpretations"

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["review_state", "-published_at"],
                name="policies_interp_public_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:interpretation-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return self.body_text

    def publication_summary(self) -> str:
        return self.signer_name

    def publication_held(self) -> bool:
        """三同步: an approved interpretation waits in 待发布 until its document is
        published, whose publication then releases it in the same transaction."""
        return (
            not type(self.document)
            .objects.filter(pk=self.document_id, review_state=ReviewState.PUBLISHED)
            .exists()
        )


class DocumentReturn(models.Model):
    """退文: a submission sent back to its drafting unit, with the recorded reason."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="returns",
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("起草单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("退文理由"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退文人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("退文时间"))

    class Meta:
        verbose_name = _("退文记录")
        verbose_name_plural = _("退文记录")
        ordering = ["-returned_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} 退文"


# The bulk-import job lives in its own module (this one is the library's records);
# imported here so the app registry and ``policies.models.ImportJob`` find it.
from policies.import_jobs import ImportJob  # noqa: E402, F401
