"""Writes of the 政务新媒体 register: closing, update dates, inspections, reposts."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from portal.models import IndexEntry
from portal.roles import is_office_admin
from supervision.models import Inspection, NewMediaAccount, Repost, RepostRequirement


def _own_or_office(actor: Any, account: NewMediaAccount) -> None:
    if is_office_admin(actor):
        return
    if getattr(actor, "organisation_id", None) != account.organisation_id:
        raise PermissionDenied("只能操作本单位的政务新媒体账号。")


@transaction.atomic
def close_account(
    account: NewMediaAccount,
    *,
    closed_on: datetime.date,
    reason: str,
    approval: str,
    actor: Any,
) -> NewMediaAccount:
    """Record the closure of an account with its reason and approval ([U] 关停备案)."""
    _own_or_office(actor, account)
    locked = NewMediaAccount.objects.select_for_update().get(pk=account.pk)
    if locked.closed_on is not None:
        raise ValidationError("该账号已关停。")
    if not reason.strip() or not approval.strip():
        raise ValidationError("关停账号须填写关停原因和审批情况。")
    locked.closed_on = closed_on
    locked.closure_reason = reason.strip()
    locked.closure_approval = approval.strip()
    locked.full_clean()
    locked.save(
        update_fields=["closed_on", "closure_reason", "closure_approval", "updated_at"]
    )
    return locked


def record_last_update(
    account: NewMediaAccount, *, updated_on: datetime.date, today: datetime.date
) -> bool:
    """Store a newer last-update date; return False when it is not newer.

    A later report never moves the date backwards (an older import row is ignored).
    """
    if updated_on > today:
        raise ValidationError("最近更新日期不能晚于今天。")
    if account.opened_on and updated_on < account.opened_on:
        raise ValidationError("最近更新日期不能早于开设日期。")
    changed = (
        NewMediaAccount.objects.filter(pk=account.pk)
        .filter(Q(last_updated_on__isnull=True) | Q(last_updated_on__lt=updated_on))
        .update(last_updated_on=updated_on)
    )
    if changed:
        account.last_updated_on = updated_on
    return bool(changed)


@transaction.atomic
def record_inspection(
    account: NewMediaAccount,
    *,
    inspected_on: datetime.date,
    score: float,
    vetoed: bool,
    findings: str,
    actor: Any,
    rectification_deadline: datetime.date | None = None,
) -> Inspection:
    """Record an inspection of ``account`` (office only); a failed one needs a deadline."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以录入检查结果。")
    inspection = Inspection(
        account=account,
        inspected_on=inspected_on,
        score=score,
        vetoed=vetoed,
        findings=findings,
        rectification_deadline=rectification_deadline,
        inspector=actor,
    )
    inspection.full_clean()
    if not inspection.passed and rectification_deadline is None:
        raise ValidationError(
            {"rectification_deadline": "检查不合格的账号须设定整改时限。"}
        )
    inspection.save()
    return inspection


@transaction.atomic
def record_rectification(
    inspection: Inspection, *, rectified_on: datetime.date, result: str, actor: Any
) -> Inspection:
    """Record that the findings of ``inspection`` were put right."""
    _own_or_office(actor, inspection.account)
    inspection.rectified_on = rectified_on
    inspection.rectification_result = result
    inspection.full_clean()
    inspection.save(update_fields=["rectified_on", "rectification_result"])
    return inspection


@transaction.atomic
def require_repost(
    entry: IndexEntry, *, required_by: datetime.date, actor: Any, note: str = ""
) -> RepostRequirement:
    """Mark a published item as one the whole new-media matrix must repost."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以发起集中转载。")
    if required_by < entry.published_at.date():
        raise ValidationError({"required_by": "转载时限不能早于信息发布日期。"})
    requirement, _created = RepostRequirement.objects.get_or_create(
        entry=entry,
        defaults={"required_by": required_by, "note": note, "created_by": actor},
    )
    return requirement


@transaction.atomic
def record_repost(
    requirement: RepostRequirement,
    account: NewMediaAccount,
    *,
    reposted_on: datetime.date,
    actor: Any,
    url: str = "",
) -> Repost:
    """Record that ``account`` reposted the required item (once per account)."""
    _own_or_office(actor, account)
    if reposted_on < requirement.entry.published_at.date():
        raise ValidationError({"reposted_on": "转载日期不能早于信息发布日期。"})
    repost, _created = Repost.objects.get_or_create(
        requirement=requirement,
        account=account,
        defaults={"reposted_on": reposted_on, "url": url},
    )
    return repost
