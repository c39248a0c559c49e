"""The shared list filters: ``updated_since`` moments and row ids (no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.filters import MAX_UTC_OFFSET, parse_moment

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31", datetime.datetime(2024, 1, 30, 16, tzinfo=datetime.UTC)),
        (
            "2024-01-31T08:00:00+08:00",
            datetime.datetime(2024, 1, 31, 0, tzinfo=datetime.UTC),
        ),
        ("2024-01-31T00:00:00Z", datetime.datetime(2024, 1, 31, tzinfo=datetime.UTC)),
        (
            "2024-01-31T00:00:00-15:59",
            datetime.datetime(2024, 1, 31, 15, 59, tzinfo=datetime.UTC),
        ),
    ],
)
def test_it_reads_dates_and_moments_as_utc(
    text: str, expected: datetime.datetime
) -> None:
    assert parse_moment(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-01-31T00:00:00+16:00", "时区偏移超出范围"),
        ("2024-01-31T00:00:00-23:59", "时区偏移超出范围"),
        ("2024-02-30", "时间格式不正确"),
        ("2024-01-31\x00", "时间格式不正确"),
        ("yesterday", "时间格式不正确"),
    ],
)
def test_it_refuses_what_a_database_cannot_store(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_moment(text)


@given(
    st.datetimes(
        min_value=datetime.datetime(1900, 1, 1),  # noqa: DTZ001 (naive bounds)
        max_value=datetime.datetime(2200, 1, 1),  # noqa: DTZ001
    ),
    st.integers(min_value=-959, max_value=959),
)
def test_any_offset_within_range_is_the_same_instant_in_utc(
    moment: datetime.datetime, minutes: int
) -> None:
    offset = datetime.timedelta(hours=minutes // 60, minutes=minutes % 60)
    if abs(offset) > MAX_UTC_OFFSET:
        return
    aware = moment.replace(microsecond=0, tzinfo=datetime.timezone(offset))
    parsed = parse_moment(aware.isoformat())
    assert parsed == aware
    assert parsed.utcoffset() == datetime.timedelta(0)


def test_a_moment_past_the_ends_of_the_calendar_is_the_end_itself() -> None:
    # Valid ISO 8601, yet outside datetime's range once moved to UTC: "since the
    # first day" keeps everything, "since the last day" nothing.
    assert parse_moment("0001-01-01T00:00:00+01:00") == datetime.datetime.min.replace(
        tzinfo=datetime.UTC
    )
    assert parse_moment("9999-12-31T23:59:59-01:00") == datetime.datetime.max.replace(
        tzinfo=datetime.UTC
    )
