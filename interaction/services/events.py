"""政府开放月 registrations: places are confirmed by the database, never by a count in Python."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from interaction.models import OpenMonthEvent, Registration, RegistrationStatus
from interaction.models.events import IdType
from interaction.services.mailbox import random_code
from portal import roles
from portal.checkdigits import is_valid_resident_id, normalise_resident_id
from portal.pii import mask_id_number


class RegistrationError(Exception):
    """A refused registration step (message in Chinese, safe to show)."""


def _new_checkin_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


@transaction.atomic
def register_for_event(
    event: OpenMonthEvent,
    *,
    name: str,
    phone: str,
    id_type: str = "",
    id_number: str = "",
    now: datetime.datetime,
) -> Registration:
    """Register for ``event``: confirmed while places last, otherwise on the waiting list.

    The event row is locked for the duration, and a place is taken only by the
    conditional ``UPDATE … SET confirmed_count = confirmed_count + 1 WHERE
    confirmed_count < capacity``; a CHECK constraint backs it, so no interleaving of
    sign-ups can confirm more people than there are places.
    """
    event = OpenMonthEvent.objects.select_for_update().get(pk=event.pk)
    if not event.is_published:
        raise RegistrationError("活动不存在或尚未发布。")
    if now < event.registration_opens_at:
        raise RegistrationError("报名尚未开始。")
    if now >= event.registration_closes_at:
        raise RegistrationError("报名已截止。")
    masked = ""
    if event.requires_id:
        if id_type not in IdType.values or not id_number.strip():
            raise RegistrationError("本活动须登记身份证件，请填写证件类型和号码。")
        if id_type == IdType.RESIDENT_ID and not is_valid_resident_id(id_number):
            raise RegistrationError("居民身份证号码不正确，请核对（校验位不符）。")
        masked = mask_id_number(normalise_resident_id(id_number))
    if Registration.objects.filter(
        event=event, phone=phone, status__in=_ACTIVE
    ).exists():
        raise RegistrationError("该手机号已报名本活动，无需重复报名。")
    took_place = (
        OpenMonthEvent.objects.filter(
            pk=event.pk, confirmed_count__lt=F("capacity")
        ).update(confirmed_count=F("confirmed_count") + 1)
        == 1
    )
    status = RegistrationStatus.CONFIRMED if took_place else RegistrationStatus.WAITING
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Registration.objects.create(
                    event=event,
                    name=name,
                    phone=phone,
                    id_type=id_type if event.requires_id else "",
                    id_number_masked=masked,
                    status=status,
                    code=random_code(10),
                    checkin_code=_new_checkin_code(),
                    created_at=now,
                    confirmed_at=now if took_place else None,
                )
        except IntegrityError:
            continue  # a random code collided: draw again
    raise RegistrationError("报名人数较多，请稍后重试。")


_ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


@transaction.atomic
def cancel_registration(code: str, *, now: datetime.datetime) -> Registration:
    """Cancel with the registration code; a freed place goes to the first on the waiting list."""
    registration = (
        Registration.objects.select_for_update()
        .filter(code=code.strip().upper())
        .first()
    )
    if registration is None:
        raise RegistrationError("报名码不正确。")
    event = OpenMonthEvent.objects.select_for_update().get(pk=registration.event_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError("该报名已取消。")
    if now >= event.starts_at:
        raise RegistrationError("活动已开始，不能取消报名。")
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if was_confirmed:
        waiting = (
            Registration.objects.select_for_update()
            .filter(event=event, status=RegistrationStatus.WAITING)
            .order_by("created_at", "id")
            .first()
        )
        if waiting is not None:
            waiting.status = RegistrationStatus.CONFIRMED
            waiting.confirmed_at = now
            waiting.save(update_fields=["status", "confirmed_at"])
        else:
            OpenMonthEvent.objects.filter(pk=event.pk).update(
                confirmed_count=F("confirmed_count") - 1
            )
    return registration


@transaction.atomic
def check_in(
    event: OpenMonthEvent, checkin_code: str, *, actor: Any, now: datetime.datetime
) -> Registration:
    """Verify a check-in code at the door and record attendance."""
    if not roles.is_office_admin(actor) and (
        not roles.has_role(actor, roles.INTERACTION_HANDLER)
        or actor.organisation_id != event.organisation_id
    ):
        raise RegistrationError("只有主办单位的工作人员可以核验签到。")
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, checkin_code=checkin_code.strip())
        .first()
    )
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationError("签到码无效或该报名未确认。")
    if registration.checked_in_at is not None:
        raise RegistrationError(
            f"该签到码已于 {registration.checked_in_at:%H:%M} 签到，不能重复使用。"
        )
    registration.checked_in_at = now
    registration.save(update_fields=["checked_in_at"])
    return registration
