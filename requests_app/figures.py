"""Per-unit 依申请公开 counts for other apps (supervision's scorecard and notices).

Other apps read on-request disclosure through these functions, never its tables. Each
returns ``{organisation_id: count}`` and runs one query.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F

from requests_app.models import Application, Reply
from requests_app.workflow import OPEN


def overdue_applications_by_unit(year: int, today: datetime.date) -> dict[int, int]:
    """Applications due in ``year`` and still unanswered after their reply deadline
    (《条例》第三十三条: 20 working days, extendable by 20)."""
    rows = (
        Application.objects.filter(
            status__in=[str(s) for s in OPEN],
            due_date__lt=today,
            due_date__year=year,
        )
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    return dict(rows)


def late_replies_by_unit(year: int) -> dict[int, int]:
    """Replies of ``year`` given after the application's reply deadline."""
    rows = (
        Reply.objects.filter(
            replied_on__year=year, replied_on__gt=F("application__due_date")
        )
        .values("application__organisation")
        .annotate(n=Count("pk"))
        .values_list("application__organisation", "n")
    )
    return dict(rows)
