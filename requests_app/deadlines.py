"""The reply-deadline engine (pure: no database, no clock; ``today`` is passed in).

Legal basis (``shared/domain/ogi-regulation.md``):

- 条例第三十三条第二款: reply within 20 个工作日 of receipt; one extension of at most
  20 个工作日 with the approval of the 政府信息公开工作机构负责人.
- 条例第三十三条第三款: time spent consulting third parties (第三十二条) or other organs
  (第三十四条) is not counted.
- 条例第三十条: after a 补正 notice, the period runs from the receipt of the corrected
  application.
- 《信息处理费管理办法》: the time from the 收费通知 to payment is believed not to count
  ([U]; the caller decides whether fee periods are passed in as pauses).

Counting convention ([U], ``calendar-and-ids.md``): the receipt day itself is not
counted; the period starts with the first working day after it and the due date is the
20th working day. A pause ``DateRange(start, end)`` stops the clock for the working
days in ``(start, end]``: the day the consultation letter goes out still counts, the
day the answer arrives does not (like a receipt day), counting resumes after it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from portal.workdays import WorkCalendar

# 条例第三十三条第二款.
REPLY_WORKING_DAYS = 20
MAX_EXTENSION_WORKING_DAYS = 20
# 条例第三十条: the 补正 notice goes out within 7 working days of receipt.
CORRECTION_NOTICE_WORKING_DAYS = 7
# 条例第三十二条 / 第三十四条: consulted parties have 15 working days to answer.
CONSULTATION_WORKING_DAYS = 15
# 办法 (as restated by the Sichuan notice, [V-sec]): pay within 20 working days from the
# day after receiving the 收费通知.
FEE_PAYMENT_WORKING_DAYS = 20

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class DateRange:
    """A pause of the clock; ``end is None`` while it is still running."""

    start: datetime.date
    end: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Deadline:
    start: datetime.date  # the day the period counts from (not itself counted)
    allowed: int  # working days allowed, extension included
    due_date: datetime.date | None  # None while a pause stops the clock before it
    used: int  # working days counted up to and including ``today``
    left: int  # allowed - used; negative when overdue
    overdue: bool
    paused: bool


def _is_counted(
    day: datetime.date, calendar: WorkCalendar, pauses: Sequence[DateRange]
) -> bool:
    return calendar.is_workday(day) and not any(p.covers(day) for p in pauses)


def due_date(
    received: datetime.date,
    *,
    working_days: int = REPLY_WORKING_DAYS,
    calendar: WorkCalendar,
    pauses: Sequence[DateRange] = (),
) -> datetime.date | None:
    """Return the last day of a period of ``working_days`` counted after ``received``.

    Working days inside ``pauses`` are skipped; ``None`` when an open pause stops the
    clock before the period ends.
    """
    if working_days < 0:
        raise ValueError("working_days cannot be negative")
    if working_days == 0:
        return received
    open_from = min((p.start for p in pauses if p.end is None), default=None)
    counted = 0
    day = received
    while True:
        day += _ONE_DAY
        if open_from is not None and day > open_from:
            return None
        if _is_counted(day, calendar, pauses):
            counted += 1
            if counted == working_days:
                return day


def working_days_used(
    start: datetime.date,
    today: datetime.date,
    *,
    calendar: WorkCalendar,
    pauses: Sequence[DateRange] = (),
) -> int:
    """Count the clock's working days in ``(start, today]``, pauses excluded."""
    count = 0
    day = start
    while day < today:
        day += _ONE_DAY
        if _is_counted(day, calendar, pauses):
            count += 1
    return count


def compute_deadline(
    received: datetime.date,
    *,
    today: datetime.date,
    calendar: WorkCalendar,
    pauses: Sequence[DateRange] = (),
    extension_days: int = 0,
    restarted_on: datetime.date | None = None,
    working_days: int = REPLY_WORKING_DAYS,
) -> Deadline:
    """Return the reply deadline of an application as of ``today``.

    ``restarted_on`` is the day the corrected application was received (条例第三十条:
    答复期限自行政机关收到补正的申请之日起计算); pauses before it no longer matter.
    """
    if not 0 <= extension_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ValueError("an extension is 0 to 20 working days (条例第三十三条)")
    start = restarted_on if restarted_on is not None else received
    relevant = [p for p in pauses if p.end is None or p.end > start]
    allowed = working_days + extension_days
    due = due_date(start, working_days=allowed, calendar=calendar, pauses=relevant)
    used = working_days_used(start, today, calendar=calendar, pauses=relevant)
    paused = any(p.end is None or p.covers(today) for p in relevant)
    return Deadline(
        start=start,
        allowed=allowed,
        due_date=due,
        used=used,
        left=allowed - used,
        overdue=due is not None and today > due,
        paused=paused,
    )


def correction_notice_last_day(
    received: datetime.date, *, calendar: WorkCalendar
) -> datetime.date:
    """Return the last day to send the one 补正 notice (条例第三十条: 7个工作日内)."""
    return calendar.add_workdays(received, CORRECTION_NOTICE_WORKING_DAYS)


def fee_payment_due(
    notice_received: datetime.date, *, calendar: WorkCalendar
) -> datetime.date:
    """Return the last day to pay: 20 working days from the day after the notice."""
    return calendar.add_workdays(notice_received, FEE_PAYMENT_WORKING_DAYS)


def working_days_left(
    today: datetime.date, due: datetime.date, *, calendar: WorkCalendar
) -> int:
    """Return working days from ``today`` (excluded) to ``due``; negative when late."""
    if today <= due:
        return calendar.workdays_between(today, due)
    return -calendar.workdays_between(due, today)


def receipt_date(
    channel: str,
    *,
    submitted_on: datetime.date,
    signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
) -> datetime.date | None:
    """Return the legal receipt date of an application (条例第三十一条), or None.

    当面提交: the day of submission. 邮寄 with signature: the day the office signs
    for it. 平常信函, 互联网, 传真: the day both sides confirm (``None`` until then).
    """
    if channel == "in_person":
        return submitted_on
    if channel == "post_signed":
        return signed_on or submitted_on
    return confirmed_on
