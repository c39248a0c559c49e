"""What the admin home shows a 依申请公开 handler: their unit's open applications by days left.

A small read kept apart from ``selectors.py`` so the admin site depends on one narrow
function. Working days are counted with the same calendar and rule as the workbench
(条例第三十三条: 答复期限以工作日计).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from portal import roles
from portal.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.models import Application

# The admin home lists the most urgent few; the workbench has the rest.
HOME_LIMIT = 10


@dataclass(frozen=True)
class HomeApplication:
    application: Application
    days_left: (
        int | None
    )  # working days; None while the clock has not started or is paused

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return (
            -self.days_left if self.days_left is not None and self.days_left < 0 else 0
        )


@dataclass(frozen=True)
class HandlerHome:
    rows: list[HomeApplication]
    open_count: int


def handler_home(
    user: Any, *, today: datetime.date, calendar: WorkCalendar, limit: int = HOME_LIMIT
) -> HandlerHome | None:
    """Return the open applications of ``user``'s unit, earliest due first, or None
    for a user who does not handle applications. Two queries."""
    if not (roles.has_role(user, roles.REQUEST_HANDLER) or roles.is_office_admin(user)):
        return None
    queryset = Application.objects.open().visible_to(user)
    rows = list(
        queryset.select_related("organisation")
        .only(
            "id",
            "serial_number",
            "status",
            "due_date",
            "clock_paused_since",
            "organisation__name",
        )  # fmt: skip
        .order_by(F("due_date").asc(nulls_last=True), "id")[:limit]
    )
    return HandlerHome(
        rows=[
            HomeApplication(
                application,
                deadlines.working_days_left(
                    today, application.due_date, calendar=calendar
                )
                if application.due_date is not None
                and application.clock_paused_since is None
                else None,
            )
            for application in rows
        ],
        open_count=queryset.count(),
    )
