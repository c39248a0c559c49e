"""Counts for the annual report, sections 三 and 四 (国办公开办函〔2021〕30号).

Section 三 counts applications by applicant column and row:

- 一 本年新收: received (条例第三十一条 date of receipt) in the year;
- 二 上年结转: received before the year and not answered before it;
- 三 办理结果: answered in the year, one row per reply type or reason (a reply has exactly
  one, so 部分公开 is counted only there); withdrawals, lapsed 补正 and unpaid fees are
  replies too (requests_app.services.steps._close_with_reply);
- 四 结转下年度: received by the year's end and not answered by it.

So 一 + 二 = 三（七） + 四 per column holds for any data: both sides partition the
applications received by year end and not answered before the year began. Filings still
awaiting confirmation of receipt have no receipt date and are not yet counted.

Section 四 counts the 行政复议 and 行政诉讼 filed in the year, each with its result as at
31 December (undecided by then: 尚未审结).

Everything is a handful of grouped SQL aggregates; Python only folds the (at most a few
hundred) group rows into table cells.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from portal.workdays import WorkCalendar
from requests_app.choices import ApplicantType, ProceedingResult
from requests_app.models import Application, ApplicationEvent, ReviewOutcome
from requests_app.workflow import EventKind

ANNUAL_REPORT_COLUMNS = (
    "natural",
    "business",
    "research",
    "public_welfare",
    "legal_service",
    "other",
)


def _zeros() -> dict[str, int]:
    return dict.fromkeys(ANNUAL_REPORT_COLUMNS, 0)


@dataclass(frozen=True)
class AnnualRequestCounts:
    """Section 三 leaf cells per applicant column, section 四 and the year's fees.

    ``results`` rows are the reply type for 予以公开/部分公开 and the reason code for every
    sub-row (the keys of ``disclosure.reports.balance.RESULT_KEYS``).
    """

    new_received: dict[str, int] = field(default_factory=_zeros)
    carried_in: dict[str, int] = field(default_factory=_zeros)
    results: dict[str, dict[str, int]] = field(default_factory=dict)
    carried_forward: dict[str, int] = field(default_factory=_zeros)
    reviews: dict[str, dict[str, int]] = field(default_factory=dict)
    fees_collected: int = 0
    received_by_month: list[int] = field(default_factory=lambda: [0] * 12)


def _column(applicant_type: str, legal_person_kind: str) -> str:
    if applicant_type == ApplicantType.NATURAL:
        return "natural"
    return legal_person_kind if legal_person_kind in ANNUAL_REPORT_COLUMNS else "other"


def _scope(organisation_ids: Collection[int] | None) -> QuerySet[Application]:
    queryset = Application.objects.all()
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=list(organisation_ids))
    return queryset


# The section 三 GROUP BY hash-joins every application with its reply; with the default
# 4 MB of work memory PostgreSQL spills that hash to disk in batches. A report is a rare,
# single job, so it may use more, for its own transaction only.
REPORT_WORK_MEM = "64MB"


def annual_request_counts(
    year: int, *, organisation_ids: Collection[int] | None = None
) -> AnnualRequestCounts:
    """Return the section 三/四 counts of ``year`` for the given units (None: all)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = %s", [REPORT_WORK_MEM])
        return _counts(_scope(organisation_ids), year)


def annual_report_counts(user: Any, year: int) -> AnnualRequestCounts:
    """Return the section 三/四 counts of ``year`` over the applications ``user`` sees."""
    return _counts(Application.objects.visible_to(user), year)


def _counts(applications: QuerySet[Application], year: int) -> AnnualRequestCounts:
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    base = applications.filter(received_on__isnull=False, received_on__lte=end)
    replied_in_year = Q(reply__replied_on__gte=start, reply__replied_on__lte=end)
    # One grouped query gives every section 三 cell: rows come from the conditional
    # counts, result rows from the reply columns in the group key.
    # One grouped query gives every section 三 cell and the months of receipt: rows
    # come from the conditional counts, result rows from the reply columns in the group
    # key. (Grouping by month instead makes PostgreSQL misjudge the number of groups
    # and sort a million rows.)
    months = {
        f"month_{m}": Count(
            "id",
            filter=Q(
                received_on__gte=datetime.date(year, m, 1),
                received_on__lt=(
                    datetime.date(year, m + 1, 1)
                    if m < 12
                    else datetime.date(year + 1, 1, 1)
                ),
            ),
        )
        for m in range(1, 13)
    }
    groups = base.values(
        "applicant_type", "legal_person_kind", "reply__reply_type", "reply__reason"
    ).annotate(
        new=Count("id", filter=Q(received_on__gte=start)),
        carried_in=Count(
            "id",
            filter=Q(received_on__lt=start)
            & (Q(reply__isnull=True) | Q(reply__replied_on__gte=start)),
        ),
        answered=Count("id", filter=replied_in_year),
        carried_forward=Count(
            "id", filter=Q(reply__isnull=True) | Q(reply__replied_on__gt=end)
        ),
        **months,
    )
    new, carried_in, carried_forward = _zeros(), _zeros(), _zeros()
    results: dict[str, dict[str, int]] = {}
    by_month = [0] * 12
    for group in groups.order_by():
        column = _column(group["applicant_type"], group["legal_person_kind"])
        new[column] += group["new"]
        for m in range(12):
            by_month[m] += group[f"month_{m + 1}"]
        carried_in[column] += group["carried_in"]
        carried_forward[column] += group["carried_forward"]
        if group["answered"]:
            row = group["reply__reason"] or group["reply__reply_type"]
            results.setdefault(row, _zeros())[column] += group["answered"]

    return AnnualRequestCounts(
        new_received=new,
        carried_in=carried_in,
        results=results,
        carried_forward=carried_forward,
        reviews=_review_counts(applications, start, end),
        fees_collected=_fees(applications, start, end),
        received_by_month=by_month,
    )


