"""Reads of the time-driven jobs: deadline reminders and lapsed applicant periods."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Exists,
    OuterRef,
)
from django.db.models.functions import Cast

from portal.reminders.models import ReminderSent
from portal.workdays import WorkCalendar
from requests_app.models import (
    Application,
)
from requests_app.workflow import Status


def applications_due_for_reminders(
    today: datetime.date, calendar: WorkCalendar
) -> Iterator[Application]:
    """Running clocks due within 5 working days (or overdue and not yet told so)."""
    horizon = calendar.add_workdays(today, 5)
    overdue_sent = ReminderSent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=Cast(
            OuterRef("pk"), output_field=ReminderSent._meta.get_field("object_id")
        ),
        threshold="overdue",
        due_on=OuterRef("due_date"),
    )
    return (
        Application.objects.clock_running()
        .filter(due_date__lte=horizon)
        .exclude(Exists(overdue_sent))
        .select_related("organisation", "handler")
        .only(
            "id",
            "serial_number",
            "due_date",
            "status",
            "organisation__name",
            "organisation__office_email",
            "handler__email",
        )
        .order_by("due_date", "id")
        .iterator(chunk_size=2000)
    )


def applications_past_applicant_due(today: datetime.date) -> list[Application]:
    return list(
        Application.objects.filter(
            status__in=[Status.AWAITING_CORRECTION, Status.AWAITING_PAYMENT],
            applicant_due__lt=today,
        ).order_by("id")
    )
