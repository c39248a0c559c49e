"""The application workflow as an explicit table, and its projection (pure).

登记 → 审查 (补正 once) → 办理 (征求意见, 延期, 收费) → 答复 → 归档. Every step is an
event; the stored status and due date are :func:`project` of the event history.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.deadlines import DateRange


class Status(models.TextChoices):
    PENDING_CONFIRMATION = "pending_confirmation", _("待确认收到")
    REGISTERED = "registered", _("已登记")
    REVIEWING = "reviewing", _("审查中")
    AWAITING_CORRECTION = "awaiting_correction", _("待申请人补正")
    PROCESSING = "processing", _("办理中")
    CONSULTING = "consulting", _("征求意见中")
    AWAITING_PAYMENT = "awaiting_payment", _("待缴纳信息处理费")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已终止办理")
    ARCHIVED = "archived", _("已归档")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交申请")
    REGISTERED = "registered", _("登记")
    CONFIRMED = "confirmed", _("确认收到申请")
    REVIEW_STARTED = "review_started", _("开始审查")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")
    CORRECTION_RECEIVED = "correction_received", _("收到补正申请")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正，终止办理")
    ACCEPTED = "accepted", _("受理办理")
    HANDLER_ASSIGNED = "handler_assigned", _("指定办理人")
    TRANSFERRED = "transferred", _("转办")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")
    CONSULTATION_ENDED = "consultation_ended", _("收到意见或征求期满")
    EXTENDED = "extended", _("延长答复期限")
    FEE_NOTICE_ISSUED = "fee_notice_issued", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳信息处理费")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费，终止办理")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")
    REPLIED = "replied", _("答复")
    ARCHIVED = "archived", _("归档")
    DELIVERED = "delivered", _("送达")


class InvalidTransition(Exception):
    """A workflow step that the current state does not allow (message in Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status | None  # None: the step keeps the current state


S = Status
_OPEN_STEPS = frozenset({S.REGISTERED, S.REVIEWING, S.PROCESSING})

TRANSITIONS: Mapping[EventKind, Transition] = {
    EventKind.SUBMITTED: Transition(frozenset(), S.PENDING_CONFIRMATION),
    EventKind.REGISTERED: Transition(frozenset(), S.REGISTERED),
    EventKind.CONFIRMED: Transition(frozenset({S.PENDING_CONFIRMATION}), S.REGISTERED),
    EventKind.REVIEW_STARTED: Transition(frozenset({S.REGISTERED}), S.REVIEWING),
    EventKind.CORRECTION_REQUESTED: Transition(
        frozenset({S.REGISTERED, S.REVIEWING}), S.AWAITING_CORRECTION
    ),
    EventKind.CORRECTION_RECEIVED: Transition(
        frozenset({S.AWAITING_CORRECTION}), S.REVIEWING
    ),
    EventKind.CORRECTION_LAPSED: Transition(
        frozenset({S.AWAITING_CORRECTION}), S.CLOSED
    ),
    EventKind.ACCEPTED: Transition(
        frozenset({S.REGISTERED, S.REVIEWING}), S.PROCESSING
    ),
    EventKind.HANDLER_ASSIGNED: Transition(
        _OPEN_STEPS | {S.PENDING_CONFIRMATION, S.CONSULTING, S.AWAITING_PAYMENT}, None
    ),
    EventKind.TRANSFERRED: Transition(_OPEN_STEPS | {S.PENDING_CONFIRMATION}, None),
    EventKind.CONSULTATION_STARTED: Transition(frozenset({S.PROCESSING}), S.CONSULTING),
    EventKind.CONSULTATION_ENDED: Transition(frozenset({S.CONSULTING}), S.PROCESSING),
    EventKind.EXTENDED: Transition(frozenset({S.PROCESSING, S.CONSULTING}), None),
    EventKind.FEE_NOTICE_ISSUED: Transition(
        frozenset({S.PROCESSING}), S.AWAITING_PAYMENT
    ),
    EventKind.FEE_PAID: Transition(frozenset({S.AWAITING_PAYMENT}), S.PROCESSING),
    EventKind.FEE_LAPSED: Transition(frozenset({S.AWAITING_PAYMENT}), S.CLOSED),
    # The applicant may withdraw at any point before the reply (annual report:
    # 其他处理 → 3.其他).
    EventKind.WITHDRAWN: Transition(
        frozenset(
            {
                S.PENDING_CONFIRMATION,
                S.REGISTERED,
                S.REVIEWING,
                S.AWAITING_CORRECTION,
                S.PROCESSING,
                S.CONSULTING,
                S.AWAITING_PAYMENT,
            }
        ),
        S.CLOSED,
    ),
    # 不予处理 (e.g. 信访类, 重复申请) can be answered straight from review.
    EventKind.REPLIED: Transition(frozenset({S.REVIEWING, S.PROCESSING}), S.REPLIED),
    EventKind.ARCHIVED: Transition(frozenset({S.REPLIED, S.CLOSED}), S.ARCHIVED),
    # 送达: each notice or reply delivered to the applicant is recorded as a step that
    # keeps the state (条例第四十五条: 申请登记、审核、办理、答复、归档 records).
    EventKind.DELIVERED: Transition(frozenset(S), None),
}

TERMINAL: frozenset[Status] = frozenset({S.ARCHIVED})
# States in which the reply clock runs (reminders are sent for these only).
CLOCK_RUNNING: frozenset[Status] = frozenset({S.REGISTERED, S.REVIEWING, S.PROCESSING})
# Not yet answered: what the dashboard lists.
OPEN: frozenset[Status] = frozenset(
    {
        S.PENDING_CONFIRMATION,
        S.REGISTERED,
        S.REVIEWING,
        S.AWAITING_CORRECTION,
        S.PROCESSING,
        S.CONSULTING,
        S.AWAITING_PAYMENT,
    }
)
# Answered or ended: what a typical case or a 复议/诉讼 record may be made from.
CONCLUDED: frozenset[Status] = frozenset({S.REPLIED, S.CLOSED, S.ARCHIVED})
# Steps taken by the system (sweeps, filing, delivery), never offered to staff.
AUTOMATIC: frozenset[EventKind] = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.REGISTERED,
        EventKind.CORRECTION_LAPSED,
        EventKind.FEE_LAPSED,
        EventKind.DELIVERED,
    }
)