def _review_counts(
    applications: QuerySet[Application], start: datetime.date, end: datetime.date
) -> dict[str, dict[str, int]]:
    # The result as at 31 December: a case decided later is still 尚未审结 in this year.
    as_at_year_end = Case(
        When(
            Q(decided_on__isnull=True) | Q(decided_on__gt=end),
            then=Value(ProceedingResult.PENDING.value),
        ),
        default="result",
        output_field=CharField(),
    )
    reviews: dict[str, dict[str, int]] = {}
    for row in (
        ReviewOutcome.objects.filter(
            application__in=applications, filed_on__gte=start, filed_on__lte=end
        )
        .annotate(outcome=as_at_year_end)
        .values("proceeding", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    ):
        reviews.setdefault(row["proceeding"], {})[row["outcome"]] = row["n"]
    return reviews


def _fees(
    applications: QuerySet[Application], start: datetime.date, end: datetime.date
) -> int:
    """Return the 信息处理费 paid in the year (元), for section 六."""
    paid = ApplicationEvent.objects.filter(
        application=OuterRef("pk"),
        kind=EventKind.FEE_PAID,
        on__gte=start,
        on__lte=end,
    )
    total = applications.filter(Exists(paid)).aggregate(total=Sum("fee_amount"))
    return int(total["total"] or 0)


# --- live statistics (between annual reports) ----------------------------------------------


@dataclass(frozen=True)
class UnitStatistics:
    organisation_id: int
    received: int
    answered: int
    on_time: int

    @property
    def on_time_share(self) -> int | None:
        """Percentage of this year's replies given by the stored due date (条例第三十三条)."""
        return round(self.on_time * 100 / self.answered) if self.answered else None


@dataclass(frozen=True)
class ScopeStatistics:
    received: int
    answered: int
    on_time: int
    median_working_days: float | None
    by_reply_type: dict[str, int]


def unit_statistics(year: int) -> list[UnitStatistics]:
    """Return per unit: received in ``year``, answered in it, and answered on time."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    answered = Q(reply__replied_on__gte=start, reply__replied_on__lte=end)
    rows = (
        Application.objects.filter(
            Q(received_on__gte=start, received_on__lte=end) | answered
        )
        .values("organisation_id")
        .annotate(
            received=Count(
                "id", filter=Q(received_on__gte=start, received_on__lte=end)
            ),
            answered=Count("id", filter=answered),
            on_time=Count(
                "id", filter=answered & Q(reply__replied_on__lte=F("due_date"))
            ),
        )
        .order_by()
    )
    return [
        UnitStatistics(r["organisation_id"], r["received"], r["answered"], r["on_time"])
        for r in rows
    ]


def scope_statistics(
    year: int,
    *,
    organisation_ids: Collection[int] | None,
    calendar: WorkCalendar,
) -> ScopeStatistics:
    """Return a unit's (or the district's) figures for ``year``, with the median number
    of working days from receipt to reply (receipt day not counted, as for deadlines).

    The median comes from the distribution of distinct (received, replied) date pairs,
    one grouped query, so its cost does not grow with the number of applications.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    scope = _scope(organisation_ids)
    replies = scope.filter(
        received_on__isnull=False,
        reply__replied_on__gte=start,
        reply__replied_on__lte=end,
    )
    by_type = {
        r["reply__reply_type"]: r["n"]
        for r in replies.values("reply__reply_type").annotate(n=Count("id")).order_by()
    }
    pairs = (
        replies.values("received_on", "reply__replied_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    durations: dict[int, int] = {}
    for pair in pairs:
        days = calendar.workdays_between(pair["received_on"], pair["reply__replied_on"])
        durations[days] = durations.get(days, 0) + pair["n"]
    totals = scope.aggregate(
        received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
        on_time=Count(
            "id",
            filter=Q(reply__replied_on__gte=start, reply__replied_on__lte=end)
            & Q(reply__replied_on__lte=F("due_date")),
        ),
    )
    return ScopeStatistics(
        received=totals["received"],
        answered=sum(by_type.values()),
        on_time=totals["on_time"],
        median_working_days=weighted_median(durations),
        by_reply_type=by_type,
    )


def weighted_median(counts: dict[int, int]) -> float | None:
    """Return the median of a distribution given as value -> count (None if empty)."""
    total = sum(counts.values())
    if total == 0:
        return None
    ordered = sorted(counts.items())

    def nth(position: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if seen > position:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2
