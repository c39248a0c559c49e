"""The work-point task workflow as an explicit table, and its projection (pure).

分派 → 报送进展 (any number of times) → 报送完成 → 办公室验收 (完成) or 退回 → 报送… Every
step is a :class:`TaskEvent` row; the stored status, latest progress text and completion
date are :func:`project` of the event history (工作要点（十四）: 日常监管、督促落实).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待落实")
    IN_PROGRESS = "in_progress", _("推进中")
    SUBMITTED = "submitted", _("已报送待验收")
    RETURNED = "returned", _("已退回")
    DONE = "done", _("已完成")


class TaskEventKind(models.TextChoices):
    ASSIGNED = "assigned", _("分派任务")
    PROGRESS_REPORTED = "progress_reported", _("报送进展")
    SUBMITTED = "submitted", _("报送完成")
    ACCEPTED = "accepted", _("验收通过")
    RETURNED = "returned", _("退回")


class InvalidTransition(Exception):
    """A ledger step the task's current state does not allow (message in Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    sources: frozenset[TaskStatus]
    target: TaskStatus


S = TaskStatus
_UNIT_CAN_REPORT = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED})

TRANSITIONS: Mapping[TaskEventKind, Transition] = {
    TaskEventKind.ASSIGNED: Transition(frozenset(), S.ASSIGNED),
    TaskEventKind.PROGRESS_REPORTED: Transition(_UNIT_CAN_REPORT, S.IN_PROGRESS),
    TaskEventKind.SUBMITTED: Transition(_UNIT_CAN_REPORT, S.SUBMITTED),
    TaskEventKind.ACCEPTED: Transition(frozenset({S.SUBMITTED}), S.DONE),
    TaskEventKind.RETURNED: Transition(frozenset({S.SUBMITTED}), S.RETURNED),
}

TERMINAL: frozenset[TaskStatus] = frozenset({S.DONE})
# Still the unit's move: what "at risk" and "overdue" reminders are about.
OPEN: frozenset[TaskStatus] = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED})
# Kinds whose text is the unit's progress statement (read by the annual report).
PROGRESS_KINDS: frozenset[TaskEventKind] = frozenset(
    {TaskEventKind.PROGRESS_REPORTED, TaskEventKind.SUBMITTED}
)


def check_transition(status: TaskStatus | None, kind: TaskEventKind) -> TaskStatus:
    """Return the state after ``kind`` from ``status``; raise :class:`InvalidTransition`."""
    transition = TRANSITIONS[kind]
    if status is None:
        if transition.sources:
            raise InvalidTransition(f"任务尚未分派，不能执行“{kind.label}”。")
        return transition.target
    if status not in transition.sources:
        raise InvalidTransition(
            f"任务当前状态为“{TaskStatus(status).label}”，不能执行“{kind.label}”。"
        )
    return transition.target


@dataclass(frozen=True)
class LedgerEvent:
    """What the projection needs of one event row."""

    kind: TaskEventKind
    on: datetime.date
    text: str = ""


@dataclass(frozen=True)
class TaskProjection:
    status: TaskStatus
    progress_text: str
    last_reported_on: datetime.date | None
    completed_on: datetime.date | None


def project(events: Sequence[LedgerEvent]) -> TaskProjection:
    """Return the stored state of a task derived from its event history."""
    status: TaskStatus | None = None
    progress_text = ""
    last_reported_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    for event in events:
        status = check_transition(status, event.kind)
        if event.kind in PROGRESS_KINDS:
            progress_text = event.text
            last_reported_on = event.on
        completed_on = event.on if event.kind is TaskEventKind.ACCEPTED else None
    if status is None:
        raise InvalidTransition("没有任何任务记录。")
    return TaskProjection(
        status=status,
        progress_text=progress_text,
        last_reported_on=last_reported_on,
        completed_on=completed_on if status is S.DONE else None,
    )
