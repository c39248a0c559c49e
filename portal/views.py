"""Site-core pages: home, organisations, elder-mode preference, health."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
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
from portal.search.fallback import WordMatches
from portal.search.query import Order, page_number, parse_query
from portal.search.snippets import highlight, snippet
from portal.selectors import (
    home_sections,
    public_organisations,
    search_index,
    search_index_per_word,
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


def pager_query(request: HttpRequest) -> str:
    """Return the current query string without ``page``, ready for ``page=N``."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


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
    page = None
    hits: list[SearchHit] = []
    per_word: list[WordMatches] = []
    now = timezone.now()
    if query.is_searchable:
        page = search_index(
            query,
            now=now,
            section=section,
            order=order,
            page=page_number(request.GET.get("page")),
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
            "pager_query": pager_query(request),
        },
    )
