"""The one pagination module: a page class, the page-number parser and the pager's query string.

Every list, search and admin page outside ``requests_app`` pages through here and renders
``templates/includes/pager.html``. Lists whose exact count would cost time in proportion
to their length pass a capped count (``capped=True``); searches cap the number of pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

T = TypeVar("T")

PAGE_SIZE = 20
# Searches stop at this page: ranking deeper pages costs more than anyone reads.
MAX_SEARCH_PAGES = 50


def page_number(raw: str | None, *, max_page: int | None = None) -> int:
    """Return a page number from user input: 1 for anything unusable, at most ``max_page``."""
    try:
        number = int((raw or "1").strip())
    except ValueError:
        return 1
    number = max(number, 1)
    return min(number, max_page) if max_page is not None else number


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows with what the pager needs.

    ``count`` may be capped (``capped``), and ``max_pages`` limits how far a search may
    be paged. ``result`` carries the search result a page came from (totals, capping)
    for the templates that show "共找到 N 条".
    """

    items: list[T]
    number: int
    count: int
    page_size: int = PAGE_SIZE
    capped: bool = False
    max_pages: int | None = None
    result: Any = None

    @property
    def num_pages(self) -> int:
        pages = max(1, -(-self.count // self.page_size))
        return min(pages, self.max_pages) if self.max_pages else pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

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
    raw_page: str | None,
    *,
    page_size: int = PAGE_SIZE,
) -> Page[Any]:
    """Return the page ``raw_page`` of ``rows``: a count and one slice (two queries).

    A number past the end shows the last page, as Django's ``Paginator.get_page`` does.
    """
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    last = max(1, -(-count // page_size))
    number = page_number(raw_page, max_page=last)
    start = (number - 1) * page_size
    return Page(list(rows[start : start + page_size]), number, count, page_size)


def pager_query(params: QueryDict | HttpRequest) -> str:
    """Return the query string without ``page``, ready for ``page=N`` (``""`` or ``"a=b&"``)."""
    copy = (params if isinstance(params, QueryDict) else params.GET).copy()
    copy.pop("page", None)
    encoded = copy.urlencode()
    return f"{encoded}&" if encoded else ""
