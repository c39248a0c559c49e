"""The staff dashboard: the unit's open applications, one page at a time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    F,
    QuerySet,
)
from django.utils import timezone
from django.utils.functional import cached_property

from portal.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.models import (
    Application,
)
from requests_app.workflow import Status, clock_label


class NoCountPaginator(Paginator):
    """A paginator that never runs ``COUNT(*)``: it fetches one row more than a page.

    On a million applications the exact count costs more than the page itself.
    """

    MAX_PAGE = 10_000

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return 10**9

    def page(self, number: Any) -> Page:  # type: ignore[override]
        text = str(number)
        # ASCII only: int() also reads full-width digits of any length.
        number = int(text) if text.isascii() and text.isdigit() else 1
        number = min(max(1, number), self.MAX_PAGE)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        page = Page(rows[: self.per_page], number, self)
        page.has_next = lambda: len(rows) > self.per_page  # type: ignore[method-assign]
        return page


# --- public tracking ---------------------------------------------------------------------


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


def dashboard_page(
    user: Any, *, page: Any, today: datetime.date, calendar: WorkCalendar
) -> tuple[Page, list[DashboardRow]]:
    paginator = NoCountPaginator(dashboard_queryset(user), 25)
    current = paginator.page(page)
    rows = []
    for application in current.object_list:
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
