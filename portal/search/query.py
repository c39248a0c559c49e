"""Run a search over any :class:`~portal.search.fields.Searchable` queryset.

PostgreSQL: the query becomes a phrase ``tsquery`` over the same tokens as the index,
matched through the GIN index. Ranking and exact counts cost time in proportion to the
number of matches, so the count stops at ``COUNT_CAP`` (shown as "1,000+") and ranking
looks at ``RANK_CAP`` candidates only. Both run on a LIMITed subquery, which the planner
must materialise before it sorts, so a rare term never walks the date index; a sort by
date walks the date index only when the term is known to be common (more than
``COUNT_CAP`` matches), where that walk stops early.

SQLite: the same phrases as substrings of ``search_tokens`` (a scan), newest first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from portal.search.tokenizer import (
    MAX_QUERY_LENGTH,
    Phrase,
    like_patterns,
    query_phrases,
    tsquery_literal,
)

COUNT_CAP = 1000
RANK_CAP = 2000

Order = Literal["relevance", "date"]


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    phrases: list[Phrase] = field(default_factory=list)
    error: str = ""

    @property
    def is_blank(self) -> bool:
        return not self.raw.strip()

    @property
    def is_searchable(self) -> bool:
        return bool(self.phrases) and not self.error

    @property
    def terms(self) -> list[str]:
        return [t for t in self.raw.split() if t]


def parse_query(raw: str | None) -> SearchQuery:
    """Return the parsed query; ``error`` holds a Chinese message for unusable input."""
    raw = (raw or "").strip()
    if not raw:
        return SearchQuery(raw="")
    if len(raw) > MAX_QUERY_LENGTH:
        return SearchQuery(
            raw=raw,
            error=_("检索词过长，请控制在 %(n)d 个字以内。") % {"n": MAX_QUERY_LENGTH},
        )
    phrases = query_phrases(raw)
    if not phrases:
        return SearchQuery(raw=raw, error=_("检索词中没有可检索的文字或数字。"))
    return SearchQuery(raw=raw, phrases=phrases)


@dataclass(frozen=True)
class SearchResult:
    ids: list[Any]
    total: int
    capped: bool

    @property
    def total_display(self) -> str:
        return f"{COUNT_CAP:,}+" if self.capped else f"{self.total:,}"


def matching(queryset: QuerySet[Any], query: SearchQuery) -> QuerySet[Any]:
    """Return ``queryset`` narrowed to the rows matching every phrase of ``query``."""
    if not query.is_searchable:
        return queryset.none()
    vendor = connections[queryset.db].vendor
    if vendor != "postgresql":
        for pattern in like_patterns(query.phrases):
            queryset = queryset.filter(search_tokens__contains=pattern)
        return queryset
    table = queryset.model._meta.db_table
    phrase_q = tsquery_literal(query.phrases)
    loose_q = tsquery_literal(query.phrases, positional=False)
    vector = f'"{table}"."search_vector"'
    # Identifiers come from model metadata; the user's text travels only as parameters.
    if phrase_q == loose_q:
        return queryset.extra(where=[f"{vector} @@ %s::tsquery"], params=[phrase_q])  # noqa: S610
    # The GIN index answers the position-free query; the phrase is rechecked on the
    # row, except on lossy rows whose positions PostgreSQL could not keep.
    return queryset.extra(  # noqa: S610
        where=[
            f'{vector} @@ %s::tsquery AND ("{table}"."search_lossy" '
            f"OR {vector} @@ %s::tsquery)"
        ],
        params=[loose_q, phrase_q],
    )


def run_search(
    queryset: QuerySet[Any],
    query: SearchQuery,
    *,
    now: datetime.datetime,
    order: Order = "relevance",
    offset: int = 0,
    limit: int = 20,
    date_field: str = "published_at",
) -> SearchResult:
    """Return one page of primary keys matching ``query`` and the capped total.

    On PostgreSQL one statement answers both: the capped candidate set is ranked (or
    sorted by date) and counted with a window function; only a date sort of a common
    term (more than ``COUNT_CAP`` matches) takes a second statement, which walks the
    date index. The caller then loads the rows of the page.
    """
    if not query.is_searchable:
        return SearchResult(ids=[], total=0, capped=False)
    matched = matching(queryset, query).order_by()
    newest_first = (f"-{date_field}", "-pk")
    if connections[queryset.db].vendor != "postgresql":
        # SQLite: a scan whatever the order; count, then the page newest first.
        total = matched.values("pk")[: COUNT_CAP + 1].count()
        ids = list(
            matched.order_by(*newest_first).values_list("pk", flat=True)[
                offset : offset + limit
            ]
        )
        return SearchResult(
            ids=ids, total=min(total, COUNT_CAP), capped=total > COUNT_CAP
        )
    ids, total = _ranked_page(
        matched, query, now=now, order=order, offset=offset, limit=limit,
        date_field=date_field,
    )  # fmt: skip
    capped = total > COUNT_CAP
    if order == "date" and capped:
        # A common term's matches are dense in the date index, so walking it
        # newest-first stops after a few pages.
        ids = list(
            matched.order_by(*newest_first).values_list("pk", flat=True)[
                offset : offset + limit
            ]
        )
    return SearchResult(ids=ids, total=min(total, COUNT_CAP), capped=capped)


def _ranked_page(
    matched: QuerySet[Any],
    query: SearchQuery,
    *,
    now: datetime.datetime,
    order: Order,
    offset: int,
    limit: int,
    date_field: str,
) -> tuple[list[Any], int]:
    """Rank or date-sort the capped candidates; return the page's keys and the number
    of candidates (a LIMITed subquery the planner must finish before it sorts)."""
    model = matched.model
    table = model._meta.db_table
    date_column = model._meta.get_field(date_field).column
    if order == "date":
        inner = matched.values_list("pk", date_field, date_field)[: COUNT_CAP + 1]
        sort = "m.c1 DESC, m.c0 DESC"
    else:
        # Relevance damped by age: a year-old match weighs half a new one.
        score = RawSQL(  # noqa: S611 - identifiers from model metadata only
            f'ts_rank(\'{{0.1, 0.2, 0.4, 1.0}}\', "{table}"."search_vector", '
            "%s::tsquery) / (1.0 + GREATEST(EXTRACT(EPOCH FROM (%s - "
            f'"{table}"."{date_column}")), 0) / 31536000.0)',
            [tsquery_literal(query.phrases), now],
            output_field=FloatField(),
        )
        inner = matched.annotate(search_score=score).values_list(
            "pk", date_field, "search_score"
        )[:RANK_CAP]
        sort = "m.c2 DESC, m.c1 DESC, m.c0 DESC"
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # e.g. a filter that can match nothing
        return [], 0
    # Compiled Django SQL wrapped in a sort; values stay parameters.
    sql = (
        f"SELECT m.c0, count(*) OVER () FROM ({inner_sql}) AS m(c0, c1, c2) "  # noqa: S608
        f"ORDER BY {sort} LIMIT %s OFFSET %s"
    )
    with connections[matched.db].cursor() as cursor:
        cursor.execute(sql, [*inner_params, limit, offset])
        rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], rows[0][1]
        if not offset:
            return [], 0
        # A page past the end: count the candidates on their own.
        cursor.execute(f"SELECT count(*) FROM ({inner_sql}) AS m", inner_params)  # noqa: S608
        return [], cursor.fetchone()[0]


def in_order(rows: QuerySet[Any], ids: list[Any]) -> list[Any]:
    """Return the rows whose pk is in ``ids``, in the order of ``ids`` (one query)."""
    by_pk = {row.pk: row for row in rows.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def newest_first_ids(
    queryset: QuerySet[Any],
    *,
    number: int,
    page_size: int,
    count_cap: int,
    date_field: str = "published_at",
) -> tuple[list[Any], int, bool, int]:
    """Return (keys of the page, capped count, capped?, page number) of a filtered list.

    A filter that keeps few rows makes the planner walk the date index and discard
    almost everything it reads; when the capped count shows the list is short, the
    rows are fetched first (a LIMITed subquery) and sorted after. A long list walks
    the date index, which then stops after one page.
    """
    queryset = queryset.order_by()
    total = queryset.values("pk")[: count_cap + 1].count()
    capped = total > count_cap
    total = min(total, count_cap)
    if not total:
        return [], 0, False, 1
    pages = max(1, -(-total // page_size))
    number = min(max(number, 1), pages)
    offset = (number - 1) * page_size
    if capped or connections[queryset.db].vendor != "postgresql":
        ids = list(
            queryset.order_by(f"-{date_field}", "-pk").values_list("pk", flat=True)[
                offset : offset + page_size
            ]
        )
        return ids, total, capped, number
    inner = queryset.values_list("pk", date_field)[: count_cap + 1]
    inner_sql, inner_params = inner.query.sql_with_params()
    sql = (
        f"SELECT m.c0 FROM ({inner_sql}) AS m(c0, c1) "  # noqa: S608
        "ORDER BY m.c1 DESC, m.c0 DESC LIMIT %s OFFSET %s"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*inner_params, page_size, offset])
        return [row[0] for row in cursor.fetchall()], total, capped, number
