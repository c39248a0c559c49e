"""When all the words of a query together find nothing: what each word finds alone.

Words are ANDed (a document must contain every one), so two reasonable words that never
meet in one document give an empty page. Instead of "nothing found", the page shows each
word's own matches, labelled as such. The cost is fixed: at most ``MAX_WORDS`` searches
of ``LIMIT`` keys each, plus one query that loads all their rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from portal.search.query import SearchQuery, parse_query, run_search

MAX_WORDS = 4
LIMIT = 3


@dataclass(frozen=True)
class WordMatches:
    """The best few matches of one word of the query, and how many there are."""

    word: str
    items: list[Any]
    total_display: str

    @property
    def found(self) -> bool:
        return bool(self.items)


def words_of(query: SearchQuery) -> list[str]:
    """Return the query's distinct searchable words, at most ``MAX_WORDS``."""
    words = [w for w in dict.fromkeys(query.terms) if parse_query(w).is_searchable]
    return words[:MAX_WORDS]


def matches_per_word(
    queryset: QuerySet[Any],
    query: SearchQuery,
    *,
    rows: QuerySet[Any],
    now: datetime.datetime,
    date_field: str = "published_at",
) -> list[WordMatches]:
    """Return what each word of a several-word ``query`` finds in ``queryset`` alone.

    ``rows`` is the queryset the matches are loaded from (with its ``select_related``);
    an empty list means the query has fewer than two words.
    """
    words = words_of(query)
    if len(words) < 2:
        return []
    results = [
        run_search(
            queryset, parse_query(word), now=now, limit=LIMIT, date_field=date_field
        )
        for word in words
    ]
    wanted = {pk for result in results for pk in result.ids}
    by_pk = {row.pk: row for row in rows.filter(pk__in=wanted)} if wanted else {}
    return [
        WordMatches(
            word=word,
            items=[by_pk[pk] for pk in result.ids if pk in by_pk],
            total_display=result.total_display,
        )
        for word, result in zip(words, results, strict=True)
    ]
