"""Site-core pages: home, organisations, elder-mode preference, health."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from portal import registry
from portal.context_processors import ELDER_MODE_COOKIE
from portal.health import health_report
from portal.models import IndexEntry, Organisation
from portal.pagination import MAX_SEARCH_PAGES, requested_page
from portal.search.fallback import WordMatches
from portal.search.query import Order, parse_query
from portal.search.snippets import highlight, snippet
from portal.selectors import (
    SearchFilters,
    SectionCount,
    home_sections,
    public_organisations,
    search_index,
    search_index_per_word,
    search_section_counts,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(
        public_organisations().exclude(kind=Organisation.Kind.GOVERNMENT)
    )
    return render(
        request,
        "portal/home.html",
        {
            "sections": home_sections(),
            "departments": [
                o for o in organisations if o.kind != Organisation.Kind.TOWN
            ],
            "towns": [o for o in organisations if o.kind == Organisation.Kind.TOWN],
        },
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/organisation_list.html",
        {"organisations": list(public_organisations())},
    )


@dataclass(frozen=True)
class MapGroup:
    label: str
    url: str
    links: list[tuple[str, str]]


@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    """网站地图: every main section and the pages apps list under it (no query)."""
    groups = {
        item.label: MapGroup(item.label, reverse(item.url_name), [])
        for item in registry.nav_items()
    }
    for link in registry.map_links():
        group = groups.setdefault(link.group, MapGroup(link.group, "", []))
        group.links.append((link.label, reverse(link.url_name)))
    return render(request, "portal/site_map.html", {"groups": list(groups.values())})


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    """联系我们: the site's sponsor and contact details from site settings."""
    return render(request, "portal/contact.html")


# No CSRF token: the switch is in the frame of every page, and a token there would make
# every page personal and uncacheable. A forged post can only change the text size of
# the visitor's own pages; the redirect target is checked below.
@csrf_exempt
@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch 长者模式 on or off for this visitor (remembered in a cookie for a year)."""
    enable = request.POST.get("enable") == "1"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if enable:
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=False,
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.healthy else 503)


@dataclass(frozen=True)
class SearchHit:
    entry: IndexEntry
    section_label: str
    title_html: SafeString
    snippet_html: SafeString


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ValueError(raw) from None


def search_filters(params: Any) -> tuple[SearchFilters, list[str]]:
    """Parse the unit and date-range filters; unusable values are dropped with a
    Chinese notice (the search still runs), never a 500."""
    problems: list[str] = []
    unit: int | None = None
    raw_unit = params.get("unit", "")
    if raw_unit:
        if raw_unit.isdigit() and len(raw_unit) < 10:
            unit = int(raw_unit)
        else:
            problems.append("发布单位无效，已在全部单位中检索。")
    dates: list[datetime.date | None] = []
    for key, label in (("from", "起始日期"), ("to", "截止日期")):
        try:
            dates.append(_date(params.get(key)))
        except ValueError:
            dates.append(None)
            problems.append(f"{label}格式应为“2024-01-31”，已忽略。")
    date_from, date_to = dates
    if date_from and date_to and date_from > date_to:
        problems.append("起始日期晚于截止日期，已忽略日期范围。")
        date_from = date_to = None
    return SearchFilters(unit, date_from, date_to), problems


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """全站搜索: one query over the publication index, whatever app wrote the entry."""
    query = parse_query(request.GET.get("q"))
    sections = registry.sections()
    section = request.GET.get("section", "")
    notice = ""
    if section and section not in {s.code for s in sections}:
        notice = "没有这个栏目，已在全部栏目中检索。"
        section = ""
    order: Order = "date" if request.GET.get("sort") == "date" else "relevance"
    filters, problems = search_filters(request.GET)
    if problems:
        notice = " ".join([notice, *problems]).strip()
    page = None
    hits: list[SearchHit] = []
    per_word: list[WordMatches] = []
    now = timezone.now()
    counts: list[SectionCount] = []
    if query.is_searchable:
        counts = search_section_counts(query, filters)
        page = search_index(
            query,
            now=now,
            section=section,
            order=order,
            page=requested_page(request, max_page=MAX_SEARCH_PAGES),
            filters=filters,
        )
        hits = [
            SearchHit(
                entry=entry,
                section_label=registry.section_label(entry.section),
                title_html=highlight(entry.title, query.terms),
                snippet_html=snippet(entry.body or entry.summary, query.terms),
            )
            for entry in page.items
        ]
        if not page.result.total:
            per_word = search_index_per_word(query, now=now, section=section)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "sections": sections,
            "section": section,
            "order": order,
            "page": page,
            "hits": hits,
            "notice": notice,
            "per_word": per_word,
            "counts": counts,
            "units": list(
                public_organisations().select_related(None).only("pk", "name")
            ),
            "unit": request.GET.get("unit", ""),
            "date_from": request.GET.get("from", ""),
            "date_to": request.GET.get("to", ""),
        },
    )
