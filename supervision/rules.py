"""Supervision rules that need no database (pure; ``today`` is always passed in).

Sources: 2024 工作要点（十）（十二）; ``shared/domain/gov-website.md`` on the 检查指标
(国办秘函〔2019〕19号) and 政务新媒体 (国办发〔2018〕123号).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from portal.workdays import WorkCalendar

# 检查指标: 「监测点前两周内未更新」 is the usual non-update test for 政务新媒体 [V-sec].
# The window is a setting (SUPERVISION_NEW_MEDIA_STALE_DAYS) because provinces vary.
DEFAULT_STALE_DAYS = 14
# 瘦身提质 ([U], 国办发〔2018〕123号 「长期零发布、零粉丝、零关注」): no update for a
# quarter, or fewer followers than this, proposes the account for closure. Settings.
DEFAULT_DORMANT_DAYS = 90
DEFAULT_MIN_FOLLOWERS = 100
# 检查指标 scoring: below 60 points (or any 单项否决) is 不合格 [V-sec].
PASS_SCORE = 60
# A task whose deadline is this many working days away or fewer is "at risk".
AT_RISK_WORKING_DAYS = 5
# 工作要点（十二）: the Q4 reminder starts in this month for units still short.
Q4_FIRST_MONTH = 10


def is_stale(
    last_updated_on: datetime.date | None,
    opened_on: datetime.date | None,
    today: datetime.date,
    *,
    window_days: int = DEFAULT_STALE_DAYS,
) -> bool:
    """Return True when an open account has not been updated within ``window_days``.

    An account never updated counts from its opening date (a new account gets the
    same window to publish its first post); with neither date it is stale.
    """
    reference = last_updated_on or opened_on
    if reference is None:
        return True
    return (today - reference).days > window_days


def stale_since(
    last_updated_on: datetime.date | None,
    opened_on: datetime.date | None,
    *,
    window_days: int = DEFAULT_STALE_DAYS,
) -> datetime.date | None:
    """Return the first day on which the account counts as stale (``None``: at once)."""
    reference = last_updated_on or opened_on
    if reference is None:
        return None
    return reference + datetime.timedelta(days=window_days + 1)


def inspection_passed(score: float, vetoed: bool) -> bool:
    """Return True when an inspection passes: no 单项否决 and at least 60 points."""
    return not vetoed and score >= PASS_SCORE


def is_dormant(
    last_updated_on: datetime.date | None,
    opened_on: datetime.date | None,
    followers: int,
    today: datetime.date,
    *,
    dormant_days: int = DEFAULT_DORMANT_DAYS,
    min_followers: int = DEFAULT_MIN_FOLLOWERS,
) -> bool:
    """Return True for a low-activity account the 瘦身提质 report proposes to close."""
    long_silent = is_stale(last_updated_on, opened_on, today, window_days=dormant_days)
    return long_silent or followers < min_followers


@dataclass(frozen=True)
class Compliance:
    """工作要点（十二）: at least one 专题会议 and one 专题培训 per unit and year."""

    meetings: int
    trainings: int

    @property
    def meeting_met(self) -> bool:
        return self.meetings >= 1

    @property
    def training_met(self) -> bool:
        return self.trainings >= 1

    @property
    def met(self) -> bool:
        return self.meeting_met and self.training_met


def in_q4_reminder_period(today: datetime.date, year: int) -> bool:
    """Return True when the Q4 meeting/training reminder for ``year`` is due."""
    return today.year == year and today.month >= Q4_FIRST_MONTH


def task_risk(
    deadline: datetime.date, today: datetime.date, calendar: WorkCalendar
) -> str | None:
    """Return ``"overdue"``, ``"at_risk"`` or ``None`` for an open task's deadline.

    Overdue: the deadline day has passed. At risk: the deadline is at most
    :data:`AT_RISK_WORKING_DAYS` working days away.
    """
    if deadline < today:
        return "overdue"
    if calendar.workdays_between(today, deadline) <= AT_RISK_WORKING_DAYS:
        return "at_risk"
    return None


def at_risk_before(today: datetime.date, calendar: WorkCalendar) -> datetime.date:
    """Return the first deadline that is *not* at risk (for an SQL ``deadline <`` filter).

    ``deadline < at_risk_before(today)`` holds exactly when
    ``calendar.workdays_between(today, deadline) <= AT_RISK_WORKING_DAYS``.
    """
    return calendar.add_workdays(today, AT_RISK_WORKING_DAYS + 1)
