"""The task workflow table and its projection (pure, no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supervision.workflow import (
    OPEN,
    TERMINAL,
    TRANSITIONS,
    InvalidTransition,
    LedgerEvent,
    TaskEventKind,
    TaskStatus,
    check_transition,
    project,
)

K = TaskEventKind
DAY = datetime.date(2024, 7, 1)


def ev(kind: TaskEventKind, text: str = "", day: int = 0) -> LedgerEvent:
    return LedgerEvent(kind, DAY + datetime.timedelta(days=day), text)


def test_full_flow_with_a_return() -> None:
    state = project(
        [
            ev(K.ASSIGNED),
            ev(K.PROGRESS_REPORTED, "方案已定", 1),
            ev(K.SUBMITTED, "已完成", 2),
            ev(K.RETURNED, "材料不全", 3),
            ev(K.SUBMITTED, "已补充", 4),
            ev(K.ACCEPTED, "", 5),
        ]
    )
    assert state.status is TaskStatus.DONE
    assert state.progress_text == "已补充"  # a return reason is not progress
    assert state.last_reported_on == DAY + datetime.timedelta(days=4)
    assert state.completed_on == DAY + datetime.timedelta(days=5)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (TaskStatus.ASSIGNED, K.ACCEPTED),
        (TaskStatus.IN_PROGRESS, K.RETURNED),
        (TaskStatus.DONE, K.PROGRESS_REPORTED),
        (TaskStatus.DONE, K.SUBMITTED),
        (TaskStatus.SUBMITTED, K.PROGRESS_REPORTED),
        (None, K.PROGRESS_REPORTED),
    ],
)
def test_refused_steps_raise_with_a_chinese_message(status, kind) -> None:
    with pytest.raises(InvalidTransition) as error:
        check_transition(status, kind)
    assert "不能执行" in error.value.message


def test_empty_history_is_refused() -> None:
    with pytest.raises(InvalidTransition):
        project([])


@given(st.lists(st.sampled_from(list(K)), max_size=12))
def test_projection_follows_the_table(kinds) -> None:
    events = [ev(K.ASSIGNED)] + [ev(kind, f"t{i}", i) for i, kind in enumerate(kinds)]
    status = None
    try:
        for event in events:
            status = check_transition(status, event.kind)
    except InvalidTransition:
        with pytest.raises(InvalidTransition):
            project(events)
        return
    state = project(events)
    assert state.status is status
    assert (state.completed_on is not None) == (state.status in TERMINAL)
    # Nothing leaves the terminal state.
    if state.status in TERMINAL:
        assert all(TaskStatus.DONE not in TRANSITIONS[k].sources for k in K)
    assert not (OPEN & TERMINAL)