def next_steps(status: Status) -> list[EventKind]:
    """Return the staff steps that the table allows from ``status``."""
    return [
        kind
        for kind, transition in TRANSITIONS.items()
        if status in transition.sources and kind not in AUTOMATIC
    ]


def refusal_hint(status: Status, kind: EventKind) -> str:
    """Name the step to take first so that ``kind`` becomes possible from ``status``.

    The first steps of the shortest paths through the table, so the hint cannot drift
    from the rules.
    """
    wanted = TRANSITIONS[kind].sources

    def onward(state: Status) -> list[EventKind]:
        # Withdrawal is the applicant's choice, never advice to staff.
        return [s for s in next_steps(state) if s is not EventKind.WITHDRAWN]

    frontier: dict[Status, set[EventKind]] = {}
    for step in onward(status):
        target = TRANSITIONS[step].target
        if target is not None and target != status:
            frontier.setdefault(target, set()).add(step)
    seen = {status, *frontier}
    while frontier:
        leading = {
            s for state, steps in frontier.items() if state in wanted for s in steps
        }
        if leading:
            ordered = [step for step in TRANSITIONS if step in leading]
            return "请先" + "或".join(f"“{step.label}”" for step in ordered) + "。"
        following: dict[Status, set[EventKind]] = {}
        for state, firsts in frontier.items():
            for step in onward(state):
                target = TRANSITIONS[step].target
                if target is not None and target not in seen:
                    following.setdefault(target, set()).update(firsts)
        seen.update(following)
        frontier = following
    possible = next_steps(status)
    if possible:
        return "当前可以：" + "、".join(f"“{step.label}”" for step in possible) + "。"
    return "该申请的办理已经结束。"


def check_transition(status: Status | None, kind: EventKind) -> Status:
    """Return the state after ``kind`` from ``status``; raise :class:`InvalidTransition`."""
    transition = TRANSITIONS[kind]
    if status is None:
        if transition.sources:
            raise InvalidTransition(f"申请尚未登记，不能执行“{kind.label}”。")
        return transition.target  # type: ignore[return-value]
    if status not in transition.sources:
        raise InvalidTransition(
            f"申请当前状态为“{Status(status).label}”，不能执行“{kind.label}”。"
            + refusal_hint(Status(status), kind)
        )
    return transition.target or Status(status)


