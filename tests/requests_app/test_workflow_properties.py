"""Random walks through the transition table: the projection's invariants (no DB)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.workdays import WorkCalendar
from requests_app.workflow import (
    TRANSITIONS,
    ClockEvent,
    EventKind,
    Status,
    project,
)

CAL = WorkCalendar()
PAUSED = {Status.AWAITING_CORRECTION, Status.CONSULTING, Status.AWAITING_PAYMENT}


def allowed_from(status: Status) -> list[EventKind]:
    return [k for k, t in TRANSITIONS.items() if status in t.sources]


@st.composite
def histories(draw: st.DrawFn) -> list[ClockEvent]:
    day = draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 6, 30)))
    first = draw(st.sampled_from([EventKind.SUBMITTED, EventKind.REGISTERED]))
    events = [ClockEvent(first, day)]
    status = TRANSITIONS[first].target
    assert status is not None
    extended = False
    for _ in range(draw(st.integers(0, 12))):
        choices = [
            k
            for k in allowed_from(status)
            if not (k is EventKind.EXTENDED and extended)
            and not (
                k is EventKind.CORRECTION_REQUESTED and any(e.kind is k for e in events)
            )
        ]
        if not choices:
            break
        kind = draw(st.sampled_from(choices))
        day += datetime.timedelta(days=draw(st.integers(0, 6)))
        payload: dict[str, object] = {}
        if kind is EventKind.EXTENDED:
            payload = {"days": draw(st.integers(1, 20))}
            extended = True
        if kind in (EventKind.CORRECTION_REQUESTED, EventKind.FEE_NOTICE_ISSUED):
            payload = {"applicant_due": (day + datetime.timedelta(days=20)).isoformat()}
        events.append(ClockEvent(kind, day, payload))
        status = TRANSITIONS[kind].target or status
    return events


@settings(max_examples=200, deadline=None)
@given(histories())
def test_projection_invariants(events: list[ClockEvent]) -> None:
    state = project(events, CAL)
    if state.status is Status.PENDING_CONFIRMATION:
        assert state.received_on is None and state.due_date is None
    if state.status in PAUSED:
        assert state.clock_paused_since is not None
        # A pause stops the clock, unless the period had already run out before it.
        if state.status is not Status.AWAITING_CORRECTION:
            assert state.due_date is None or state.due_date <= state.clock_paused_since
        else:
            assert state.due_date is None
    if state.due_date is not None:
        start = state.restarted_on or state.received_on
        assert start is not None
        assert CAL.is_workday(state.due_date)
        # Never earlier than the statutory period plus the extension.
        assert state.due_date >= CAL.add_workdays(start, 20 + state.extension_days)
    assert 0 <= state.extension_days <= 20
    if state.status not in (Status.AWAITING_CORRECTION, Status.AWAITING_PAYMENT):
        assert state.applicant_due is None or state.status in PAUSED


@settings(max_examples=100, deadline=None)
@given(histories())
def test_projection_is_a_pure_function_of_the_history(events: list[ClockEvent]) -> None:
    assert project(events, CAL) == project(list(events), CAL)
    prefix_states = [project(events[: i + 1], CAL).status for i in range(len(events))]
    assert prefix_states[-1] == project(events, CAL).status
