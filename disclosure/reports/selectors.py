"""Reads for annual reports: the figures from other apps' data, and the public lists.

Other apps are read through their selectors (``policies.selectors.public_documents``,
``requests_app.annual_report``, ``interaction.selectors``); every figure is an
aggregate query.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from disclosure.reports import balance
from disclosure.reports.models import (
    AnnualReport,
    GenerationRun,
    ReportVersion,
    WebsiteReport,
)
from interaction import selectors as interaction
from interaction.selectors import (
    ConsultationStatistics,
    InterviewStatistics,
    MailboxStatistics,
)
from policies.models import DocType, DocumentIssuer
from policies.selectors import public_documents
from portal.models import Organisation
from portal.workdays import WorkCalendar
from requests_app.annual_report import (
    AnnualRequestCounts,
    ScopeStatistics,
    annual_request_counts,
    scope_statistics,
    unit_statistics,
)
from requests_app.choices import ReplyType

SNAPSHOT_SCHEMA = 1


def report_scope(organisation: Organisation) -> list[int] | None:
    """Return the units whose records a unit's report counts (None: the whole district).

    The 区人民政府 report covers the district as a whole; every other unit reports its own
    records. (The issue asks for "the district government as a whole"; local practice
    varies, so the rule is stated here once.)
    """
    if organisation.kind == Organisation.Kind.GOVERNMENT:
        return None
    return [organisation.pk]


def reporting_units() -> QuerySet[Organisation]:
    """Return the units that write a report: the government, departments, towns, office."""
    return Organisation.objects.filter(is_active=True).exclude(
        kind=Organisation.Kind.OTHER
    )


def section2_documents(
    year: int, *, organisation_ids: Collection[int] | None, now: datetime.datetime
) -> dict[str, dict[str, int]]:
    """Return 规章 and 行政规范性文件 issued, repealed and valid at the end of ``year``.

    Issued: 成文日期 in the year. Repealed: 废止日期 in the year. Valid: written by the
    year's end, in force by then (施行日期) and neither repealed nor lapsed by then.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    documents = public_documents(now).filter(
        doc_type__in=[DocType.RULE, DocType.NORMATIVE]
    )
    if organisation_ids is not None:
        documents = documents.filter(
            Exists(
                DocumentIssuer.objects.filter(
                    document=OuterRef("pk"), organisation_id__in=list(organisation_ids)
                )
            )
        )
    valid = (
        Q(written_date__lte=end)
        & (Q(effective_date__isnull=True) | Q(effective_date__lte=end))
        & (Q(repeal_date__isnull=True) | Q(repeal_date__gt=end))
        & (Q(lapse_date__isnull=True) | Q(lapse_date__gt=end))
    )
    rows = (
        documents.values("doc_type")
        .annotate(
            issued=Count(
                "pk", filter=Q(written_date__gte=start, written_date__lte=end)
            ),
            repealed=Count(
                "pk", filter=Q(repeal_date__gte=start, repeal_date__lte=end)
            ),
            valid=Count("pk", filter=valid),
        )
        .order_by()
    )
    table = {
        key: dict.fromkeys(balance.SECTION2_DOCUMENT_COLUMNS, 0)
        for key in balance.SECTION2_DOCUMENT_ROWS
    }
    for row in rows:
        table[row["doc_type"]] = {
            column: row[column] for column in balance.SECTION2_DOCUMENT_COLUMNS
        }
    return table


def build_snapshot(report: AnnualReport, *, now: datetime.datetime) -> dict[str, Any]:
    """Return the figures and text of ``report`` as JSON-ready data (a version's body)."""
    scope = report_scope(report.organisation)
    counts: AnnualRequestCounts = annual_request_counts(
        report.year, organisation_ids=scope
    )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "year": report.year,
        "organisation": report.organisation.name,
        "organisation_code": report.organisation.code,
        "section2": {
            "documents": section2_documents(
                report.year, organisation_ids=scope, now=now
            ),
            "decisions": {
                "licensing": report.licensing,
                "punishment": report.punishment,
                "coercion": report.coercion,
            },
            "fees_wan": str(report.fees_wan),
        },
        "section3": balance.build_section3(
            new=counts.new_received,
            carried_in=counts.carried_in,
            results=counts.results,
            carried_forward=counts.carried_forward,
        ),
        "section4": balance.build_section4(counts.reviews),
        "fees_collected": counts.fees_collected,
        "received_by_month": counts.received_by_month,
        "text": {
            "overview": report.overview,
            "problems": report.problems,
            "other_matters": report.other_matters,
            "work_points": report.work_points,
        },
    }


def check_snapshot(data: dict[str, Any]) -> list[balance.Imbalance]:
    """Return the imbalances of a snapshot's tables (empty: it may be published)."""
    return balance.check_report(
        data["section2"]["documents"], data["section3"], data["section4"]
    )


def previous_published(report: AnnualReport) -> ReportVersion | None:
    return (
        ReportVersion.objects.filter(
            report__organisation_id=report.organisation_id,
            report__year=report.year - 1,
            published_at__isnull=False,
        )
        .order_by("-number")
        .first()
    )


# --- public reads --------------------------------------------------------------------------


