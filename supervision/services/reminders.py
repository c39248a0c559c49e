"""Supervision reminders through the shared idempotent sweep (``portal.reminders``).

Each sweep selects by *state*, so a missed day catches up, and the sent-marker makes a
second run send nothing new.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from portal.models import Organisation
from portal.reminders.sweep import SweepResult, sweep
from portal.selectors import work_calendar
from supervision import rules, selectors
from supervision.models import NewMediaAccount, Task
from supervision.notifications import send_unit_reminder


@dataclass(frozen=True)
class ReminderRun:
    tasks: SweepResult
    activities: SweepResult
    accounts: SweepResult


def _send_task(task: Task, threshold: str) -> list[str]:
    return send_unit_reminder(
        task.organisation, "task_reminder", {"task": task, "threshold": threshold}
    )


def send_task_reminders(now: datetime.datetime) -> SweepResult:
    """Remind units of tasks at risk (≤5 working days) and once more when overdue."""
    today = timezone.localdate(now)
    related = ("organisation", "work_point")
    due: list[tuple[Task, str]] = [
        (task, "overdue")
        for task in selectors.overdue_tasks(today).select_related(*related)
    ]
    due += [
        (task, "at_risk")
        for task in selectors.at_risk_tasks(today, work_calendar()).select_related(
            *related
        )
    ]
    return sweep(due, send=_send_task, now=now)


def send_activity_reminders(now: datetime.datetime) -> SweepResult:
    """工作要点（十二）: in Q4, remind each unit still short of a meeting or a training.

    The threshold names the year, so each unit is reminded once a year at most.
    """
    today = timezone.localdate(now)
    if not rules.in_q4_reminder_period(today, today.year):
        return SweepResult(sent=0, skipped=0)
    short = {
        row.organisation.pk: row.compliance
        for row in selectors.compliance_table(today.year)
        if not row.met
    }
    units = Organisation.objects.filter(pk__in=short)

    def send(unit: Organisation, threshold: str) -> list[str]:
        return send_unit_reminder(
            unit,
            "activity_reminder",
            {"year": today.year, "compliance": short[unit.pk]},
        )

    return sweep(
        [(unit, f"activities-{today.year}") for unit in units], send=send, now=now
    )


def send_stale_account_reminders(now: datetime.datetime) -> SweepResult:
    """Remind the owning unit of each account not updated within the window.

    The threshold carries the last-update date, so a fresh stale spell after an
    update is reminded again, but one spell only once.
    """
    today = timezone.localdate(now)
    days = selectors.stale_days()

    def send(account: NewMediaAccount, threshold: str) -> list[str]:
        return send_unit_reminder(
            account.organisation,
            "stale_account",
            {"account": account, "days": days},
        )

    due = [
        (account, f"stale-{account.last_updated_on or account.opened_on or 'never'}")
        for account in selectors.stale_accounts(today)
    ]
    return sweep(due, send=send, now=now)


def send_supervision_reminders(now: datetime.datetime) -> ReminderRun:
    return ReminderRun(
        tasks=send_task_reminders(now),
        activities=send_activity_reminders(now),
        accounts=send_stale_account_reminders(now),
    )
