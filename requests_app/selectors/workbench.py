"""Reads of the staff application page: the record, its clock and answer templates."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from portal.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.choices import ApplicantType
from requests_app.models import (
    Application,
    ApplicationEvent,
    ReplyTemplate,
)
from requests_app.workflow import Status


def applicant_pieces_before(application: Application) -> int:
    """Count the same applicant's applications earlier in the same natural month.

    《信息处理费管理办法》第四条: 同一申请人一个自然月内累计申请件数.
    """
    local = timezone.localtime(application.submitted_at)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if application.applicant_type == ApplicantType.NATURAL:
        if not application.id_number_hash:
            return 0
        same = Q(id_number_hash=application.id_number_hash)
    else:
        same = Q(credit_code=application.credit_code)
    return (
        Application.objects.filter(same)
        .filter(
            submitted_at__gte=month_start, submitted_at__lt=application.submitted_at
        )
        .exclude(pk=application.pk)
        .count()
    )


def staff_application(user: Any, pk: int) -> Application | None:
    return (
        Application.objects.visible_to(user)
        .select_related("organisation", "handler")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "at", "id"
                ),
            ),
            "attachments",
            "review_outcomes",
        )
        .filter(pk=pk)
        .first()
    )


def reply_templates_for(user: Any) -> QuerySet[ReplyTemplate]:
    organisation_id = getattr(user, "organisation_id", None)
    return ReplyTemplate.objects.filter(is_active=True).filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    )


def deadline_for(
    application: Application,
    *,
    today: datetime.date,
    calendar: WorkCalendar,
    fee_pauses_clock: bool = True,
) -> deadlines.Deadline | None:
    """Return working days used and left as of ``today`` (None before receipt or while
    the corrected application is awaited: the period will start afresh)."""
    from requests_app.workflow import ClockEvent, EventKind, project

    events = [
        ClockEvent(EventKind(e.kind), e.on, e.payload) for e in application.events.all()
    ]
    state = project(events, calendar, fee_pauses_clock=fee_pauses_clock)
    if state.received_on is None or state.status == Status.AWAITING_CORRECTION:
        return None
    return deadlines.compute_deadline(
        state.received_on,
        today=today,
        calendar=calendar,
        pauses=state.pauses,
        extension_days=state.extension_days,
        restarted_on=state.restarted_on,
    )
