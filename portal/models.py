"""Models of the site core: organisations and staff, the calendar, site settings and
the publication index that every app feeds."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.scoping import OrganisationScopedQuerySet
from portal.search.fields import Searchable


class OrganisationQuerySet(OrganisationScopedQuerySet):
    # Staff of a unit see their own organisation row (to keep its contact details current).
    scope_lookup = "pk"


class Organisation(models.Model):
    """A unit of the district: the government, its office, departments, towns/streets."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("区人民政府")
        OFFICE = "office", _("区政府办公室")
        DEPARTMENT = "department", _("区政府部门")
        TOWN = "town", _("镇（街道）")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    # 政府信息公开工作机构 contact details, published in the disclosure guide (条例第二十四条).
    disclosure_office = models.CharField(
        _("政府信息公开工作机构"), max_length=100, blank=True
    )
    office_address = models.CharField(_("办公地址"), max_length=200, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    office_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    office_fax = models.CharField(_("传真"), max_length=40, blank=True)
    office_email = models.EmailField(_("电子邮箱"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("单位不能以自身为上级单位。")})
        # Walk up from the proposed parent; reaching this unit would close a loop.
        seen: set[int] = set()
        node_id: int | None = self.parent_id
        while node_id is not None and node_id not in seen:
            if self.pk is not None and node_id == self.pk:
                raise ValidationError(
                    {"parent": _("上级单位不能是本单位的下级单位，否则会形成循环。")}
                )
            seen.add(node_id)
            node_id = (
                Organisation.objects.filter(pk=node_id)
                .values_list("parent_id", flat=True)
                .first()
            )


class User(AbstractUser):
    """A member of staff; belongs to one unit, whose records they see and edit."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return self.full_name or self.username


class CalendarOverride(models.Model):
    """A staff-entered day that wins over the ``chinesecalendar`` package data."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["-date"]

    def __str__(self) -> str:
        kind = _("工作日") if self.is_workday else _("休息日")
        return f"{self.date:%Y-%m-%d} {kind}"


class SiteSettings(models.Model):
    """The site's identifiers and contact shown in every page footer (one row)."""

    site_name = models.CharField(
        _("网站名称"), max_length=100, default="济阳区政务公开平台"
    )
    site_code = models.CharField(
        _("网站标识码"),
        max_length=10,
        blank=True,
        help_text=_("10 位政府网站标识码"),
    )
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    sponsor = models.CharField(
        _("主办单位"), max_length=100, default="济南市济阳区人民政府办公室"
    )
    organiser = models.CharField(_("承办单位"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    contact_address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    # gov.cn footer convention: the 党政机关网站 badge (an image issued by the 机构编制
    # 部门, linking to its registry entry) and the 备案 numbers linked to their registries.
    badge_image = models.ImageField(
        _("党政机关网站标识"), upload_to="site/", blank=True
    )
    badge_link = models.URLField(_("标识链接"), blank=True)
    icp_link = models.URLField(
        _("ICP备案查询链接"), blank=True, default="https://beian.miit.gov.cn/"
    )
    police_link = models.URLField(
        _("公安备案查询链接"), blank=True, default="https://beian.mps.gov.cn/"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("网站设置")
        verbose_name_plural = _("网站设置")

    def __str__(self) -> str:
        return self.site_name

    def clean(self) -> None:
        super().clean()
        if self.site_code and not (
            len(self.site_code) == 10 and self.site_code.isalnum()
        ):
            raise ValidationError({"site_code": _("网站标识码应为 10 位字母或数字。")})


class IndexEntry(Searchable):
    """One published item in the site-wide publication index.

    Apps write their published content here (and remove it on withdrawal) through
    ``portal.services.index_publish`` / ``index_withdraw``; the home page, site search,
    feeds and the sitemap read only this table, so they know no domain app. The search
    columns (``Searchable``) are written by ``index_publish`` from title, summary and body.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    section = models.CharField(_("栏目"), max_length=40, db_index=True)
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文文本"), blank=True)
    url = models.CharField(_("链接"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("发布单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("发布索引")
        verbose_name_plural = _("发布索引")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="index_entry_unique_object"
            )
        ]
        indexes = [models.Index(fields=["section", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def published_date(self) -> datetime.date:
        return self.published_at.date()


RATE_VALIDATOR = RegexValidator(
    r"^[1-9][0-9]{0,8}/(second|minute|hour|day|s|m|h|d)$",
    _("请按“次数/时段”填写，例如 6000/minute、100000/hour。"),
)


class ApiClient(models.Model):
    """A harvester of the public API (e.g. the city library) with its own token and rate.

    Only a SHA-256 hash of the token is stored; the token itself is shown once, when
    staff issue it. A token reads what anonymous visitors may read, at its own rate.
    """

    name = models.CharField(_("采集方名称"), max_length=100)
    contact = models.CharField(_("联系人及联系方式"), max_length=200, blank=True)
    token_prefix = models.CharField(
        _("令牌前缀"), max_length=12, editable=False, help_text=_("用于辨认令牌")
    )
    token_hash = models.CharField(
        _("令牌摘要"), max_length=64, unique=True, editable=False
    )
    rate = models.CharField(
        _("访问频率上限"),
        max_length=30,
        default="6000/minute",
        validators=[RATE_VALIDATOR],
        help_text=_("次数/时段，例如 6000/minute"),
    )
    revoked = models.BooleanField(_("已吊销"), default=False)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("接口采集方")
        verbose_name_plural = _("接口采集方")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.token_prefix}…）"


# The shared mechanisms' tables (models live in their subpackages).
from portal.publishing.models import (  # noqa: E402
    ProofFinding,
    ProofRule,
    PublishedVersion,
    ReviewEvent,
)
from portal.reminders.models import ReminderSent  # noqa: E402

__all__ = [
    "ApiClient",
    "CalendarOverride",
    "IndexEntry",
    "Organisation",
    "ProofFinding",
    "ProofRule",
    "PublishedVersion",
    "ReminderSent",
    "ReviewEvent",
    "SiteSettings",
    "User",
]
