"""The working-day calendar as pure functions.

A day is a working day according to, in order: a staff-entered override; the
``chinesecalendar`` package (State Council holiday notices, including 调休 make-up
working days); for a year neither knows, Monday to Friday. Nothing here touches the
database: callers pass the overrides in (``portal.selectors.work_calendar`` loads them).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=64)
def package_covers_year(year: int) -> bool:
    """Return True when the installed ``chinesecalendar`` has data for ``year``."""
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _package_is_workday(day: datetime.date) -> bool | None:
    if not package_covers_year(day.year):
        return None
    return bool(chinese_calendar.is_workday(day))


@dataclass(frozen=True)
class WorkCalendar:
    """A working-day calendar: package data plus ``overrides`` (date -> is working day)."""

    overrides: Mapping[datetime.date, bool] = field(default_factory=dict)

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        known = _package_is_workday(day)
        if known is not None:
            return known
        # Unknown year: weekends only, until staff enter the year's notice.
        return day.weekday() < 5

    def year_is_known(self, year: int) -> bool:
        """Return True when the package or at least one override covers ``year``."""
        return package_covers_year(year) or any(d.year == year for d in self.overrides)

    def unknown_years(self, years: Iterable[int]) -> list[int]:
        return [year for year in years if not self.year_is_known(year)]

    def add_workdays(self, start: datetime.date, n: int) -> datetime.date:
        """Return the ``n``-th working day after ``start`` (``start`` itself not counted).

        ``n == 0`` returns ``start``; a negative ``n`` counts backwards.
        """
        if n == 0:
            return start
        step = datetime.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: datetime.date, end: datetime.date) -> int:
        """Count working days in the half-open interval ``(start, end]``; 0 if end <= start."""
        count = 0
        day = start
        one = datetime.timedelta(days=1)
        while day < end:
            day += one
            if self.is_workday(day):
                count += 1
        return count

    def next_workday(self, day: datetime.date) -> datetime.date:
        """Return ``day`` if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += datetime.timedelta(days=1)
        return day


DEFAULT_CALENDAR = WorkCalendar()


def is_workday(day: datetime.date, calendar: WorkCalendar = DEFAULT_CALENDAR) -> bool:
    return calendar.is_workday(day)


def add_workdays(
    start: datetime.date, n: int, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> datetime.date:
    return calendar.add_workdays(start, n)