def clock_label(
    status: str,
    *,
    received_on: datetime.date | None,
    paused_since: datetime.date | None,
) -> str:
    """Say why the reply clock shows no running count ('' while it runs).

    An online filing's clock has not started before staff confirm it: 条例第三十一条
    makes the confirmation day the day of receipt (the period counts from the next day).
    """
    if status == Status.AWAITING_CORRECTION:
        # 条例第三十条: the period runs afresh from receipt of the corrected request.
        return "计时暂停（待申请人补正，收到补正后重新计算）"
    if status == Status.PENDING_CONFIRMATION or (
        received_on is None and status in OPEN
    ):
        return "未起算（确认收到申请之日为收到申请之日，答复期限自次日起计算）"
    if paused_since is not None and status in OPEN:
        return f"计时暂停（自{paused_since:%Y-%m-%d}起）"
    if status in CONCLUDED:
        return "已办结"
    return ""


@dataclass(frozen=True)
class ClockEvent:
    """What the projection needs of one event row."""

    kind: EventKind
    on: datetime.date  # the legal date of the step (e.g. the day a letter arrived)
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Projection:
    status: Status
    received_on: datetime.date | None
    restarted_on: datetime.date | None
    due_date: datetime.date | None
    clock_paused_since: datetime.date | None
    extension_days: int
    applicant_due: datetime.date | None
    pauses: tuple[DateRange, ...]


def project(
    events: Sequence[ClockEvent],
    calendar: WorkCalendar,
    *,
    fee_pauses_clock: bool = True,
) -> Projection:
    """Return the stored state of an application derived from its event history.

    ``fee_pauses_clock``: whether the 收费通知-to-payment period is excluded from the
    reply period ([U] in the 办法; configurable, on by default).
    """
    status: Status | None = None
    received_on: datetime.date | None = None
    restarted_on: datetime.date | None = None
    extension_days = 0
    applicant_due: datetime.date | None = None
    pauses: list[DateRange] = []
    open_pause: datetime.date | None = None
    awaiting_correction_since: datetime.date | None = None

    for event in events:
        status = check_transition(status, event.kind)
        kind = event.kind
        if kind in (EventKind.REGISTERED, EventKind.CONFIRMED):
            received_on = event.on
        elif kind is EventKind.CORRECTION_REQUESTED:
            awaiting_correction_since = event.on
            applicant_due = _date(event.payload.get("applicant_due"))
        elif kind is EventKind.CORRECTION_RECEIVED:
            # 条例第三十条: the period runs afresh from receipt of the corrected request.
            restarted_on = event.on
            pauses = []
            awaiting_correction_since = None
            applicant_due = None
        elif kind is EventKind.CONSULTATION_STARTED or (
            kind is EventKind.FEE_NOTICE_ISSUED and fee_pauses_clock
        ):
            open_pause = event.on
            if kind is EventKind.FEE_NOTICE_ISSUED:
                applicant_due = _date(event.payload.get("applicant_due"))
        elif kind is EventKind.FEE_NOTICE_ISSUED:
            applicant_due = _date(event.payload.get("applicant_due"))
        elif kind in (EventKind.CONSULTATION_ENDED, EventKind.FEE_PAID):
            if open_pause is not None:
                pauses.append(DateRange(open_pause, max(open_pause, event.on)))
                open_pause = None
            applicant_due = None
        elif kind is EventKind.EXTENDED:
            extension_days += int(event.payload.get("days", 0))
        elif kind in (
            EventKind.CORRECTION_LAPSED,
            EventKind.FEE_LAPSED,
            EventKind.WITHDRAWN,
            EventKind.REPLIED,
        ):
            applicant_due = None
            if open_pause is not None:
                pauses.append(DateRange(open_pause, max(open_pause, event.on)))
                open_pause = None

    if status is None:
        raise InvalidTransition("没有任何办理记录。")

    all_pauses = tuple(pauses) + (
        (DateRange(open_pause, None),) if open_pause is not None else ()
    )
    due: datetime.date | None = None
    paused_since = open_pause
    if status is Status.AWAITING_CORRECTION:
        paused_since = awaiting_correction_since
    elif received_on is not None:
        start = restarted_on or received_on
        due = deadlines.due_date(
            start,
            working_days=deadlines.REPLY_WORKING_DAYS + extension_days,
            calendar=calendar,
            pauses=[p for p in all_pauses if p.end is None or p.end > start],
        )
    return Projection(
        status=status,
        received_on=received_on,
        restarted_on=restarted_on,
        due_date=due,
        clock_paused_since=paused_since,
        extension_days=extension_days,
        applicant_due=applicant_due,
        pauses=all_pauses,
    )


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