def published_versions() -> QuerySet[ReportVersion]:
    """Return the latest published version of every report (the one visibility rule)."""
    latest = ReportVersion.objects.filter(
        report=OuterRef("report"),
        published_at__isnull=False,
        number__gt=OuterRef("number"),
    )
    return (
        ReportVersion.objects.filter(published_at__isnull=False)
        .exclude(Exists(latest))
        .select_related("report__organisation")
    )


@dataclass(frozen=True)
class IndexYear:
    year: int
    versions: list[ReportVersion]


def report_index() -> list[IndexYear]:
    """Return published reports grouped by year (newest first), units in site order."""
    versions = published_versions().order_by(
        "-report__year",
        "report__organisation__sort_order",
        "report__organisation__name",
    )
    years: dict[int, list[ReportVersion]] = {}
    for version in versions:
        years.setdefault(version.report.year, []).append(version)
    return [IndexYear(year, rows) for year, rows in years.items()]


def get_published_version(year: int, code: str) -> ReportVersion | None:
    return (
        published_versions()
        .filter(report__year=year, report__organisation__code=code)
        .first()
    )


def get_run(pk: int) -> GenerationRun | None:
    return GenerationRun.objects.filter(pk=pk).first()


# --- live statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    organisation: Organisation
    received: int
    answered: int
    on_time_share: int | None


@dataclass(frozen=True)
class LiveStatistics:
    year: int
    scope_name: str
    scope: ScopeStatistics
    units: list[UnitRow]
    reply_types: list[tuple[str, int]]
    mailbox: MailboxStatistics
    consultations: ConsultationStatistics
    interviews: InterviewStatistics


def live_statistics(
    year: int, *, unit: Organisation | None, calendar: WorkCalendar
) -> LiveStatistics:
    """Return this year's request figures per unit and for ``unit`` (None: district)."""
    per_unit = {row.organisation_id: row for row in unit_statistics(year)}
    units = []
    for organisation in reporting_units().order_by("sort_order", "name"):
        row = per_unit.get(organisation.pk)
        units.append(
            UnitRow(
                organisation,
                row.received if row else 0,
                row.answered if row else 0,
                row.on_time_share if row else None,
            )
        )
    scope = scope_statistics(
        year,
        organisation_ids=None if unit is None else [unit.pk],
        calendar=calendar,
    )
    return LiveStatistics(
        year=year,
        scope_name=unit.name if unit else "全区",
        scope=scope,
        units=units,
        reply_types=[
            (str(label), scope.by_reply_type.get(value, 0))
            for value, label in ReplyType.choices
        ],
        mailbox=interaction.mailbox_statistics(year, unit, calendar=calendar),
        consultations=interaction.consultation_statistics(year, unit),
        interviews=interaction.interview_statistics(year, unit),
    )


# --- website annual report ---------------------------------------------------------------


def website_auto_values(year: int, *, now: datetime.datetime) -> dict[str, Any]:
    """Return the 政府网站工作年度报表 fields the portal counts itself, and the items
    published per column (from the one publication index all sections write to)."""
    from policies.models import Interpretation
    from portal.models import IndexEntry
    from portal.registry import section_label
    from portal.selectors import get_site_settings

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    per_section = list(
        IndexEntry.objects.filter(
            published_at__date__gte=start, published_at__date__lte=end
        )
        .values("section")
        .annotate(n=Count("id"))
        .order_by("section")
    )
    by_section = {row["section"]: row["n"] for row in per_section}
    settings_row = get_site_settings()
    interpretations = (
        Interpretation.objects.public(now)  # type: ignore[attr-defined]
        .filter(published_at__date__gte=start, published_at__date__lte=end)
        .count()
    )
    requests = annual_request_counts(year).new_received
    interaction_figures = website_interaction_values(year)
    return {
        **interaction_figures,
        "site_name": settings_row.site_name,
        "sponsor": settings_row.sponsor,
        "site_code": settings_row.site_code,
        "icp_number": settings_row.icp_number,
        "published_total": sum(by_section.values()),
        "catalogue_updates": by_section.get("disclosure", 0),
        "interpretations_total": interpretations,
        "requests_received": sum(requests.values()),
        "columns": [
            {"label": section_label(code), "count": n} for code, n in by_section.items()
        ],
    }


def website_interaction_values(
    year: int, organisation: Organisation | None = None
) -> dict[str, Any]:
    """Return the 互动交流 fields, counted by the interaction app (three queries plus
    the working-day calendar)."""
    mailbox = interaction.mailbox_statistics(year, organisation)
    consultations = interaction.consultation_statistics(year, organisation)
    interviews = interaction.interview_statistics(year, organisation)
    return {
        "letters_received": mailbox.received,
        "letters_done": mailbox.replied,
        "letters_average_days": mailbox.average_reply_working_days,
        "letters_published": mailbox.published,
        "surveys": consultations.held,
        "survey_comments": consultations.comments,
        "survey_results": consultations.results_published,
        "interviews": interviews.held,
        "interview_questions": interviews.questions,
        "interview_answers": interviews.answered,
    }


def published_website_report(year: int) -> WebsiteReport | None:
    return WebsiteReport.objects.filter(year=year, published_at__isnull=False).first()


def published_website_years() -> list[int]:
    return list(
        WebsiteReport.objects.filter(published_at__isnull=False).values_list(
            "year", flat=True
        )
    )
