"""Annual reports on government information disclosure (条例第四十九条、第五十条).

An ``AnnualReport`` is a unit's report for a year: the text staff write and the rows they
enter by hand. Its figures live in ``ReportVersion`` snapshots, generated from the
portal's data; regenerating adds a version, and a published version never changes
(``disclosure.reports.services`` refuses; the admin shows it read-only).

The models live in this package but belong to the ``disclosure`` app (its migrations).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.scoping import OrganisationScopedQuerySet


class AnnualReport(models.Model):
    """One unit's 政府信息公开工作年度报告 for one year."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("报告单位"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("报告年度"), validators=[MinValueValidator(2019)]
    )
    # 一、总体情况 (条例第五十条; 各级人民政府 also report 考核、评议、责任追究).
    overview = models.TextField(_("一、总体情况"), blank=True)
    # 二、第二十条第（五）（六）（八）项: entered by hand (no source in the portal).
    licensing = models.PositiveIntegerField(_("行政许可 本年处理决定数量"), default=0)
    punishment = models.PositiveIntegerField(_("行政处罚 本年处理决定数量"), default=0)
    coercion = models.PositiveIntegerField(_("行政强制 本年处理决定数量"), default=0)
    fees_wan = models.DecimalField(
        _("行政事业性收费 本年收费金额（万元）"),
        max_digits=12,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(
        _("六、其他需要报告的事项"),
        blank=True,
        help_text=_("信息处理费收取情况由系统按数据预填，此处填写其他事项。"),
    )
    work_points = models.TextField(
        _("年度政务公开工作要点落实情况"),
        blank=True,
        help_text=_("新建报告时按督导考核任务台账预填，可修改。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        app_label = "disclosure"
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "organisation__sort_order", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="annual_report_unit_year"
            )
        ]
        permissions = [("publish_annualreport", _("发布年度报告"))]

    def __str__(self) -> str:
        return f"{self.organisation}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse(
            "reports:report-detail",
            kwargs={"year": self.year, "code": self.organisation.code},
        )


class ReportVersion(models.Model):
    """An immutable snapshot of a report's figures and text, numbered per report."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年度报告"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("版本号"))
    data: models.JSONField[Any, Any] = models.JSONField(_("报告数据"))
    imbalances: models.JSONField[Any, Any] = models.JSONField(
        _("不平衡的单元格"), default=list
    )
    notes: models.JSONField[Any, Any] = models.JSONField(
        _("跨年度核对提示"), default=list
    )
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        app_label = "disclosure"
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="report_version_number_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["report", "-number"],
                name="report_version_published",
                condition=models.Q(published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def balanced(self) -> bool:
        return not self.imbalances


class GenerationRun(models.Model):
    """One generation job (a unit, or every unit of the district) and its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    year = models.PositiveSmallIntegerField(_("报告年度"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示全区所有单位。"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    total = models.PositiveIntegerField(_("单位总数"), default=0)
    done = models.PositiveIntegerField(_("已完成单位数"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        app_label = "disclosure"
        verbose_name = _("年度报告生成任务")
        verbose_name_plural = _("年度报告生成任务")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")),
                name="generation_run_done_le_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度报告生成（{self.get_state_display()}）"

    @property
    def percent(self) -> int:
        if self.total == 0:
            return 100 if self.state == self.State.DONE else 0
        return self.done * 100 // self.total


class WebsiteReport(models.Model):
    """The portal's 政府网站工作年度报表 for one year (国办函〔2018〕12号).

    ``values`` holds the staff-entered fields; publishing stores ``snapshot`` (the
    counted fields plus the entered ones), after which the report never changes.
    """

    year = models.PositiveSmallIntegerField(
        _("报表年度"), unique=True, validators=[MinValueValidator(2018)]
    )
    values: models.JSONField[Any, Any] = models.JSONField(
        _("填报数据"), default=dict, blank=True
    )
    snapshot: models.JSONField[Any, Any] = models.JSONField(
        _("发布数据"), null=True, blank=True, editable=False
    )
    published_at = models.DateTimeField(
        _("发布时间"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        app_label = "disclosure"
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年政府网站工作年度报表"

    def get_absolute_url(self) -> str:
        return reverse("reports:website-report", kwargs={"year": self.year})
