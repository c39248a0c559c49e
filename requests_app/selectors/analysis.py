"""Counts for staff analysis and the export to the city platform (no personal data)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncMonth

from requests_app.models import (
    Application,
)


@dataclass(frozen=True)
class AnalysisCounts:
    by_topic: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    by_unit_month: list[dict[str, Any]]
    fees_total: int


def analysis(user: Any, *, start: datetime.date, end: datetime.date) -> AnalysisCounts:
    """Applications by topic, by area and by unit per month, in ``[start, end]``."""
    base = Application.objects.visible_to(user).filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    by_topic = list(
        base.values("topic").annotate(total=Count("id")).order_by("-total", "topic")
    )
    by_area = list(
        base.exclude(area="")
        .values("area")
        .annotate(total=Count("id"))
        .order_by("-total", "area")[:30]
    )
    by_unit_month = list(
        base.annotate(month=TruncMonth("submitted_at"))
        .values("organisation__name", "month")
        .annotate(total=Count("id"))
        .order_by("month", "organisation__name")
    )
    fees = base.filter(events__kind="fee_paid").aggregate(total=Sum("fee_amount"))
    return AnalysisCounts(by_topic, by_area, by_unit_month, int(fees["total"] or 0))


def export_queryset(user: Any) -> QuerySet[Application]:
    """Application records and states for the city platform: no personal data."""
    return (
        Application.objects.visible_to(user)
        .select_related("organisation", "reply")
        .only(
            "id",
            "serial_number",
            "organisation__name",
            "organisation__code",
            "channel",
            "applicant_type",
            "legal_person_kind",
            "topic",
            "submitted_at",
            "received_on",
            "status",
            "due_date",
            "extension_days",
            "fee_amount",
            "updated_at",
            "reply__reply_type",
            "reply__reason",
            "reply__replied_on",
        )
        .order_by("-id")
    )
