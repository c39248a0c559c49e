"""The one pagination module: the page class, the page-number parser and the pager's query.

Every list, search and staff page pages through here and renders
``templates/includes/pager.html``; the admin changelists use :class:`CappedCountPaginator`.
Three ways to count, chosen by what the count would cost:

* :func:`paginate` counts exactly (a COUNT and one slice: two queries);
* lists whose exact count costs time in proportion to their length pass a capped
  count (``capped=True``, see :func:`capped_count`); searches cap the number of pages;
* :func:`paginate_without_count` never counts: it fetches one row more than a page
  (one query), and the pager then names the page without a total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.functional import cached_property

T = TypeVar("T")

PAGE_SIZE = 20
# Searches stop at this page: ranking deeper pages costs more than anyone reads.
MAX_SEARCH_PAGES = 50
# An uncounted list stops here: the OFFSET of a deeper page costs more than its worth.
MAX_UNCOUNTED_PAGES = 10_000
# The longest page number read: enough digits for any real page, not a 4,000-digit int.
_MAX_DIGITS = 9


def page_number(raw: str | int | None, *, max_page: int | None = None) -> int:
    """Return a page number from user input: 1 for anything unusable, at most ``max_page``.

    Only ASCII digits count (``int()`` would also read full-width digits and signs).
    """
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_DIGITS:
        return 1
    number = max(int(text), 1)
    return min(number, max_page) if max_page is not None else number


def requested_page(request: HttpRequest, *, max_page: int | None = None) -> int:
    """Return the page a request asks for (its ``page`` parameter): the one reader of it."""
    return page_number(request.GET.get("page"), max_page=max_page)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows with what the pager needs.

    ``count`` may be capped (``capped``) or unknown (``None``: an uncounted list, whose
    ``more`` says whether a next page exists). ``max_pages`` limits how far a search may
    be paged. ``result`` carries the search result a page came from (totals, capping)
    for the templates that show "共找到 N 条".
    """

    items: list[T]
    number: int
    count: int | None
    page_size: int = PAGE_SIZE
    capped: bool = False
    max_pages: int | None = None
    result: Any = None
    more: bool = False

    @property
    def num_pages(self) -> int | None:
        """The number of pages, or None when the list was not counted."""
        if self.count is None:
            return None
        pages = max(1, -(-self.count // self.page_size))
        return min(pages, self.max_pages) if self.max_pages else pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        pages = self.num_pages
        return self.more if pages is None else self.number < pages

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    # No __len__: a page with no rows is still a page (templates test ``{% if page %}``
    # for "a search ran" and ``page.object_list`` / ``page.items`` for "it found rows").
    def __iter__(self) -> Any:
        return iter(self.items)

    # Django's Page spells the rows ``object_list``; templates written for it keep working.
    @property
    def object_list(self) -> list[T]:
        return self.items


def paginate(
    rows: QuerySet[Any] | Sequence[T],
    page: str | int | None,
    *,
    page_size: int = PAGE_SIZE,
) -> Page[Any]:
    """Return page ``page`` of ``rows``: a count and one slice (two queries).

    A number past the end shows the last page, as Django's ``Paginator.get_page`` does.
    """
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    last = max(1, -(-count // page_size))
    number = page_number(page, max_page=last)
    start = (number - 1) * page_size
    return Page(list(rows[start : start + page_size]), number, count, page_size)


def paginate_without_count(
    rows: QuerySet[Any] | Sequence[T],
    page: str | int | None,
    *,
    page_size: int = PAGE_SIZE,
    max_page: int = MAX_UNCOUNTED_PAGES,
) -> Page[Any]:
    """Return page ``page`` of ``rows`` without counting them (one query).

    One row more than a page is fetched to learn whether a next page exists. On a
    million rows the exact count costs more than the page itself.
    """
    number = page_number(page, max_page=max_page)
    start = (number - 1) * page_size
    fetched = list(rows[start : start + page_size + 1])
    return Page(
        fetched[:page_size],
        number,
        None,
        page_size,
        more=len(fetched) > page_size and number < max_page,
    )


def capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """Return ``min(count, cap + 1)`` with a LIMITed count instead of a full COUNT(*)."""
    return queryset[: cap + 1].count()


class CappedCountPaginator(Paginator):
    """Django's paginator with the capped count, for admin changelists (``paginator =``).

    Staff page through at most ``count_cap`` rows and use the filters beyond that.
    """

    count_cap = 2_000

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return capped_count(self.object_list, self.count_cap)  # type: ignore[arg-type]


def pager_query(params: QueryDict | HttpRequest) -> str:
    """Return the query string without ``page``, ready for ``page=N`` (``""`` or ``"a=b&"``)."""
    copy = (params if isinstance(params, QueryDict) else params.GET).copy()
    copy.pop("page", None)
    encoded = copy.urlencode()
    return f"{encoded}&" if encoded else ""
