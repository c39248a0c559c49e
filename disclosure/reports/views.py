"""Public pages of annual reports: the index, a report (HTML, PDF, XLSX)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_GET

from disclosure.reports import charts, exporting, layout, selectors, website
from disclosure.reports.models import ReportVersion
from portal.context_processors import ELDER_MODE_COOKIE
from portal.selectors import work_calendar
from portal.text_input import clean_search_text


@require_GET
def report_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/reports/index.html",
        {
            "years": selectors.report_index(),
            "website_years": selectors.published_website_years(),
        },
    )


def _published(year: int, code: str) -> ReportVersion:
    version = selectors.get_published_version(year, code)
    if version is None:
        raise Http404("年度报告不存在或尚未发布")
    return version


def _context(version: ReportVersion) -> dict[str, Any]:
    data = version.data
    previous = selectors.get_published_version(
        data["year"] - 1, data["organisation_code"]
    )
    return {
        # A published version never changes: the page changes only when a newer version
        # (of this year, or of last year for the year-on-year chart) is published.
        "etag": f'"report-{version.pk}-{previous.pk if previous else 0}"',
        "version": version,
        "data": data,
        "title": f"{data['organisation']}{data['year']}年政府信息公开工作年度报告",
        "headings": layout.SECTION_HEADINGS,
        "section2_tables": layout.section2_tables(data["section2"]),
        "section3_table": layout.section3_table(data["section3"]),
        "section4_table": layout.section4_table(data["section4"]),
        "fee_sentence": layout.fee_sentence(data["fees_collected"]),
        "charts": charts.report_charts(data, previous.data if previous else None),
    }


@require_GET
def report_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    version = _published(year, code)
    context = _context(version)
    # The frame differs in 长者模式 and for staff (messages), so they are in the tag.
    elder = request.COOKIES.get(ELDER_MODE_COOKIE) == "1"
    staff = request.user.is_authenticated
    etag = context["etag"][:-1] + f'-{int(elder)}{int(staff)}"'
    not_modified = (
        None
        if staff
        else get_conditional_response(
            request,
            etag=etag,
            last_modified=int(version.published_at.timestamp())
            if version.published_at
            else None,
        )
    )
    if not_modified is not None:
        return not_modified
    response = render(request, "disclosure/reports/detail.html", context)
    response["ETag"] = etag
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def report_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    version = _published(year, code)
    html = render_to_string("disclosure/reports/pdf.html", _context(version))
    response = HttpResponse(
        exporting.render_pdf(html, request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="report-{year}-{code}.pdf"'
    return response


@require_GET
def report_xlsx(request: HttpRequest, year: int, code: str) -> HttpResponse:
    version = _published(year, code)
    response = HttpResponse(
        exporting.build_workbook(version.data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="report-{year}-{code}.xlsx"'
    )
    return response


@require_GET
def live_statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # The one cleaning step for search text: PostgreSQL refuses a NUL.
    code = clean_search_text(request.GET.get("unit", ""))
    unit = selectors.reporting_units().filter(code=code).first() if code else None
    stats = selectors.live_statistics(today.year, unit=unit, calendar=work_calendar())
    return render(
        request,
        "disclosure/reports/statistics.html",
        {"stats": stats, "unit": unit, "unknown_unit": bool(code) and unit is None},
    )


@require_GET
def website_report(request: HttpRequest, year: int) -> HttpResponse:
    report = selectors.published_website_report(year)
    if report is None or report.snapshot is None:
        raise Http404("报表不存在或尚未发布")
    values = report.snapshot
    groups = [
        (
            group.title,
            [(f.label, website.display(f, values.get(f.key))) for f in group.fields],
        )
        for group in website.GROUPS
    ]
    return render(
        request,
        "disclosure/reports/website.html",
        {
            "report": report,
            "groups": groups,
            "columns": values.get("columns", []),
        },
    )
