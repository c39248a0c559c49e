"""Models of on-request disclosure (依申请公开).

The event rows are the source of truth; ``Application.status``, ``due_date``,
``clock_paused_since``, ``extension_days`` and ``applicant_due`` are their projection,
written only by ``requests_app.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.pii import mask_name, mask_phone
from portal.scoping import OrganisationScopedQuerySet
from requests_app.choices import (
    ApplicantType,
    AttachmentCheck,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    LegalPersonKind,
    Proceeding,
    ProceedingResult,
    ReplyReason,
    ReplyType,
    Topic,
)
from requests_app.hidden_data import extension_of
from requests_app.workflow import CLOCK_RUNNING, OPEN, EventKind, Status


def supporting_file_path(instance: Application, filename: str) -> str:
    # A random name: media paths must not be guessable.
    return f"requests/supporting/{uuid.uuid4().hex}.{extension_of(filename)}"


class ApplicationQuerySet(OrganisationScopedQuerySet):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN)  # type: ignore[return-value]

    def clock_running(self) -> ApplicationQuerySet:
        return self.filter(status__in=CLOCK_RUNNING)  # type: ignore[return-value]


class Application(models.Model):
    """One 政府信息公开申请 (条例第二十九条)."""

    serial_number = models.CharField(
        _("申请编号"), max_length=24, unique=True, null=True, blank=True
    )
    query_code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("办理单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("申请渠道"), max_length=20, choices=Channel.choices)
    # Applicant (条例第二十九条第一项). Personal data: never on a public page or export.
    applicant_type = models.CharField(
        _("申请人类型"), max_length=10, choices=ApplicantType.choices
    )
    legal_person_kind = models.CharField(
        _("法人或其他组织类别"),
        max_length=20,
        choices=LegalPersonKind.choices,
        blank=True,
    )
    name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, blank=True
    )
    # Field-level encryption (Fernet) plus a keyed hash for look-up; see crypto.py.
    id_number_encrypted = models.TextField(_("证件号码（密文）"), blank=True)
    id_number_hash = models.CharField(
        _("证件号码检索摘要"), max_length=64, blank=True, db_index=True
    )
    id_number_masked = models.CharField(
        _("证件号码（脱敏）"), max_length=40, blank=True
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    # The information sought (第二十九条第二项、第三项).
    description = models.TextField(_("所需信息内容描述"))
    document_hint = models.CharField(_("文件名称或文号"), max_length=200, blank=True)
    delivery_method = models.CharField(
        _("获取方式"), max_length=10, choices=DeliveryMethod.choices
    )
    form = models.CharField(_("载体形式"), max_length=12, choices=DeliveryForm.choices)
    topic = models.CharField(
        _("主题领域"), max_length=20, choices=Topic.choices, blank=True
    )
    area = models.CharField(_("涉及区域"), max_length=40, blank=True)
    supporting_file = models.FileField(
        _("申请人提交的相关材料"),
        upload_to=supporting_file_path,
        blank=True,
    )
    # 条例第三十一条: the submission time and the legal receipt date are both kept.
    submitted_at = models.DateTimeField(_("提交时间"))
    # Projection of the events (written only by services).
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    status = models.CharField(
        _("办理状态"), max_length=24, choices=Status.choices, editable=False
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    clock_paused_since = models.DateField(
        _("计时暂停自"), null=True, blank=True, editable=False
    )
    extension_days = models.PositiveSmallIntegerField(
        _("延长工作日数"), default=0, editable=False
    )
    applicant_due = models.DateField(
        _("申请人补正或缴费期限"), null=True, blank=True, editable=False
    )
    fee_amount = models.PositiveIntegerField(_("信息处理费（元）"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=20),
                name="application_extension_at_most_20",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "due_date"],
                name="application_unit_status_due",
            ),
            # The daily reminder sweep: running clocks by due date.
            models.Index(
                fields=["due_date"],
                name="application_running_due",
                condition=models.Q(status__in=sorted(CLOCK_RUNNING)),
            ),
            # Online filings awaiting confirmation (dashboard), oldest first.
            models.Index(
                fields=["submitted_at", "id"],
                name="application_pending_submitted",
                condition=models.Q(status=Status.PENDING_CONFIRMATION),
            ),
            # The office dashboard: every open application by due date.
            models.Index(
                fields=["due_date", "id"],
                name="application_open_due",
                condition=models.Q(status__in=sorted(OPEN)),
            ),
            models.Index(fields=["status", "-id"], name="application_status_id"),
            models.Index(fields=["organisation", "-id"], name="application_unit_id"),
        ]
        permissions = [
            ("view_personal_data", _("查看申请人完整个人信息")),
            ("process_application", _("办理政府信息公开申请")),
        ]

    def __str__(self) -> str:
        return self.serial_number or f"#{self.pk}"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def name_masked(self) -> str:
        """A person's name as 张**; an organisation's name is not personal data."""
        if self.applicant_type == ApplicantType.LEGAL:
            return self.name
        return mask_name(self.name)


class ApplicationEvent(models.Model):
    """One step of the workflow: who, when, why (append-only)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("环节"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("操作时间"))
    on = models.DateField(_("生效日期"))
    reason = models.TextField(_("说明"), blank=True)
    payload = models.JSONField(_("详细数据"), default=dict, blank=True)
    status_after = models.CharField(
        _("操作后状态"), max_length=24, choices=Status.choices
    )

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="event_app_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class ReplyTemplate(models.Model):
    """A 统一答复口径: the office's standard wording for one situation."""

    title = models.CharField(_("适用情形"), max_length=100)
    reply_type = models.CharField(
        _("答复类型"), max_length=20, choices=ReplyType.choices
    )
    reason = models.CharField(
        _("具体情形"), max_length=40, choices=ReplyReason.choices, blank=True
    )
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    body = models.TextField(_("答复口径正文"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("适用单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空表示全区通用"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("统一答复口径")
        verbose_name_plural = _("统一答复口径")
        ordering = ["reply_type", "title"]

    def __str__(self) -> str:
        return self.title


class Reply(models.Model):
    """The 答复 of an application (条例第三十六条 to 第三十九条)."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="reply",
    )
    reply_type = models.CharField(
        _("答复类型"), max_length=20, choices=ReplyType.choices
    )
    reason = models.CharField(
        _("具体情形"), max_length=40, choices=ReplyReason.choices, blank=True
    )
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    body = models.TextField(_("答复正文"))
    template = models.ForeignKey(
        ReplyTemplate,
        verbose_name=_("所用答复口径"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delivery_method = models.CharField(
        _("送达方式"), max_length=10, choices=DeliveryMethod.choices
    )
    replied_on = models.DateField(_("答复日期"))
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_type__in=ReplyType.values),
                name="reply_type_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reply_type_display()}"


class TypicalCase(models.Model):
    """A published typical case (案例库), personal data removed."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("来源申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="typical_case",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("办理单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("案例标题"), max_length=200)
    request_summary = models.TextField(_("申请内容概要"))
    handling = models.TextField(_("办理过程与答复要点"))
    commentary = models.TextField(_("案例评析"), blank=True)
    reply_type = models.CharField(
        _("答复类型"), max_length=20, choices=ReplyType.choices
    )
    reason = models.CharField(
        _("具体情形"), max_length=40, choices=ReplyReason.choices, blank=True
    )
    topic = models.CharField(
        _("主题领域"), max_length=20, choices=Topic.choices, blank=True
    )
    is_public = models.BooleanField(_("向社会公开"), default=False)
    published_at = models.DateTimeField(_("发布时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-published_at"],
                name="case_public_published",
                condition=models.Q(is_public=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("requests:case-detail", args=[self.pk])


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: media paths must not be guessable (the original name is kept
    # in ``original_name``).
    return f"requests/attachments/{uuid.uuid4().hex}.{extension_of(filename)}"


class Attachment(models.Model):
    """A file that leaves the office with a reply or a case; checked for hidden data."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    typical_case = models.ForeignKey(
        TypicalCase,
        verbose_name=_("典型案例"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    check_status = models.CharField(
        _("隐藏数据检查"),
        max_length=10,
        choices=AttachmentCheck.choices,
        default=AttachmentCheck.PENDING,
    )
    findings = models.JSONField(_("检查发现"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False)
                | models.Q(typical_case__isnull=False),
                name="attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ReviewOutcome(models.Model):
    """A 行政复议 or 行政诉讼 about an application (annual report section 四)."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="review_outcomes",
    )
    proceeding = models.CharField(
        _("救济途径"), max_length=30, choices=Proceeding.choices
    )
    result = models.CharField(
        _("结果"),
        max_length=10,
        choices=ProceedingResult.choices,
        default=ProceedingResult.PENDING,
    )
    filed_on = models.DateField(_("提起日期"))
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("行政复议和诉讼")
        verbose_name_plural = _("行政复议和诉讼")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_proceeding_display()} {self.get_result_display()}"


class PersonalDataAccess(models.Model):
    """A record that someone viewed an applicant's unmasked identity number."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("查看时间"))
    field = models.CharField(_("字段"), max_length=40)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%Y-%m-%d %H:%M}"


class FilingKey(models.Model):
    """One idempotency key of a public filing (API ``Idempotency-Key``, form token).

    The unique key makes a retried or double-clicked submission return the first
    application instead of filing a second one (each filing starts a statutory
    deadline). Rows older than the window are purged; the query code is kept only
    encrypted and only for that window, so the retry can show it again.
    """

    key_hash = models.CharField(_("幂等键摘要"), max_length=64, unique=True)
    fingerprint = models.CharField(_("申请内容摘要"), max_length=64)
    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
    )
    query_code_encrypted = models.TextField(_("查询码（加密）"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), db_index=True)

    class Meta:
        verbose_name = _("申请幂等键")
        verbose_name_plural = _("申请幂等键")

    def __str__(self) -> str:
        return self.key_hash[:12]
