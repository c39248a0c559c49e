"""The one pagination module: page-number parsing, page arithmetic, the pager include."""

from __future__ import annotations

from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from portal.pagination import Page, page_number, pager_query, paginate


@given(st.one_of(st.none(), st.text(max_size=12)))
def test_page_number_is_always_a_positive_int(raw: str | None) -> None:
    number = page_number(raw)
    assert isinstance(number, int)
    assert number >= 1


@given(st.integers(min_value=-(10**6), max_value=10**6), st.integers(1, 100))
def test_page_number_stays_within_max(value: int, cap: int) -> None:
    assert 1 <= page_number(str(value), max_page=cap) <= cap


def test_page_number_table() -> None:
    assert page_number("3") == 3
    assert page_number(" 2 ") == 2
    assert page_number("abc") == 1
    assert page_number("-4") == 1
    assert page_number("") == 1
    assert page_number("99", max_page=50) == 50


@given(st.integers(0, 5000), st.integers(1, 100), st.integers(1, 300))
def test_page_arithmetic(count: int, size: int, number: int) -> None:
    page: Page[int] = Page([], number, count, size)
    assert page.num_pages == max(1, -(-count // size))
    assert page.has_previous == (number > 1)
    assert page.has_next == (number < page.num_pages)


def test_max_pages_caps_a_search() -> None:
    page: Page[int] = Page([], 50, 100_000, 20, max_pages=50)
    assert page.num_pages == 50
    assert not page.has_next


@given(st.lists(st.integers(), max_size=90), st.text(max_size=4))
def test_paginate_a_list_slices_and_clamps(rows: list[int], raw: str) -> None:
    page = paginate(rows, raw, page_size=20)
    start = (page.number - 1) * 20
    assert page.items == rows[start : start + 20]
    assert 1 <= page.number <= page.num_pages


def test_paginate_past_the_end_shows_the_last_page() -> None:
    page = paginate(list(range(45)), "9", page_size=20)
    assert page.number == 3
    assert page.items == [40, 41, 42, 43, 44]


def test_pager_query_drops_page_and_keeps_the_rest() -> None:
    assert pager_query(QueryDict("q=%E5%B0%B1%E4%B8%9A&page=3&year=2025")) == (
        "q=%E5%B0%B1%E4%B8%9A&year=2025&"
    )
    assert pager_query(QueryDict("page=2")) == ""


def test_pager_include_links_keep_the_filters() -> None:
    request = RequestFactory().get("/x/", {"q": "补贴", "page": "2"})
    html = Template('{% include "includes/pager.html" %}').render(
        Context({"request": request, "page": Page([], 2, 100, 20)})
    )
    assert 'href="?q=%E8%A1%A5%E8%B4%B4&amp;page=1"' in html
    assert 'href="?q=%E8%A1%A5%E8%B4%B4&amp;page=3"' in html
    assert "第 2 页 / 共 5 页" in html


def test_pager_include_shows_nothing_for_one_page() -> None:
    html = Template('{% include "includes/pager.html" %}').render(
        Context({"request": RequestFactory().get("/"), "page": Page([1], 1, 1)})
    )
    assert "分页" not in html


def test_an_empty_page_is_still_a_page() -> None:
    page: Page[int] = Page([], 1, 0)
    assert page
    assert not page.object_list
