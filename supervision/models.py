"""Supervision (督导考核): the work-point task ledger, meetings and trainings, government
new-media accounts and their inspections, website link checks, and notices (通报)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.publishing.models import Publishable
from portal.scoping import OrganisationScopedQuerySet
from supervision.workflow import TaskEventKind, TaskStatus

USER = settings.AUTH_USER_MODEL


class WorkPoint(models.Model):
    """One numbered point of a year's 政务公开工作要点, e.g. 2024 (十二)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("要点"), max_length=200)
    body = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("工作要点")
        verbose_name_plural = _("工作要点")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="work_point_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年（{self.number}）{self.title}"


class TaskQuerySet(OrganisationScopedQuerySet):
    def of_year(self, year: int) -> TaskQuerySet:
        return self.filter(work_point__year=year)  # type: ignore[return-value]


class Task(models.Model):
    """A sub-task of a work point assigned to one unit, with its deadline.

    ``status``, ``progress_text``, ``last_reported_on`` and ``completed_on`` are the
    projection of the task's events (``supervision.workflow.project``); only the
    services in ``supervision.services.ledger`` write them.
    """

    work_point = models.ForeignKey(
        WorkPoint,
        verbose_name=_("工作要点"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="supervision_tasks",
    )
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("任务要求"), blank=True)
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.ASSIGNED,
        editable=False,
    )
    progress_text = models.TextField(_("最新进展"), blank=True, editable=False)
    last_reported_on = models.DateField(
        _("最近报送日期"), null=True, blank=True, editable=False
    )
    completed_on = models.DateField(
        _("完成日期"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作台账")
        ordering = ["work_point__year", "work_point__number", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TaskStatus.values),
                name="task_status_valid",
            )
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="task_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.title


class TaskEvent(models.Model):
    """One step of a task's history, with the progress statement and its evidence."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=30, choices=TaskEventKind.choices)
    actor = models.ForeignKey(
        USER,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    text = models.TextField(_("说明"), blank=True)
    evidence_entry = models.ForeignKey(
        "portal.IndexEntry",
        verbose_name=_("佐证：已发布信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evidence_url = models.URLField(_("佐证链接"), blank=True)
    evidence_file = models.FileField(
        _("佐证材料"), upload_to="supervision/evidence/%Y/", blank=True
    )

    class Meta:
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class ActivityQuerySet(OrganisationScopedQuerySet):
    pass


class Activity(models.Model):
    """A unit's 政务公开专题会议 or 专题培训 (工作要点（十二）: at least one of each a year)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("专题会议")
        TRAINING = "training", _("专题培训")

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="supervision_activities",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("主题"), max_length=200)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(
        _("参加人数"), validators=[MinValueValidator(1)]
    )
    minutes = models.TextField(_("会议纪要或培训内容"), blank=True)
    material = models.FileField(
        _("材料"), upload_to="supervision/activities/%Y/", blank=True
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("专题会议和培训")
        verbose_name_plural = _("专题会议和培训")
        ordering = ["-held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(participants__gte=1),
                name="activity_participants_positive",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    KUAISHOU = "kuaishou", _("快手")
    CHANNELS = "channels", _("微信视频号")
    APP = "app", _("移动客户端")
    OTHER = "other", _("其他")


class NewMediaAccountQuerySet(OrganisationScopedQuerySet):
    def open(self) -> NewMediaAccountQuerySet:
        return self.filter(closed_on__isnull=True)  # type: ignore[return-value]


class NewMediaAccount(models.Model):
    """An entry of the 政务新媒体 register (台账): filing, opening and closing.

    国办发〔2018〕123号: 开设、变更、关停、注销 are filed with the 政务公开主管部门; one
    account per unit and platform in principle.
    """

    class Filing(models.TextChoices):
        PENDING = "pending", _("待备案")
        FILED = "filed", _("已备案")
        CLOSURE_FILED = "closure_filed", _("已备案关停")

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="new_media_accounts",
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=100)
    account_id = models.CharField(_("账号ID"), max_length=100)
    person_in_charge = models.CharField(_("负责人"), max_length=50, blank=True)
    filing_status = models.CharField(
        _("备案状态"), max_length=20, choices=Filing.choices, default=Filing.PENDING
    )
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    opened_on = models.DateField(_("开设日期"), null=True, blank=True)
    closed_on = models.DateField(_("关停日期"), null=True, blank=True)
    closure_reason = models.CharField(_("关停原因"), max_length=200, blank=True)
    closure_approval = models.CharField(_("关停审批"), max_length=200, blank=True)
    followers = models.PositiveIntegerField(_("关注人数"), default=0)
    last_updated_on = models.DateField(_("最近更新日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = NewMediaAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["organisation__sort_order", "platform", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account_id"], name="new_media_unique_account"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="new_media_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}：{self.name}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = "关停日期不能早于开设日期。"
        if self.closed_on and not self.closure_reason:
            errors["closure_reason"] = "关停账号须填写关停原因。"
        if self.filing_status != self.Filing.PENDING and not self.filed_on:
            errors["filed_on"] = "已备案的账号须填写备案日期。"
        if (
            self.last_updated_on
            and self.opened_on
            and (self.last_updated_on < self.opened_on)
        ):
            errors["last_updated_on"] = "最近更新日期不能早于开设日期。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Inspection(models.Model):
    """A check of one account against the 检查指标, and its rectification."""

    account = models.ForeignKey(
        NewMediaAccount,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("检查日期"))
    score = models.DecimalField(
        _("得分"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    vetoed = models.BooleanField(_("触发单项否决"), default=False)
    findings = models.TextField(_("发现问题"), blank=True)
    rectification_deadline = models.DateField(_("整改时限"), null=True, blank=True)
    rectified_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    rectification_result = models.TextField(_("整改情况"), blank=True)
    inspector = models.ForeignKey(
        USER,
        verbose_name=_("检查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政务新媒体检查")
        verbose_name_plural = _("政务新媒体检查")
        ordering = ["-inspected_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="inspection_score_range",
            ),
            models.CheckConstraint(
                condition=models.Q(rectification_deadline__isnull=True)
                | models.Q(rectification_deadline__gte=models.F("inspected_on")),
                name="inspection_deadline_after_check",
            ),
            models.CheckConstraint(
                condition=models.Q(rectified_on__isnull=True)
                | models.Q(rectified_on__gte=models.F("inspected_on")),
                name="inspection_rectified_after_check",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.inspected_on:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        day = self.inspected_on
        if day and self.rectification_deadline and self.rectification_deadline < day:
            errors["rectification_deadline"] = "整改时限不能早于检查日期。"
        if day and self.rectified_on and self.rectified_on < day:
            errors["rectified_on"] = "整改完成日期不能早于检查日期。"
        if errors:
            raise ValidationError(errors)

    @property
    def passed(self) -> bool:
        from supervision.rules import inspection_passed

        return inspection_passed(float(self.score), self.vetoed)


class RepostRequirement(models.Model):
    """A published item the whole new-media matrix must repost (工作要点（十）:
    强化政务新媒体矩阵建设，及时、准确、集中转载重要信息)."""

    entry = models.ForeignKey(
        "portal.IndexEntry",
        verbose_name=_("已发布信息"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    required_by = models.DateField(_("转载时限"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("集中转载要求")
        verbose_name_plural = _("集中转载要求")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry"], name="repost_requirement_once")
        ]

    def __str__(self) -> str:
        return f"转载：{self.entry_id}"


class Repost(models.Model):
    """An account's repost of a required item."""

    requirement = models.ForeignKey(
        RepostRequirement,
        verbose_name=_("转载要求"),
        on_delete=models.CASCADE,
        related_name="reposts",
    )
    account = models.ForeignKey(
        NewMediaAccount,
        verbose_name=_("账号"),
        on_delete=models.CASCADE,
        related_name="reposts",
    )
    reposted_on = models.DateField(_("转载日期"))
    url = models.URLField(_("转载链接"), blank=True)

    class Meta:
        verbose_name = _("转载记录")
        verbose_name_plural = _("转载记录")
        ordering = ["reposted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "account"], name="repost_once_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.reposted_on:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if self.reposted_on and self.requirement_id:
            published = self.requirement.entry.published_at.date()
            if self.reposted_on < published:
                raise ValidationError({"reposted_on": "转载日期不能早于信息发布日期。"})


class LinkCheckRun(models.Model):
    """One crawl of the portal's own published pages."""

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    base_url = models.CharField(_("站点地址"), max_length=200)
    pages_checked = models.PositiveIntegerField(_("检查页面数"), default=0)
    links_checked = models.PositiveIntegerField(_("检查链接数"), default=0)
    external_checked = models.BooleanField(_("检查外部链接"), default=False)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("网站检查")
        verbose_name_plural = _("网站检查")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class LinkFinding(models.Model):
    """A broken link, or a page with open proofreading findings, found by a run."""

    class Kind(models.TextChoices):
        BROKEN_INTERNAL = "broken_internal", _("站内链接失效")
        BROKEN_EXTERNAL = "broken_external", _("外部链接失效")
        PAGE_UNREACHABLE = "page_unreachable", _("页面无法访问")
        PROOFREADING = "proofreading", _("存在校对问题")

    run = models.ForeignKey(
        LinkCheckRun,
        verbose_name=_("检查"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    page_url = models.CharField(_("页面"), max_length=500)
    link_url = models.CharField(_("链接"), max_length=500, blank=True)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("检查发现")
        verbose_name_plural = _("检查发现")
        ordering = ["organisation__sort_order", "page_url", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.page_url}"


class Notice(models.Model):
    """A praise or criticism notice (通报) to units, or to the public."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("通报表扬")
        CRITICISM = "criticism", _("通报批评")
        REMINDER = "reminder", _("工作提醒")

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    organisations = models.ManyToManyField(
        "portal.Organisation",
        verbose_name=_("通报单位"),
        blank=True,
        related_name="+",
    )
    is_public = models.BooleanField(_("向社会公开"), default=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicNotice(Publishable):
    """The public rendition of a notice (通报): drafted when the office sends a notice
    marked 向社会公开, then published through 三审三校 like every public record
    (《条例》第二十条); withdrawal keeps its page with the public reason."""

    notice = models.OneToOneField(
        Notice,
        verbose_name=_("通报"),
        on_delete=models.PROTECT,
        related_name="publication",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Notice.Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))

    publication_section = "supervision-notices"

    class Meta:
        verbose_name = _("公开通报")
        verbose_name_plural = _("公开通报")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("supervision:notice", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return self.body
