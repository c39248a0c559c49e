"""Pure rules: catalogue time limits, node due dates, project stage statuses."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from disclosure import rules
from disclosure.rules import StageFacts, StageStatus


def add_calendar_days(day: datetime.date, n: int) -> datetime.date:
    return day + datetime.timedelta(days=n)


@given(st.integers(min_value=-1000, max_value=1000))
def test_time_limit_is_refused_exactly_outside_its_range(n: int) -> None:
    problem = rules.check_time_limit(n)
    assert (problem == "") == (1 <= n <= rules.MAX_TIME_LIMIT_WORKDAYS)


def test_time_limit_messages_are_chinese() -> None:
    assert "至少" in rules.check_time_limit(0)
    assert "不能超过" in rules.check_time_limit(9999)
    assert rules.check_time_limit(None)
    assert rules.check_update_cycle(None) == ""
    assert rules.check_update_cycle(-3)


@given(
    st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=60),
)
def test_node_due_date_follows_the_last_publication(
    last: datetime.date, cycle: int, limit: int
) -> None:
    due = rules.node_due_date(
        last_published=last,
        node_created=datetime.date(2019, 1, 1),
        update_cycle_days=cycle,
        time_limit_workdays=limit,
        add_workdays=add_calendar_days,
    )
    assert due == last + datetime.timedelta(days=cycle + limit)


def test_a_node_without_a_cycle_is_never_due() -> None:
    assert (
        rules.node_due_date(
            last_published=None,
            node_created=datetime.date(2020, 1, 1),
            update_cycle_days=None,
            time_limit_workdays=20,
            add_workdays=add_calendar_days,
        )
        is None
    )


D = datetime.date


def test_stage_statuses_table() -> None:
    today = D(2024, 6, 1)
    views = rules.stage_statuses(
        "construction",
        [
            StageFacts("approved", D(2024, 3, 1), D(2024, 2, 20)),  # on time
            StageFacts("started", D(2024, 4, 1), None),  # due passed: missing
            StageFacts("ongoing", D(2024, 5, 1), D(2024, 5, 10)),  # late
            StageFacts("completed", D(2024, 12, 1), None),  # not yet due
        ],
        today,
    )
    assert [v.status for v in views] == [
        StageStatus.DONE,
        StageStatus.MISSING,
        StageStatus.LATE,
        StageStatus.PENDING,
    ]
    assert [v.label for v in views] == ["批准", "开工", "实施", "竣工"]


def test_a_gap_before_a_published_stage_is_flagged_without_a_due_date() -> None:
    views = rules.stage_statuses(
        "eia",
        [StageFacts("decided", None, D(2024, 5, 1))],
        D(2024, 6, 1),
    )
    assert [v.status for v in views] == [
        StageStatus.SKIPPED,
        StageStatus.SKIPPED,
        StageStatus.DONE,
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([c for c, _ in rules.STAGES["eia"]]),
            st.none() | st.dates(),
            st.none() | st.dates(),
        ),
        max_size=5,
    ),
    st.dates(),
)
def test_every_stage_appears_once_in_order(facts, today) -> None:
    views = rules.stage_statuses(
        "eia", [StageFacts(code, due, pub) for code, due, pub in facts], today
    )
    assert [v.code for v in views] == [c for c, _ in rules.STAGES["eia"]]
    for view in views:
        if view.published is not None:
            assert view.status in (StageStatus.DONE, StageStatus.LATE)
