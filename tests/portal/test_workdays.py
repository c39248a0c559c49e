"""Property tests of the pure working-day calendar (no database)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from portal.workdays import WorkCalendar, add_workdays, is_workday, package_covers_year

CAL = WorkCalendar()
dates = st.dates(
    min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2028, 12, 31)
)
counts = st.integers(min_value=1, max_value=60)


@given(dates, counts)
def test_result_is_a_workday(start: datetime.date, n: int) -> None:
    assert is_workday(add_workdays(start, n))


@given(dates, counts)
def test_it_is_strictly_monotonic_in_n(start: datetime.date, n: int) -> None:
    assert add_workdays(start, n) < add_workdays(start, n + 1)


@given(dates, counts)
def test_exactly_n_workdays_lie_between(start: datetime.date, n: int) -> None:
    end = add_workdays(start, n)
    assert CAL.workdays_between(start, end) == n


@given(dates, counts)
def test_negative_counts_invert(start: datetime.date, n: int) -> None:
    end = add_workdays(start, n)
    assert add_workdays(end, -n) <= start


def test_national_day_2024_is_skipped_and_adjusted_days_count() -> None:
    for day in range(1, 8):
        assert not is_workday(datetime.date(2024, 10, day))
    # Sunday 29 Sep and Saturday 12 Oct 2024 were 调休 make-up working days.
    assert is_workday(datetime.date(2024, 9, 29))
    assert is_workday(datetime.date(2024, 10, 12))
    assert add_workdays(datetime.date(2024, 9, 28), 1) == datetime.date(2024, 9, 29)
    assert add_workdays(datetime.date(2024, 9, 30), 1) == datetime.date(2024, 10, 8)
    assert add_workdays(datetime.date(2024, 10, 11), 1) == datetime.date(2024, 10, 12)


def test_spring_festival_2025_includes_new_years_eve() -> None:
    # 2025 rules add 除夕: 28 Jan – 4 Feb off, 26 Jan and 8 Feb worked.
    assert not is_workday(datetime.date(2025, 1, 28))
    assert is_workday(datetime.date(2025, 1, 26))
    assert is_workday(datetime.date(2025, 2, 8))
    assert add_workdays(datetime.date(2025, 1, 27), 1) == datetime.date(2025, 2, 5)


def test_override_wins_over_package() -> None:
    day = datetime.date(2024, 10, 2)
    cal = WorkCalendar(overrides={day: True, datetime.date(2024, 10, 8): False})
    assert cal.is_workday(day)
    assert not cal.is_workday(datetime.date(2024, 10, 8))
    assert cal.add_workdays(datetime.date(2024, 9, 30), 1) == day


def test_unknown_year_uses_weekends_only() -> None:
    year = 2031
    assert not package_covers_year(year)
    assert CAL.is_workday(datetime.date(year, 1, 1))  # a Wednesday: no holiday data
    assert not CAL.is_workday(datetime.date(year, 1, 4))  # Saturday
    assert CAL.unknown_years([2024, year]) == [year]
    assert WorkCalendar({datetime.date(year, 1, 1): False}).unknown_years([year]) == []


@given(dates)
def test_next_workday_is_a_workday_not_before_day(day: datetime.date) -> None:
    nxt = CAL.next_workday(day)
    assert nxt >= day and CAL.is_workday(nxt)
    assert CAL.workdays_between(day, nxt) <= 1
