"""The one place that appends a workflow event and re-derives the stored state."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.utils import timezone

from portal.models import User
from portal.selectors import work_calendar
from portal.workdays import WorkCalendar
from requests_app.models import (
    Application,
    ApplicationEvent,
)
from requests_app.workflow import (
    ClockEvent,
    EventKind,
    Status,
    check_transition,
    project,
)

logger = logging.getLogger(__name__)

# Query codes: 8 characters without look-alikes (0/O, 1/I/L).
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


def local_date(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def fee_pauses_clock() -> bool:
    # [U] 《信息处理费管理办法》: the notice-to-payment period is believed not to count
    # toward the reply period; configurable until the original text is checked.
    return bool(getattr(settings, "REQUESTS_FEE_PAUSES_CLOCK", True))


# --- the one place that appends an event and re-projects -------------------------------


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _record(
    application: Application,
    kind: EventKind,
    *,
    actor: User | None,
    now: datetime.datetime,
    on: datetime.date | None = None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
    calendar: WorkCalendar | None = None,
    first: bool = False,
) -> ApplicationEvent:
    """Append ``kind`` to the locked ``application`` and store the new projection."""
    status = None if first else Status(application.status)
    status_after = check_transition(status, kind)
    event = ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        at=now,
        on=on or local_date(now),
        reason=reason,
        payload=payload or {},
        status_after=status_after,
    )
    _store_projection(application, calendar or work_calendar())
    return event


def clock_events(application: Application) -> list[ClockEvent]:
    return [
        ClockEvent(EventKind(kind), on, payload)
        for kind, on, payload in application.events.order_by("at", "id").values_list(
            "kind", "on", "payload"
        )
    ]


def _store_projection(application: Application, calendar: WorkCalendar) -> None:
    state = project(
        clock_events(application), calendar, fee_pauses_clock=fee_pauses_clock()
    )
    application.status = state.status
    application.received_on = state.received_on
    application.due_date = state.due_date
    application.clock_paused_since = state.clock_paused_since
    application.extension_days = state.extension_days
    application.applicant_due = state.applicant_due
    application.save(
        update_fields=[
            "status",
            "received_on",
            "due_date",
            "clock_paused_since",
            "extension_days",
            "applicant_due",
            "updated_at",
        ]
    )


def _sync(target: Application, source: Application) -> None:
    """Copy the locked row's fresh values onto the caller's instance."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
