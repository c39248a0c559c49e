"""The staff dashboard: the unit's open applications, one page at a time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    F,
    QuerySet,
)
from django.utils import timezone

from portal.pagination import Page, paginate_without_count
from portal.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.models import (
    Application,
)
from requests_app.workflow import Status, clock_label


@dataclass(frozen=True)
class DashboardRow:
    application: Application
    days_left: int | None  # working days; None while the clock is stopped
    overdue: bool
    clock: str = ""  # why no count is shown: 未起算 / 计时暂停

    @property
    def days_late(self) -> int:
        return (
            -self.days_left if self.days_left is not None and self.days_left < 0 else 0
        )


def dashboard_queryset(user: Any) -> QuerySet[Application]:
    """The user's unit's open applications, earliest due first (overdue on top)."""
    return (
        Application.objects.open()
        .visible_to(user)
        .select_related("organisation", "handler")
        .only(
            "id",
            "serial_number",
            "status",
            "due_date",
            "clock_paused_since",
            "received_on",
            "submitted_at",
            "channel",
            "topic",
            "organisation__name",
            "handler__username",
            "handler__full_name",
        )
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


DASHBOARD_PAGE_SIZE = 25


def dashboard_page(
    user: Any, *, page: int, today: datetime.date, calendar: WorkCalendar
) -> tuple[Page[Application], list[DashboardRow]]:
    """One page of the dashboard, uncounted (one query): the count would cost more."""
    current = paginate_without_count(
        dashboard_queryset(user), page, page_size=DASHBOARD_PAGE_SIZE
    )
    rows = []
    for application in current.items:
        left = (
            deadlines.working_days_left(today, application.due_date, calendar=calendar)
            if application.due_date is not None
            else None
        )
        clock = clock_label(
            application.status,
            received_on=application.received_on,
            paused_since=application.clock_paused_since,
        )
        rows.append(
            DashboardRow(application, left, left is not None and left < 0, clock)
        )
    return current, rows


def unconfirmed_online_filings(
    user: Any, *, today: datetime.date, calendar: WorkCalendar, limit: int = 50
) -> list[Application]:
    """Online/fax filings not confirmed within one working day of submission."""
    cutoff_day = calendar.add_workdays(today, -1)
    cutoff = timezone.make_aware(
        datetime.datetime.combine(cutoff_day, datetime.time.min)
    )
    return list(
        Application.objects.visible_to(user)
        .filter(status=Status.PENDING_CONFIRMATION, submitted_at__lt=cutoff)
        .select_related("organisation")
        .only("id", "serial_number", "submitted_at", "channel", "organisation__name")
        .order_by("submitted_at", "id")[:limit]
    )
