"""Reads of the site core."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from portal import registry
from portal.models import CalendarOverride, IndexEntry, Organisation, SiteSettings
from portal.pagination import MAX_SEARCH_PAGES, PAGE_SIZE, Page
from portal.search.fallback import WordMatches, matches_per_word
from portal.search.query import (
    COUNT_CAP,
    Order,
    SearchQuery,
    in_order,
    matching,
    run_search,
)
from portal.workdays import WorkCalendar

SITE_SETTINGS_CACHE_KEY = "portal:site-settings:v1"


def work_calendar() -> WorkCalendar:
    """Return the working-day calendar: package data plus every staff override."""
    overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
    return WorkCalendar(overrides=overrides)


def is_workday(day: datetime.date) -> bool:
    return work_calendar().is_workday(day)


def add_workdays(day: datetime.date, n: int) -> datetime.date:
    return work_calendar().add_workdays(day, n)


def calendar_unknown_years(today: datetime.date) -> list[int]:
    """Return this year and next year where neither the package nor overrides have data.

    The State Council publishes next year's holidays in November, so from then on staff
    are reminded to enter them if the package has not been updated yet.
    """
    years = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    return work_calendar().unknown_years(years)


def get_site_settings() -> SiteSettings:
    """Return the site settings row (cached; created with defaults on first use)."""
    settings_row = cache.get(SITE_SETTINGS_CACHE_KEY)
    if settings_row is None:
        settings_row = SiteSettings.objects.order_by("pk").first() or SiteSettings()
        cache.set(SITE_SETTINGS_CACHE_KEY, settings_row, 300)
    return settings_row


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).select_related("parent")


@dataclass(frozen=True)
class HomeSection:
    code: str
    label: str
    list_url_name: str | None
    entries: list[IndexEntry]


def latest_index_entries(section: str, limit: int = 8) -> list[IndexEntry]:
    return list(
        IndexEntry.objects.filter(section=section)
        .select_related("organisation")
        .defer("search_tokens", "search_vector", "body")
        .order_by("-published_at", "-id")[:limit]
    )


def home_sections(limit: int = 8) -> list[HomeSection]:
    """Return the home page's sections with their latest published items.

    One query per registered section: a fixed number whatever the data size.
    """
    return [
        HomeSection(
            s.code, s.label, s.list_url_name, latest_index_entries(s.code, limit)
        )
        for s in registry.sections()
        if s.on_home_page
    ]


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing of a site search: by unit and by publication date (local days)."""

    organisation_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def apply(self, entries: QuerySet[IndexEntry]) -> QuerySet[IndexEntry]:
        if self.organisation_id is not None:
            entries = entries.filter(organisation_id=self.organisation_id)
        # Local-day bounds as instants, so the published_at index answers them.
        tz = timezone.get_current_timezone()
        if self.date_from is not None:
            start = datetime.datetime.combine(self.date_from, datetime.time(), tz)
            entries = entries.filter(published_at__gte=start)
        if self.date_to is not None:
            end = datetime.datetime.combine(
                self.date_to + datetime.timedelta(days=1), datetime.time(), tz
            )
            entries = entries.filter(published_at__lt=end)
        return entries


@dataclass(frozen=True)
class SectionCount:
    code: str
    label: str
    count: int
    capped: bool

    @property
    def display(self) -> str:
        return f"{COUNT_CAP:,}+" if self.capped else f"{self.count:,}"


def search_section_counts(
    query: SearchQuery, filters: SearchFilters = SearchFilters()
) -> list[SectionCount]:
    """Return the capped number of matches in each section, in one statement.

    Each section's count stops at ``COUNT_CAP`` (a LIMITed subquery), so a common
    term costs the same as a rare one; the subqueries are joined with UNION ALL.
    """
    sections = registry.sections()
    if not query.is_searchable or not sections:
        return []
    parts, params = [], []
    base = filters.apply(IndexEntry.objects.all())
    for s in sections:
        capped = matching(base.filter(section=s.code), query).order_by().values("pk")
        try:
            sql, part_params = capped[: COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:
            continue
        parts.append(f"SELECT %s, (SELECT count(*) FROM ({sql}) AS c)")  # noqa: S608
        params.extend([s.code, *part_params])
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = dict(cursor.fetchall())
    return [
        SectionCount(
            s.code,
            s.label,
            min(counts.get(s.code, 0), COUNT_CAP),
            counts.get(s.code, 0) > COUNT_CAP,
        )  # fmt: skip
        for s in sections
    ]


def search_index(
    query: SearchQuery,
    *,
    now: datetime.datetime,
    section: str = "",
    order: Order = "relevance",
    page: int = 1,
    filters: SearchFilters = SearchFilters(),
) -> Page[IndexEntry]:
    """Return one page of the site-wide search over the publication index.

    The index holds only published content (apps write it on publication and remove
    it on withdrawal), so this knows no app. Four queries whatever the data size.
    """
    entries = filters.apply(IndexEntry.objects.all())
    if section:
        entries = entries.filter(section=section)
    result = run_search(
        entries,
        query,
        now=now,
        order=order,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    return Page(
        in_order(_index_rows(), result.ids),
        page,
        result.total,
        max_pages=MAX_SEARCH_PAGES,
        result=result,
    )


def _index_rows() -> QuerySet[IndexEntry]:
    return IndexEntry.objects.select_related("organisation").defer(
        "search_tokens", "search_vector"
    )


def search_index_per_word(
    query: SearchQuery, *, now: datetime.datetime, section: str = ""
) -> list[WordMatches]:
    """Return what each word of a query that found nothing finds on its own.

    At most ``fallback.MAX_WORDS`` + 1 queries whatever the data size.
    """
    entries = IndexEntry.objects.all()
    if section:
        entries = entries.filter(section=section)
    return matches_per_word(entries, query, rows=_index_rows(), now=now)
