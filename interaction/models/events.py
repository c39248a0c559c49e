"""政府开放月: events with a capacity and their registrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.scoping import OrganisationScopedQuerySet


class OpenMonthEventQuerySet(OrganisationScopedQuerySet):
    def public(self) -> OpenMonthEventQuerySet:
        """The one visibility rule for events: published by staff."""
        return self.filter(is_published=True)


class OpenMonthEvent(models.Model):
    """A 政府开放月 event. ``confirmed_count`` never exceeds ``capacity`` (a database
    constraint), and only a conditional UPDATE of that column confirms a place."""

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动内容"), blank=True)
    place = models.CharField(_("活动地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    capacity = models.PositiveIntegerField(_("名额"))
    confirmed_count = models.PositiveIntegerField(
        _("已确认人数"), default=0, editable=False
    )
    registration_opens_at = models.DateTimeField(_("报名开始时间"))
    registration_closes_at = models.DateTimeField(_("报名截止时间"))
    requires_id = models.BooleanField(_("须登记身份证件"), default=False)
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OpenMonthEventQuerySet.as_manager()

    if TYPE_CHECKING:
        organisation_id: int

    class Meta:
        verbose_name = _("政府开放月活动")
        verbose_name_plural = _("政府开放月活动")
        ordering = ["-starts_at", "-id"]
        permissions = [("check_in_registration", _("核验签到"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")),
                name="interaction_event_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="interaction_event_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:event-detail", args=[self.pk])

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("报名成功")
    WAITING = "waiting", _("候补")
    CANCELLED = "cancelled", _("已取消")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    OTHER = "other", _("其他证件")


class Registration(models.Model):
    event = models.ForeignKey(
        OpenMonthEvent,
        verbose_name=_("活动"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, blank=True
    )
    # Only the masked form is kept: the check digit was verified at registration.
    id_number_masked = models.CharField(
        _("证件号码（脱敏）"), max_length=30, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=RegistrationStatus.choices, editable=False
    )
    code = models.CharField(_("报名码"), max_length=12, unique=True, editable=False)
    checkin_code = models.CharField(_("签到码"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("报名时间"), editable=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, editable=False)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, editable=False)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="interaction_registration_status_valid",
            ),
            models.UniqueConstraint(
                fields=["event", "checkin_code"],
                name="interaction_registration_checkin_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "created_at"],
                name="interaction_reg_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.code}"
