"""The letter workflow table and its projection (pure, no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interaction.workflow import (
    TRANSITIONS,
    InvalidTransition,
    LetterEventKind,
    LetterStatus,
    Step,
    check_transition,
    project,
)
from portal.workdays import WorkCalendar

K = LetterEventKind
CAL = WorkCalendar()
T0 = datetime.datetime(2024, 3, 5, 2, 0, tzinfo=datetime.UTC)  # Tue 10:00 Shanghai


def at(days: int) -> datetime.datetime:
    return T0 + datetime.timedelta(days=days)


def test_due_date_is_five_working_days_after_receipt() -> None:
    state = project([Step(K.SUBMIT, at(0))], calendar=CAL)
    assert state.due_date == datetime.date(2024, 3, 12)  # Tue + 5 working days
    assert state.status == LetterStatus.SUBMITTED


def test_due_date_skips_the_national_day_holiday() -> None:
    submitted = datetime.datetime(2024, 9, 30, 2, tzinfo=datetime.UTC)
    state = project([Step(K.SUBMIT, submitted)], calendar=CAL)
    # 1-7 Oct are holidays; 8-11 Oct count 1-4 and Saturday 12 Oct, a make-up
    # working day (调休), is the fifth.
    assert state.due_date == datetime.date(2024, 10, 12)


def test_transfer_keeps_the_deadline_and_reopen_starts_a_new_one() -> None:
    steps = [
        Step(K.SUBMIT, at(0)),
        Step(K.ASSIGN, at(0), unit_id=1),
        Step(K.TRANSFER, at(1), unit_id=2),
    ]
    state = project(steps, calendar=CAL)
    assert state.unit_id == 2
    assert state.due_date == datetime.date(2024, 3, 12)
    steps += [Step(K.REPLY, at(2)), Step(K.REOPEN, at(6))]
    state = project(steps, calendar=CAL)
    assert state.status == LetterStatus.REOPENED
    assert state.due_date == datetime.date(2024, 3, 18)  # Mon 11 + 5 working days
    assert state.reopens == 1


def test_only_one_reopen() -> None:
    steps = [
        Step(K.SUBMIT, at(0)),
        Step(K.ASSIGN, at(0), unit_id=1),
        Step(K.REPLY, at(1)),
        Step(K.REOPEN, at(2)),
        Step(K.REPLY, at(3)),
        Step(K.REOPEN, at(4)),
    ]
    with pytest.raises(InvalidTransition, match="只能申请重新办理一次"):
        project(steps, calendar=CAL)


def test_reply_before_assignment_is_refused() -> None:
    with pytest.raises(InvalidTransition):
        check_transition(LetterStatus.SUBMITTED, K.REPLY)


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(st.lists(st.sampled_from(list(K)), max_size=12))
def test_any_sequence_either_projects_or_raises_invalid_transition(
    kinds: list[str],
) -> None:
    steps = [Step(K.SUBMIT, at(0))] + [
        Step(kind, at(i + 1), unit_id=1) for i, kind in enumerate(kinds)
    ]
    try:
        state = project(steps, calendar=CAL)
    except InvalidTransition:
        return
    assert state.status in LetterStatus.values
    assert state.reopens <= 1
    assert state.due_date is not None
    # The resulting state is reachable only through the table.
    if kinds:
        sources, target = TRANSITIONS[kinds[-1]]
        assert target is None or state.status == target
