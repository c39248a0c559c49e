"""Pure supervision rules: staleness, dormancy, compliance, task risk."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from portal.workdays import WorkCalendar
from supervision import rules

D = datetime.date


def test_an_account_is_stale_after_two_weeks_without_update() -> None:
    today = D(2024, 6, 30)
    assert not rules.is_stale(D(2024, 6, 16), None, today)  # 14 days: still fine
    assert rules.is_stale(D(2024, 6, 15), None, today)  # 15 days
    # Never updated: counts from opening; with neither date it is stale.
    assert not rules.is_stale(None, D(2024, 6, 20), today)
    assert rules.is_stale(None, None, today)
    assert rules.stale_since(D(2024, 6, 15), None) == D(2024, 6, 30)


def test_window_is_a_parameter() -> None:
    assert not rules.is_stale(D(2024, 6, 1), None, D(2024, 6, 30), window_days=30)


def test_dormant_accounts_are_long_silent_or_unfollowed() -> None:
    today = D(2024, 12, 31)
    assert rules.is_dormant(D(2024, 12, 30), None, 10, today)  # few followers
    assert rules.is_dormant(D(2024, 9, 1), None, 50_000, today)  # silent > 90 days
    assert not rules.is_dormant(D(2024, 12, 30), None, 50_000, today)


def test_inspection_pass_mark_and_veto() -> None:
    assert rules.inspection_passed(60, False)
    assert not rules.inspection_passed(59.5, False)
    assert not rules.inspection_passed(100, True)


def test_compliance_needs_one_of_each() -> None:
    assert rules.Compliance(1, 1).met
    assert not rules.Compliance(3, 0).met
    assert not rules.Compliance(0, 2).met


def test_q4_period() -> None:
    assert rules.in_q4_reminder_period(D(2024, 10, 1), 2024)
    assert not rules.in_q4_reminder_period(D(2024, 9, 30), 2024)
    assert not rules.in_q4_reminder_period(D(2025, 1, 2), 2024)


def test_task_risk_counts_working_days() -> None:
    calendar = WorkCalendar()
    # 2024-09-30 (Mon) is followed by the National Day holiday (10-01..10-07).
    assert rules.task_risk(D(2024, 10, 9), D(2024, 9, 30), calendar) == "at_risk"
    assert rules.task_risk(D(2024, 9, 29), D(2024, 9, 30), calendar) == "overdue"
    assert rules.task_risk(D(2024, 11, 30), D(2024, 9, 30), calendar) is None


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 12, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_sql_cutoff_agrees_with_the_rule(today, ahead) -> None:
    calendar = WorkCalendar()
    deadline = today + datetime.timedelta(days=ahead)
    in_sql = deadline < rules.at_risk_before(today, calendar)
    assert in_sql == (rules.task_risk(deadline, today, calendar) == "at_risk")
