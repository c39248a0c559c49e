"""Proactive disclosure (主动公开): catalogue, items, projects, columns, offline zones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosure.rules import MAX_TIME_LIMIT_WORKDAYS, MAX_UPDATE_CYCLE_DAYS, STAGES
from policies.models import Topic
from portal.publishing.fields import RichTextField
from portal.publishing.models import ProofFacts, Publishable, ReviewedPart
from portal.publishing.sanitize import html_to_text


class CatalogueNode(models.Model):
    """A node of the 主动公开事项目录 (条例第十二条: 目录 lists what is disclosed).

    Leaves carry the disclosure rule: legal basis, time limit and responsible unit.
    """

    class Level(models.TextChoices):
        DISTRICT = "district", _("区级")
        TOWN = "town", _("镇（街道）")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("事项名称"), max_length=100)
    level = models.CharField(
        _("层级"), max_length=10, choices=Level.choices, default=Level.DISTRICT
    )
    legal_basis = models.CharField(_("公开依据"), max_length=300, blank=True)
    # 条例第二十六条: 自该政府信息形成或者变更之日起20个工作日内予以公开.
    time_limit_workdays = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIME_LIMIT_WORKDAYS)],
        help_text=_("信息形成或变更之日起多少个工作日内公开，条例规定为 20 个工作日。"),
    )
    update_cycle_days = models.PositiveSmallIntegerField(
        _("更新周期（天）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_UPDATE_CYCLE_DAYS)],
        help_text=_(
            "应至少每隔多少天有新信息（如年度 366、季度 92）；留空表示随形成随公开。"
        ),
    )
    responsible = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    key_area = models.ForeignKey(
        "KeyArea",
        verbose_name=_("重点领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("重点领域事项：列出标注该领域的全部信息。"),
    )
    is_statutory = models.BooleanField(_("法定公开事项"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    if TYPE_CHECKING:
        parent_id: int | None
        responsible_id: int | None
        key_area_id: int | None

    class Meta:
        verbose_name = _("公开事项目录")
        verbose_name_plural = _("公开事项目录")
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_limit_workdays__gte=1)
                & models.Q(time_limit_workdays__lte=MAX_TIME_LIMIT_WORKDAYS),
                name="catalogue_time_limit_sane",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="catalogue_unique_name_in_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:catalogue-node", args=[self.pk])


class KeyArea(models.Model):
    """A key area of the work points (重点领域), e.g. 乡村振兴, 城市更新, 无废城市."""

    slug = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    intro = models.TextField(_("简介"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("重点领域")
        verbose_name_plural = _("重点领域")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:key-area", args=[self.slug])


class InformationItem(Publishable):
    """A piece of proactively disclosed government information (主动公开信息)."""

    class Category(models.TextChoices):
        # The key areas of the 2024 work points, 一(一)–(三).
        KEY_WORK = "key_work", _("年度重点工作")
        MAJOR_PROJECT = "major_project", _("重大建设项目")
        CONSUMPTION = "consumption", _("消费支持政策")
        RURAL = "rural", _("乡村振兴")
        URBAN_RENEWAL = "urban_renewal", _("城市更新")
        ENVIRONMENT = "environment", _("生态环境")
        EMPLOYMENT = "employment", _("就业创业")
        HEALTH = "health", _("医疗卫生")
        EDUCATION = "education", _("教育")
        ELDERLY_CHILDREN = "elderly_children", _("一老一小")
        FINANCE = "finance", _("财政资金")
        NOTICE = "notice", _("通知公告")
        NEWS = "news", _("工作动态")

    index_number = models.CharField(
        _("索引号"), max_length=60, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("标题"), max_length=200)
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    catalogue_node = models.ForeignKey(
        CatalogueNode,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    key_areas = models.ManyToManyField(
        KeyArea, verbose_name=_("重点领域"), blank=True, related_name="items"
    )
    issuing_body = models.CharField(
        _("发布机构"), max_length=100, blank=True, help_text=_("留空则为所属单位。")
    )
    topic = models.CharField(
        _("主题分类"),
        max_length=20,
        choices=Topic.choices,
        default=Topic.GENERAL,
        blank=True,
        help_text=_("留空则为“综合政务”。"),
    )
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    # 条例第十二条: 目录 lists 索引、名称、内容概述、生成日期.
    generated_date = models.DateField(_("生成日期"), null=True, blank=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)

    publication_section = "disclosure"

    if TYPE_CHECKING:
        catalogue_node_id: int | None

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["review_state", "-published_at"]),
            models.Index(
                fields=["catalogue_node", "review_state", "-published_at"],
                name="item_node_state_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return html_to_text(self.body)

    def publication_summary(self) -> str:
        return self.summary or self.publication_text()[:120]

    def proofreading_facts(self) -> ProofFacts:
        facts: ProofFacts = {}
        if self.doc_number:
            facts["doc_number"] = self.doc_number
        if self.generated_date:
            facts["date"] = self.generated_date
        return facts


def item_attachment_path(instance: ItemAttachment, filename: str) -> str:
    return f"disclosure/attachments/{instance.item_id}/{filename}"


class ItemAttachment(ReviewedPart):
    reviewed_record_field = "item"

    item = models.ForeignKey(
        InformationItem,
        verbose_name=_("公开信息"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=item_attachment_path, max_length=300)
    kind = models.CharField(_("格式"), max_length=20, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    if TYPE_CHECKING:
        item_id: int

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class Project(Publishable):
    """A project disclosed through its whole process (全过程公开), one page per project.

    The project record itself (name, location, summary) is public content and goes
    through 三审三校 like any item; each stage's document is an item of its own.
    """

    class Kind(models.TextChoices):
        CONSTRUCTION = "construction", _("重大建设项目")
        EIA = "eia", _("环评审批")

    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("重点领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    summary = models.TextField(_("项目概况"), blank=True)

    publication_section = "projects"

    class Meta:
        verbose_name = _("全过程公开项目")
        verbose_name_plural = _("全过程公开项目")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:project-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.name

    def publication_text(self) -> str:
        return "\n".join(p for p in (self.location, self.summary) if p)

    def publication_summary(self) -> str:
        return self.summary[:120]


class ProjectStage(models.Model):
    """One stage of a project: its due date and the item that discloses it."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(
        _("阶段"),
        max_length=20,
        choices=[
            (code, f"{label}（{kind_label}）")
            for kind, kind_label in (("eia", "环评"), ("construction", "建设"))
            for code, label in STAGES[kind]
        ],
    )
    due_date = models.DateField(_("应公开日期"), null=True, blank=True)
    stage_date = models.DateField(_("阶段日期"), null=True, blank=True)
    item = models.ForeignKey(
        InformationItem,
        verbose_name=_("公开信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_stages",
    )

    if TYPE_CHECKING:
        item_id: int | None

    class Meta:
        verbose_name = _("项目阶段")
        verbose_name_plural = _("项目阶段")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"], name="project_stage_unique"
            )
        ]

    def __str__(self) -> str:
        return self.stage


