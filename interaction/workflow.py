"""The mayor's-mailbox letter workflow as an explicit table, and its projection (pure).

提交 → 分办 (转办 any number of times) → 答复 → 评价 (办结), or, once, 不满意 → 重新办理 →
答复 → 评价. Every step is an event row; the stored status, handling unit and due date are
:func:`project` of the event history and are written only by ``interaction.services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workdays import WorkCalendar

# 《政府网站发展指引》 asks for a time limit on 网民留言; Shandong practice is 5 working
# days for a first reply [domain/gov-website.md, U]: a setting, not a constant.
DEFAULT_REPLY_WORKING_DAYS = 5
# A dissatisfied writer may ask once for the letter to be handled again.
MAX_REOPENS = 1


class LetterStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    REOPENED = "reopened", _("重新办理中")
    CLOSED = "closed", _("已办结")


class LetterEventKind(models.TextChoices):
    SUBMIT = "submit", _("来信")
    ASSIGN = "assign", _("分办")
    TRANSFER = "transfer", _("转办")
    REPLY = "reply", _("答复")
    RATE = "rate", _("评价")
    REOPEN = "reopen", _("申请重新办理")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


OPEN_STATES = frozenset({LetterStatus.ASSIGNED, LetterStatus.REOPENED})

# event kind -> (states it may start from, state it leads to; None keeps the state)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    LetterEventKind.SUBMIT: (frozenset({""}), LetterStatus.SUBMITTED),
    LetterEventKind.ASSIGN: (
        frozenset({LetterStatus.SUBMITTED}),
        LetterStatus.ASSIGNED,
    ),
    LetterEventKind.TRANSFER: (OPEN_STATES, None),
    LetterEventKind.REPLY: (OPEN_STATES, LetterStatus.REPLIED),
    LetterEventKind.RATE: (frozenset({LetterStatus.REPLIED}), LetterStatus.CLOSED),
    LetterEventKind.REOPEN: (frozenset({LetterStatus.REPLIED}), LetterStatus.REOPENED),
}
TERMINAL = frozenset({LetterStatus.CLOSED})


class InvalidTransition(Exception):
    """A step that the letter's current state does not allow (message in Chinese)."""


def check_transition(status: str, kind: str, *, reopens: int = 0) -> str:
    """Return the state ``kind`` leads to from ``status``, or raise InvalidTransition."""
    sources, target = TRANSITIONS[kind]
    if status not in sources:
        label = LetterStatus(status).label if status else "未提交"
        raise InvalidTransition(
            f"来信当前状态为“{label}”，不能{LetterEventKind(kind).label}。"
        )
    if kind == LetterEventKind.REOPEN and reopens >= MAX_REOPENS:
        raise InvalidTransition("每件来信只能申请重新办理一次。")
    return target or status


@dataclass(frozen=True)
class Step:
    """The part of an event row the projection reads."""

    kind: str
    at: datetime.datetime
    unit_id: int | None = None


@dataclass(frozen=True)
class LetterState:
    status: str
    unit_id: int | None
    due_date: datetime.date | None
    reopens: int
    first_replied_at: datetime.datetime | None
    last_replied_at: datetime.datetime | None


def due_from(
    start: datetime.date, calendar: WorkCalendar, working_days: int
) -> datetime.date:
    """Return the reply deadline: ``working_days`` working days after ``start``.

    The day of receipt is not counted (same convention as the disclosure regulation's
    “自收到申请之日起”).
    """
    return calendar.add_workdays(start, working_days)


def project(
    steps: Sequence[Step],
    *,
    calendar: WorkCalendar,
    working_days: int = DEFAULT_REPLY_WORKING_DAYS,
) -> LetterState:
    """Replay ``steps`` (oldest first) and return the letter's derived state.

    The deadline runs from receipt to the first reply and is not reset by a transfer
    (the writer waits the same); a reopen starts a fresh deadline of the same length.
    """
    status = ""
    unit_id: int | None = None
    due: datetime.date | None = None
    reopens = 0
    first_replied: datetime.datetime | None = None
    last_replied: datetime.datetime | None = None
    for step in steps:
        status = check_transition(status, step.kind, reopens=reopens)
        day = timezone.localtime(step.at).date()
        if step.kind == LetterEventKind.SUBMIT:
            due = due_from(day, calendar, working_days)
        elif step.kind in (LetterEventKind.ASSIGN, LetterEventKind.TRANSFER):
            unit_id = step.unit_id
        elif step.kind == LetterEventKind.REPLY:
            first_replied = first_replied or step.at
            last_replied = step.at
        elif step.kind == LetterEventKind.REOPEN:
            reopens += 1
            due = due_from(day, calendar, working_days)
    return LetterState(
        status=status,
        unit_id=unit_id,
        due_date=due,
        reopens=reopens,
        first_replied_at=first_replied,
        last_replied_at=last_replied,
    )
