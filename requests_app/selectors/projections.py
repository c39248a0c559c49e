"""Recompute every stored projection from the event rows (``verify_projections``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Prefetch,
)

from portal.workdays import WorkCalendar
from requests_app.models import (
    Application,
    ApplicationEvent,
)


@dataclass(frozen=True)
class ProjectionMismatch:
    application_id: int
    field: str
    stored: Any
    derived: Any


def projection_mismatches(
    calendar: WorkCalendar, *, fee_pauses_clock: bool = True, batch: int = 2000
) -> Iterator[ProjectionMismatch]:
    """Recompute every application's projection from its events; yield differences."""
    from requests_app.workflow import ClockEvent, EventKind, InvalidTransition, project

    applications = Application.objects.only(
        "id",
        "status",
        "due_date",
        "clock_paused_since",
        "received_on",
        "extension_days",
    ).prefetch_related(
        Prefetch(
            "events",
            queryset=ApplicationEvent.objects.order_by("at", "id").only(
                "application_id", "kind", "on", "payload"
            ),
        )
    )
    for application in applications.iterator(chunk_size=batch):
        events = [
            ClockEvent(EventKind(e.kind), e.on, e.payload)
            for e in application.events.all()
        ]
        try:
            state = project(events, calendar, fee_pauses_clock=fee_pauses_clock)
        except InvalidTransition as exc:
            yield ProjectionMismatch(application.pk, "events", "", exc.message)
            continue
        for field in (
            "status",
            "due_date",
            "clock_paused_since",
            "received_on",
            "extension_days",
        ):
            stored, derived = getattr(application, field), getattr(state, field)
            if stored != derived:
                yield ProjectionMismatch(application.pk, field, stored, derived)
