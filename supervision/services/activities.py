"""Writes of meetings and trainings (工作要点（十二）)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.models import Organisation
from portal.roles import SUPERVISION_LIAISON, has_role, is_office_admin
from supervision.models import Activity


@transaction.atomic
def record_activity(
    organisation: Organisation,
    *,
    kind: str,
    title: str,
    held_on: datetime.date,
    participants: int,
    actor: Any,
    today: datetime.date,
    minutes: str = "",
) -> Activity:
    """Record a unit's 专题会议 or 专题培训; a date in the future is refused."""
    own_unit = getattr(actor, "organisation_id", None) == organisation.pk
    if not (
        is_office_admin(actor) or (own_unit and has_role(actor, SUPERVISION_LIAISON))
    ):
        raise PermissionDenied("只能录入本单位的会议和培训。")
    if held_on > today:
        raise ValidationError({"held_on": "日期不能晚于今天：请在举办后录入。"})
    activity = Activity(
        organisation=organisation,
        kind=kind,
        title=title,
        held_on=held_on,
        participants=participants,
        minutes=minutes,
    )
    activity.full_clean()
    activity.save()
    return activity
