"""Time-driven work: deadline reminders and lapsed applicant periods."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from portal.reminders.sweep import SweepResult, sweep
from portal.selectors import work_calendar
from requests_app import deadlines, notifications
from requests_app.models import (
    Application,
)
from requests_app.services._events import (
    local_date,
)
from requests_app.services.steps import close_for_no_correction, close_for_non_payment
from requests_app.workflow import (
    InvalidTransition,
    Status,
)

# --- time-driven work --------------------------------------------------------------------


def reminder_threshold(days_left: int) -> str | None:
    """Return the reminder due for ``days_left`` working days, the most urgent first."""
    if days_left < 0:
        return "overdue"
    for limit in (1, 3, 5):
        if days_left <= limit:
            return f"{limit}d"
    return None


def send_deadline_reminders(*, now: datetime.datetime) -> SweepResult:
    """E-mail the handler and the unit when a reply is 5, 3, 1 working days from due,
    and when it is overdue; each (application, threshold, due date) once.

    Selects by state (running clock, due within 5 working days), so a missed day
    catches up; when several thresholds passed at once only the most urgent is sent.
    """
    from requests_app.selectors import applications_due_for_reminders

    calendar = work_calendar()
    today = local_date(now)
    due: list[tuple[Application, str, datetime.date | None]] = []
    for application in applications_due_for_reminders(today, calendar):
        assert application.due_date is not None  # noqa: S101 - selected on due_date
        left = deadlines.working_days_left(
            today, application.due_date, calendar=calendar
        )
        threshold = reminder_threshold(left)
        if threshold is not None:
            # The marker belongs to this due date: an extension that moves it
            # re-arms the 5/3/1-day reminders for the new date.
            due.append((application, threshold, application.due_date))
    return sweep(due, send=notifications.send_deadline_reminder, now=now)


@dataclass(frozen=True)
class LapseResult:
    closed: int


def close_lapsed_applications(*, now: datetime.datetime) -> LapseResult:
    """Close applications whose 补正 or payment period has passed (idempotent)."""
    from requests_app.selectors import applications_past_applicant_due

    closed = 0
    for application in applications_past_applicant_due(local_date(now)):
        try:
            if application.status == Status.AWAITING_CORRECTION:
                close_for_no_correction(application, actor=None, now=now)
            else:
                close_for_non_payment(application, actor=None, now=now)
        except InvalidTransition:
            # Another run, or a member of staff, got there first.
            continue
        closed += 1
    return LapseResult(closed=closed)
