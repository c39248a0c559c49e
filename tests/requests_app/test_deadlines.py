"""The deadline engine: hand-checked cases across holidays, and properties (no DB)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from portal.workdays import WorkCalendar
from requests_app.deadlines import (
    DateRange,
    compute_deadline,
    correction_notice_last_day,
    due_date,
    receipt_date,
    working_days_left,
    working_days_used,
)

CAL = WorkCalendar()
D = datetime.date

# Hand-checked against the State Council notices (calendar-and-ids.md):
# 2024 春节 2/10-2/17 off, 2/4 (Sun) and 2/18 (Sun) worked;
# 2024 国庆 10/1-10/7 off, 9/29 (Sun) and 10/12 (Sat) worked;
# 2025 春节 1/28-2/4 off, 1/26 (Sun) and 2/8 (Sat) worked;
# 2025 国庆·中秋 10/1-10/8 off, 9/28 (Sun) and 10/11 (Sat) worked.
# Each case: received, pauses, extension, corrected-application date, due date.
CASES = [
    # 9/23-27 (5), 9/29 Sun (6), 9/30 (7), 10/8-11 (11), 10/12 Sat (12), ... 10/23 (20)
    ("2024 国庆 before", D(2024, 9, 20), [], 0, None, D(2024, 10, 23)),
    ("2024 国庆 eve", D(2024, 9, 30), [], 0, None, D(2024, 11, 1)),
    ("received on a holiday", D(2024, 10, 3), [], 0, None, D(2024, 11, 1)),
    # 2/4 Sun (1), 2/5-9 (6), 2/18 Sun (7), 2/19-23 (12), ..., 3/6 (20)
    ("2024 春节", D(2024, 2, 2), [], 0, None, D(2024, 3, 6)),
    # 1/26 Sun (1), 1/27 (2), 2/5-7 (5), 2/8 Sat (6), ..., 2/27 (20)
    ("2025 春节", D(2025, 1, 24), [], 0, None, D(2025, 2, 27)),
    # 9/28 Sun (1), 9/29-30 (3), 10/9-10 (5), 10/11 Sat (6), ..., 10/30 (20)
    ("2025 国庆", D(2025, 9, 26), [], 0, None, D(2025, 10, 30)),
    # The 20th working day is the make-up Sunday 9/28.
    ("2025 due on 调休 Sunday", D(2025, 9, 1), [], 0, None, D(2025, 9, 28)),
    # + 20: 9/29-30 (2), 10/9-10 (4), 10/11 Sat (5), 10/13-31 (20)
    ("2025 extension over 国庆", D(2025, 9, 1), [], 20, None, D(2025, 10, 31)),
    # 3 days counted by 9/25; 9/26-10/10 paused; 10/11 (4), 10/12 Sat (5), ... 11/1 (20)
    (
        "2024 consultation over 国庆",
        D(2024, 9, 20),
        [DateRange(D(2024, 9, 25), D(2024, 10, 10))],
        0,
        None,
        D(2024, 11, 1),
    ),
    # Corrected application received 2/7: 2/8 Sat (1), 2/10-14 (6), ..., 3/6 (20)
    ("2025 补正 restart", D(2025, 1, 24), [], 0, D(2025, 2, 7), D(2025, 3, 6)),
]


@pytest.mark.parametrize(
    ("label", "received", "pauses", "extension", "restarted", "expected"), CASES
)
def test_hand_checked_due_dates(
    label: str,
    received: datetime.date,
    pauses: list[DateRange],
    extension: int,
    restarted: datetime.date | None,
    expected: datetime.date,
) -> None:
    result = compute_deadline(
        received,
        today=received,
        calendar=CAL,
        pauses=pauses,
        extension_days=extension,
        restarted_on=restarted,
    )
    assert result.due_date == expected, label


def test_make_up_days_count_and_weekdays_off_do_not() -> None:
    assert CAL.is_workday(D(2024, 9, 29))  # 调休 Sunday
    assert not CAL.is_workday(D(2025, 10, 8))  # weekday in the holiday
    assert working_days_used(D(2025, 9, 26), D(2025, 10, 11), calendar=CAL) == 6


def test_open_pause_stops_the_clock() -> None:
    result = compute_deadline(
        D(2024, 9, 20),
        today=D(2024, 10, 30),
        calendar=CAL,
        pauses=[DateRange(D(2024, 9, 25), None)],
    )
    assert result.due_date is None
    assert result.paused
    assert result.used == 3
    assert result.left == 17
    assert not result.overdue


def test_overdue_counts_negative_days_left() -> None:
    result = compute_deadline(D(2024, 9, 20), today=D(2024, 10, 25), calendar=CAL)
    assert result.due_date == D(2024, 10, 23)
    assert result.overdue
    assert result.left == -2


def test_extension_beyond_twenty_days_is_refused() -> None:
    with pytest.raises(ValueError, match="20"):
        compute_deadline(
            D(2024, 1, 2), today=D(2024, 1, 2), calendar=CAL, extension_days=21
        )


def test_correction_notice_window_is_seven_working_days() -> None:
    # 2025-09-26 Fri: 9/28 Sun, 9/29, 9/30, 10/9, 10/10, 10/11 Sat, 10/13.
    assert correction_notice_last_day(D(2025, 9, 26), calendar=CAL) == D(2025, 10, 13)


def test_receipt_date_follows_article_31() -> None:
    day = D(2025, 3, 3)
    assert receipt_date("in_person", submitted_on=day) == day
    assert receipt_date("post_signed", submitted_on=day, signed_on=D(2025, 3, 5)) == D(
        2025, 3, 5
    )
    assert receipt_date("online", submitted_on=day) is None
    assert receipt_date("online", submitted_on=day, confirmed_on=D(2025, 3, 4)) == D(
        2025, 3, 4
    )
    assert receipt_date("fax", submitted_on=day, confirmed_on=day) == day


def test_calendar_override_moves_the_due_date() -> None:
    # Staff declare 2024-10-14 a day off (e.g. a local emergency closure).
    calendar = WorkCalendar(overrides={D(2024, 10, 14): False})
    assert due_date(D(2024, 9, 20), calendar=calendar) == D(2024, 10, 24)


# --- properties ------------------------------------------------------------------------

dates = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 10, 31))
extensions = st.integers(min_value=0, max_value=20)


@given(dates)
def test_without_pauses_due_is_the_twentieth_working_day(
    received: datetime.date,
) -> None:
    due = due_date(received, calendar=CAL)
    assert due == CAL.add_workdays(received, 20)
    assert due is not None and CAL.is_workday(due)
    assert CAL.workdays_between(received, due) == 20


@given(dates, extensions)
def test_extension_adds_exactly_its_working_days(
    received: datetime.date, extension: int
) -> None:
    base = due_date(received, calendar=CAL)
    extended = due_date(received, working_days=20 + extension, calendar=CAL)
    assert base is not None and extended is not None
    assert extended == CAL.add_workdays(base, extension)


@given(dates, st.integers(0, 30), st.integers(1, 40))
def test_a_pause_adds_the_working_days_it_covers(
    received: datetime.date, offset: int, length: int
) -> None:
    start = received + datetime.timedelta(days=offset)
    pause = DateRange(start, start + datetime.timedelta(days=length))
    base = due_date(received, calendar=CAL)
    paused = due_date(received, calendar=CAL, pauses=[pause])
    assert base is not None and paused is not None
    assert paused >= base
    assert working_days_used(received, paused, calendar=CAL, pauses=[pause]) == 20
    assert CAL.is_workday(paused) and not pause.covers(paused)


@given(dates, dates)
def test_due_date_is_monotonic_in_receipt(a: datetime.date, b: datetime.date) -> None:
    assume(a <= b)
    assert due_date(a, calendar=CAL) <= due_date(b, calendar=CAL)  # type: ignore[operator]


@given(dates, st.integers(0, 80), extensions)
def test_used_plus_left_is_allowed_and_overdue_matches(
    received: datetime.date, elapsed: int, extension: int
) -> None:
    today = received + datetime.timedelta(days=elapsed)
    result = compute_deadline(
        received, today=today, calendar=CAL, extension_days=extension
    )
    assert result.used + result.left == 20 + extension
    assert result.overdue == (today > result.due_date)  # type: ignore[operator]
    # Overdue from the day after the due date; a negative count needs a working day.
    if result.left < 0:
        assert result.overdue
    assert working_days_left(today, result.due_date, calendar=CAL) == result.left  # type: ignore[arg-type]


@given(dates, st.integers(0, 60))
def test_open_pause_freezes_due_date_only_when_it_starts_before_due(
    received: datetime.date, offset: int
) -> None:
    start = received + datetime.timedelta(days=offset)
    base = due_date(received, calendar=CAL)
    result = due_date(received, calendar=CAL, pauses=[DateRange(start, None)])
    assert base is not None
    assert result == (base if start >= base else None)
