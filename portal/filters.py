"""Filter fields every list shares: an ``updated_since`` moment and a row id.

Both turn anything a database would choke on into a form error (a 400 in the API, a
message on a page) before a query is built: PostgreSQL refuses UTC offsets beyond
±15:59 and SQLite overflows on ids past a signed 64-bit integer.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware

# The largest value of a PostgreSQL bigint / SQLite integer (an AutoField id fits).
MAX_ID = 2**63 - 1
# UTC offsets in use run from -12:00 to +14:00; PostgreSQL accepts up to ±15:59.
MAX_UTC_OFFSET = datetime.timedelta(hours=15, minutes=59)

MOMENT_FORMAT_MESSAGE = "时间格式不正确，应为 2024-01-31 或 2024-01-31T08:00:00+08:00。"


def parse_moment(value: str) -> datetime.datetime:
    """Return ``value`` (an ISO date or date-time) as an aware moment in UTC.

    A bare date means its start in the site's time zone. Raise ``ValueError`` with a
    Chinese message for anything else, an offset beyond ±15:59, or a moment that
    falls outside the representable years once moved to UTC.
    """
    if "\x00" in value:
        raise ValueError(MOMENT_FORMAT_MESSAGE)
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise ValueError
            moment = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        raise ValueError(MOMENT_FORMAT_MESSAGE) from None
    if is_naive(moment):
        moment = make_aware(moment, get_current_timezone())
    offset = moment.utcoffset()
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("时区偏移超出范围，应在 -15:59 与 +15:59 之间，如 +08:00。")
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        # Within a day of the ends of the calendar: "since the first day" means
        # everything, "since the last" nothing.
        if moment.year == 1:
            return datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return datetime.datetime.max.replace(tzinfo=datetime.UTC)


class UpdatedSinceField(forms.CharField):
    """An ISO date or date-time; a date means its start in Asia/Shanghai."""

    def clean(self, value: Any) -> datetime.datetime | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_moment(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class UpdatedSinceFilter(django_filters.Filter):
    field_class = UpdatedSinceField


class IdField(forms.IntegerField):
    """A row id: a positive integer that fits the database's id column."""

    default_error_messages = {
        "invalid": "编号应为正整数。",
        "min_value": "编号应为正整数。",
        "max_value": "编号超出范围。",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.Filter):
    field_class = IdField
