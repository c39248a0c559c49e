"""Reads of on-request disclosure, split by job; every staff read starts from
``visible_to(user)``. Everything stays importable from ``requests_app.selectors``."""

from __future__ import annotations

from requests_app.annual_report import (
    ANNUAL_REPORT_COLUMNS,
    AnnualRequestCounts,
    annual_report_counts,
)
from requests_app.selectors.analysis import AnalysisCounts, analysis, export_queryset
from requests_app.selectors.cases import (
    RELEASED_CHECKS,
    clean_query,
    get_public_case,
    get_public_case_attachment,
    public_cases,
    staff_cases,
)
from requests_app.selectors.dashboard import (
    DashboardRow,
    dashboard_page,
    dashboard_queryset,
    unconfirmed_online_filings,
)
from requests_app.selectors.projections import (
    ProjectionMismatch,
    projection_mismatches,
)
from requests_app.selectors.reminders import (
    applications_due_for_reminders,
    applications_past_applicant_due,
)
from requests_app.selectors.tracking import (
    PublicEvent,
    get_application_for_applicant,
    get_application_for_download,
    get_released_reply_attachment,
    get_reply,
    public_events,
    released_reply_attachments,
)
from requests_app.selectors.workbench import (
    applicant_pieces_before,
    deadline_for,
    reply_templates_for,
    staff_application,
)

__all__ = [
    "ANNUAL_REPORT_COLUMNS",
    "RELEASED_CHECKS",
    "AnalysisCounts",
    "AnnualRequestCounts",
    "DashboardRow",
    "ProjectionMismatch",
    "PublicEvent",
    "analysis",
    "annual_report_counts",
    "applicant_pieces_before",
    "applications_due_for_reminders",
    "applications_past_applicant_due",
    "clean_query",
    "dashboard_page",
    "dashboard_queryset",
    "deadline_for",
    "export_queryset",
    "get_application_for_applicant",
    "get_application_for_download",
    "get_released_reply_attachment",
    "get_public_case",
    "get_public_case_attachment",
    "get_reply",
    "projection_mismatches",
    "public_cases",
    "public_events",
    "released_reply_attachments",
    "reply_templates_for",
    "staff_application",
    "staff_cases",
    "unconfirmed_online_filings",
]
