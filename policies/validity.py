"""Validity status (有效性) of policy documents: the states, the allowed changes and the
date rules. Pure: no database; every date rule takes ``today`` as an argument.

Vocabulary (shared/domain/policy-library.md): 有效 / 尚未生效 / 已修改 / 部分失效 / 失效 /
废止. 失效 (lapsed at the end of its 有效期) and 废止 (expressly repealed) are distinct
states with separate dates (失效日期, 废止日期).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Validity(models.TextChoices):
    EFFECTIVE = "effective", _("有效")
    NOT_YET_EFFECTIVE = "not_yet_effective", _("尚未生效")
    AMENDED = "amended", _("已修改")
    PARTIALLY_INVALID = "partially_invalid", _("部分失效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class RelationKind(models.TextChoices):
    """How a newer document (source) acts on an older one (target)."""

    AMENDS = "amends", _("修改")
    PARTIALLY_REPEALS = "partially_repeals", _("部分废止")
    REPEALS = "repeals", _("废止")
    REPLACES = "replaces", _("替代")
    RELATED = "related", _("相关")


# Statuses in which a document still has (some) force.
IN_FORCE = frozenset({Validity.EFFECTIVE, Validity.AMENDED, Validity.PARTIALLY_INVALID})
TERMINAL = frozenset({Validity.REPEALED})

TRANSITIONS: dict[Validity, frozenset[Validity]] = {
    Validity.NOT_YET_EFFECTIVE: frozenset(
        {Validity.EFFECTIVE, Validity.AMENDED, Validity.EXPIRED, Validity.REPEALED}
    ),
    Validity.EFFECTIVE: frozenset(
        {
            Validity.AMENDED,
            Validity.PARTIALLY_INVALID,
            Validity.EXPIRED,
            Validity.REPEALED,
        }
    ),
    Validity.AMENDED: frozenset(
        {
            Validity.AMENDED,
            Validity.EFFECTIVE,
            Validity.PARTIALLY_INVALID,
            Validity.EXPIRED,
            Validity.REPEALED,
        }
    ),
    Validity.PARTIALLY_INVALID: frozenset(
        {
            Validity.PARTIALLY_INVALID,
            Validity.AMENDED,
            Validity.EFFECTIVE,
            Validity.EXPIRED,
            Validity.REPEALED,
        }
    ),
    # A lapsed document can be extended (有效期延长) by a new decision.
    Validity.EXPIRED: frozenset({Validity.EFFECTIVE, Validity.REPEALED}),
    Validity.REPEALED: frozenset(),
}

# What recording "B <kind> A" does to A's status.
RELATION_EFFECT: dict[RelationKind, Validity] = {
    RelationKind.AMENDS: Validity.AMENDED,
    RelationKind.PARTIALLY_REPEALS: Validity.PARTIALLY_INVALID,
    RelationKind.REPEALS: Validity.REPEALED,
    RelationKind.REPLACES: Validity.REPEALED,
}


class InvalidTransition(Exception):
    def __init__(self, src: str, dst: str) -> None:
        self.src, self.dst = src, dst
        super().__init__(
            f"效力状态不能从“{Validity(src).label}”变为“{Validity(dst).label}”。"
        )


def check_transition(src: str, dst: str) -> None:
    """Raise :class:`InvalidTransition` unless ``src`` → ``dst`` is allowed."""
    if Validity(dst) not in TRANSITIONS[Validity(src)]:
        raise InvalidTransition(src, dst)


def initial_status(
    effective_date: datetime.date | None,
    expiry_date: datetime.date | None,
    today: datetime.date,
) -> Validity:
    """Return the status of a newly registered document from its dates."""
    if effective_date is not None and effective_date > today:
        return Validity.NOT_YET_EFFECTIVE
    if expiry_date is not None and expiry_date < today:
        return Validity.EXPIRED
    return Validity.EFFECTIVE


def due_status(
    status: str,
    effective_date: datetime.date | None,
    expiry_date: datetime.date | None,
    today: datetime.date,
) -> tuple[Validity, datetime.date] | None:
    """Return the status a document's dates say it has reached by ``today``, with the
    date the change took effect, or None when nothing is due.

    施行日期 reached: 尚未生效 → 有效. 有效期至 passed (the day after it): → 失效. A
    document whose both dates have passed goes straight to 失效.
    """
    current = Validity(status)
    if (
        expiry_date is not None
        and expiry_date < today
        and current in (IN_FORCE | {Validity.NOT_YET_EFFECTIVE})
    ):
        return Validity.EXPIRED, expiry_date + datetime.timedelta(days=1)
    if (
        current == Validity.NOT_YET_EFFECTIVE
        and effective_date is not None
        and effective_date <= today
    ):
        return Validity.EFFECTIVE, effective_date
    return None
