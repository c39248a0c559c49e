"""The one pagination module: page-number parsing, page arithmetic, the pager include,
and every paged page going through them."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from disclosure.models import InformationItem
from portal import roles
from portal.pagination import (
    CappedCountPaginator,
    Page,
    page_number,
    pager_query,
    paginate,
    paginate_without_count,
    requested_page,
)
from portal.publishing.models import ReviewState
from requests_app.choices import Channel, ReplyType
from requests_app.models import Application, TypicalCase
from tests.portal.factories import OrganisationFactory, UserFactory
from tests.requests_app.factories import ApplicationFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
THE_PAGER = TEMPLATES / "includes" / "pager.html"


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
    assert page_number(4) == 4
    # Only ASCII digits, and no number longer than any real page.
    assert page_number("\uff13") == 1  # full-width 3: int() would read it
    assert page_number("+3") == 1
    assert page_number("9" * 4000) == 1


def test_requested_page_reads_the_page_parameter() -> None:
    request = RequestFactory().get("/x/", {"page": "7", "q": "2"})
    assert requested_page(request) == 7
    assert requested_page(request, max_page=5) == 5
    assert requested_page(RequestFactory().get("/x/")) == 1


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


def test_an_uncounted_page_knows_its_next_page_from_one_extra_row() -> None:
    rows = list(range(51))
    first = paginate_without_count(rows, "1", page_size=25)
    assert first.items == list(range(25)) and first.has_next
    assert first.count is None and first.num_pages is None
    last = paginate_without_count(rows, 3, page_size=25)
    assert last.items == [50] and not last.has_next and last.has_previous
    # Past the end: an empty page that still links back.
    assert paginate_without_count(rows, 9, page_size=25).items == []
    assert not paginate_without_count(rows * 10, 2, page_size=25, max_page=2).has_next


def test_pager_include_names_an_uncounted_page_without_a_total() -> None:
    request = RequestFactory().get("/x/", {"page": "2"})
    html = Template('{% include "includes/pager.html" %}').render(
        Context({"request": request, "page": Page([1], 2, None, 20, more=True)})
    )
    assert "第 2 页</span>" in html and "共" not in html
    assert 'href="?page=3"' in html and 'href="?page=1"' in html


@pytest.mark.django_db
def test_capped_count_paginator_counts_at_most_the_cap() -> None:
    unit = OrganisationFactory()
    for _ in range(4):
        ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)

    class Capped(CappedCountPaginator):
        count_cap = 2

    assert Capped(Application.objects.order_by("pk"), 1).count == 3
    assert CappedCountPaginator(Application.objects.order_by("pk"), 1).count == 4


def test_the_admin_changelist_of_applications_uses_the_capped_paginator() -> None:
    assert admin.site._registry[Application].paginator is CappedCountPaginator


# --- one pager: no other markup, no other parser -----------------------------------

PAGER_MARKUP = re.compile(
    r'class="pager"|上一页|下一页|[?&](?:amp;)?page=|previous_page_number|'
    r"next_page_number|\.paginator\b"
)


def test_no_template_but_the_pager_include_has_pager_markup() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        if path != THE_PAGER
        for match in PAGER_MARKUP.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    # Every paged template includes the one pager.
    pager_users = [
        p
        for p in TEMPLATES.rglob("*.html")
        if "includes/pager.html" in p.read_text(encoding="utf-8")
    ]
    assert len(pager_users) >= 15


def _python_sources() -> list[Path]:
    skip = {".venv", "node_modules", "tests", "bench", "migrations"}
    return [
        path
        for path in ROOT.rglob("*.py")
        if not skip.intersection(path.relative_to(ROOT).parts)
    ]


PAGE_PARSING = re.compile(
    r"""GET\.get\(\s*["']page["']|GET\[["']page["']\]|int\([^)]*\bpage\b|"""
    r"""django\.core\.paginator|class \w*Paginator\b"""
)


def test_no_python_module_but_the_pagination_module_parses_or_paginates() -> None:
    module = ROOT / "portal" / "pagination.py"
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _python_sources()
        if path != module
        for match in PAGE_PARSING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# --- each former user of its own pager renders the one pager -------------------------


def _assert_the_one_pager(body: str, page: int) -> None:
    pager = re.search(r'<nav class="pager" aria-label="分页">.*?</nav>', body, re.S)
    assert pager, "no pager"
    assert f"第 {page} 页" in pager.group(0)
    assert 'rel="prev"' in pager.group(0)  # only the one include marks its links


@pytest.mark.django_db
def test_page_two_of_the_public_case_list_keeps_its_filters(
    client, django_assert_max_num_queries
) -> None:
    unit = OrganisationFactory()
    TypicalCase.objects.bulk_create(
        TypicalCase(
            organisation=unit,
            title=f"典型案例{i}",
            request_summary="概要",
            handling="要点",
            reply_type=ReplyType.DISCLOSED,
            topic="land",
            is_public=True,
            published_at=timezone.now() - datetime.timedelta(minutes=i),
        )
        for i in range(45)
    )
    url = reverse("requests:case-list")
    client.get(url)  # warm the cached site settings
    with django_assert_max_num_queries(4):
        body = client.get(url, {"q": "典型", "topic": "land", "page": "2"})
    body = body.content.decode()
    _assert_the_one_pager(body, 2)
    assert "第 2 页 / 共 3 页" in body
    assert "?q=%E5%85%B8%E5%9E%8B&amp;topic=land&amp;page=3" in body
    assert "典型案例20" in body and "典型案例19<" not in body


@pytest.mark.django_db
def test_page_two_of_the_disclosure_item_list(
    client, django_assert_max_num_queries
) -> None:
    unit = OrganisationFactory(code="rsj")
    now = timezone.now()
    InformationItem.objects.bulk_create(
        InformationItem(
            organisation=unit,
            title=f"公开信息{i}",
            category=InformationItem.Category.NEWS,
            body="<p>正文</p>",
            index_number=f"RSJ/2024-{i:05d}",
            review_state=ReviewState.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i),
        )
        for i in range(25)
    )
    url = reverse("disclosure:item-list")
    client.get(url)
    with django_assert_max_num_queries(5) as queries:
        response = client.get(url, {"page": "2"})
    body = response.content.decode()
    _assert_the_one_pager(body, 2)
    assert "第 2 页 / 共 2 页" in body and "共 25 条" in body
    assert "公开信息20" in body and "公开信息19<" not in body
    with django_assert_max_num_queries(len(queries.captured_queries)):
        client.get(url, {"page": "1"})


@pytest.mark.django_db
def test_page_two_of_the_staff_dashboard_is_uncounted(
    client, django_assert_max_num_queries
) -> None:
    unit = OrganisationFactory()
    handler = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    for _ in range(26):
        ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    client.force_login(handler)
    url = reverse("requests:staff-dashboard")
    first = client.get(url).content.decode()
    assert 'href="?page=2" rel="next"' in first and "第 1 页</span>" in first
    with django_assert_max_num_queries(9) as queries:
        response = client.get(url, {"page": "2"})
    body = response.content.decode()
    _assert_the_one_pager(body, 2)
    assert "第 2 页</span>" in body  # no total: the dashboard never counts
    assert "下一页" not in body
    assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)