class TopicColumn(Publishable):
    """A topic column (专题专栏): a “一件事” matter or a key-area showcase.

    Its intro, Q&A answers and links are public text, so the column goes through
    三审三校 like an item; the records it lists appear only while each is public.
    """

    class Kind(models.TextChoices):
        ONE_THING = "one_thing", _("一件事")
        KEY_AREA = "key_area", _("重点领域专栏")

    slug = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    intro = models.TextField(_("简介"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    publication_section = "topics"

    class Meta:
        verbose_name = _("专题专栏")
        verbose_name_plural = _("专题专栏")
        ordering = ["kind", "sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:column-detail", args=[self.slug])

    def publication_title(self) -> str:
        return self.name

    def publication_text(self) -> str:
        """The intro and every Q&A and link title: proofread and indexed."""
        parts = [self.intro]
        if self.pk is not None:
            for entry in self.entries.all():
                parts += [entry.question, entry.answer, entry.link_title]
        return "\n".join(p for p in parts if p)

    def publication_summary(self) -> str:
        return self.intro[:120]


class ColumnEntry(models.Model):
    """One entry of a column, in staff order: published content, a Q&A or a link."""

    class Kind(models.TextChoices):
        CONTENT = "content", _("已发布内容")
        FAQ = "faq", _("一问一答")
        LINK = "link", _("办事链接")

    column = models.ForeignKey(
        TopicColumn,
        verbose_name=_("专栏"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    position = models.PositiveIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("内容类型"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveIntegerField(_("内容编号"), null=True, blank=True)
    question = models.CharField(_("问题"), max_length=200, blank=True)
    answer = models.TextField(_("解答"), blank=True)
    link_title = models.CharField(_("链接名称"), max_length=100, blank=True)
    link_url = models.URLField(_("链接地址"), blank=True)

    if TYPE_CHECKING:
        content_type_id: int | None

    class Meta:
        verbose_name = _("专栏条目")
        verbose_name_plural = _("专栏条目")
        ordering = ["column", "position", "id"]

    def __str__(self) -> str:
        return (
            self.question
            or self.link_title
            or f"{self.content_type_id}:{self.object_id}"
        )

    def clean(self) -> None:
        super().clean()
        by_kind: dict[str, dict[str, object]] = {
            self.Kind.CONTENT: {
                "content_type": self.content_type_id,
                "object_id": self.object_id,
            },
            self.Kind.FAQ: {"question": self.question, "answer": self.answer},
            self.Kind.LINK: {"link_title": self.link_title, "link_url": self.link_url},
        }
        required = by_kind.get(self.kind, {})
        missing = {
            name: _("此类条目必须填写此项。") for name, v in required.items() if not v
        }
        if missing:
            raise ValidationError(missing)


class OfflineZone(models.Model):
    """An offline disclosure zone (线下专区) with a kiosk showing the website's content."""

    class Kind(models.TextChoices):
        HALL = "hall", _("区政务服务大厅")
        TOWN = "town", _("镇（街道）便民服务中心")
        COMMUNITY = "community", _("社区（村）站点")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("地址"), max_length=200)
    hours = models.CharField(_("开放时间"), max_length=100)
    phone = models.CharField(_("咨询电话"), max_length=40, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("线下公开专区")
        verbose_name_plural = _("线下公开专区")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:zone-list") + f"#zone-{self.pk}"


class ColumnPage(models.Model):
    """A staff-edited page of the 政府信息公开 column: the guide or the rules."""

    class Slug(models.TextChoices):
        GUIDE = "guide", _("政府信息公开指南")
        RULES = "rules", _("政府信息公开制度")

    slug = models.CharField(_("页面"), max_length=20, choices=Slug.choices, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    body = RichTextField(_("正文"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("公开栏目页面")
        verbose_name_plural = _("公开栏目页面")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"disclosure:{self.slug}")


class Subscription(models.Model):
    """An e-mail subscription to new disclosures (double opt-in, no account).

    The address is personal data: shown nowhere, exported nowhere, and the row is
    deleted on unsubscribe.
    """

    class Kind(models.TextChoices):
        CATALOGUE = "catalogue", _("公开目录栏目")
        KEY_AREA = "key_area", _("重点领域")
        POLICY_TOPIC = "policy_topic", _("政策主题")
        SEARCH = "search", _("检索词")

    email = models.EmailField(_("电子邮箱"))
    kind = models.CharField(_("订阅类型"), max_length=20, choices=Kind.choices)
    catalogue_node = models.ForeignKey(
        CatalogueNode,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("重点领域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    policy_topic = models.CharField(
        _("政策主题"), max_length=20, choices=Topic.choices, blank=True
    )
    search_query = models.CharField(_("检索词"), max_length=100, blank=True)
    token = models.CharField(_("令牌"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("订阅时间"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # New content is content published after this instant (set on confirmation).
    sent_through = models.DateTimeField(_("已推送至"), null=True, blank=True)

    if TYPE_CHECKING:
        catalogue_node_id: int | None
        key_area_id: int | None

    class Meta:
        verbose_name = _("订阅")
        verbose_name_plural = _("订阅")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["confirmed_at"],
                name="subscription_confirmed",
                condition=models.Q(confirmed_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class DigestSent(models.Model):
    """Sent-marker of one day's digest to one subscription (idempotent sweep)."""

    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("订阅"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("日期"))
    sent_at = models.DateTimeField(_("发送时间"))
    item_count = models.PositiveIntegerField(_("条数"), default=0)

    class Meta:
        verbose_name = _("已发送摘要")
        verbose_name_plural = _("已发送摘要")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "day"], name="digest_sent_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} {self.day}"

    if TYPE_CHECKING:
        subscription_id: int
