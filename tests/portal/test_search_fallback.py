"""Several words that together find nothing: each word's own matches, labelled as such,
in a fixed number of queries; the search boxes' own examples find something."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import Organisation
from portal.search.fallback import MAX_WORDS, words_of
from portal.search.query import parse_query
from portal.services import index_publish

pytestmark = pytest.mark.django_db


def _index(titles: list[str]) -> None:
    now = timezone.now()
    for i, title in enumerate(titles):
        unit = Organisation.objects.create(
            name=f"单位{i}", code=f"u{i}", kind="department"
        )
        index_publish(
            unit, section="test", title=title, url=f"/x/{i}/", published_at=now
        )


def test_words_of_keeps_distinct_searchable_words_up_to_the_cap() -> None:
    assert words_of(parse_query("就业 补贴 就业 ，")) == ["就业", "补贴"]
    assert len(words_of(parse_query("一一 二二 三三 四四 五五 六六"))) == MAX_WORDS
    assert words_of(parse_query("就业")) == ["就业"]


def test_words_that_never_meet_show_what_each_finds_alone(client) -> None:
    _index(["高校毕业生就业创业政策", "稳就业促就业措施", "困难残疾人生活补贴"])
    body = client.get("/search/", {"q": "就业 补贴"}).content.decode()
    assert "分别检索每个词的结果" in body
    assert "单独检索“就业”：共 2 条" in body
    assert "单独检索“补贴”：共 1 条" in body
    assert "困难残疾人生活补贴" in body and "/x/2/" in body
    assert "不一定与您要找的内容相关" in body
    # A single word that finds nothing gets the plain message, not the per-word list.
    body = client.get("/search/", {"q": "养老"}).content.decode()
    assert "分别检索" not in body and "没有找到与“养老”相关的内容" in body
    # Words that meet are an ordinary result.
    body = client.get("/search/", {"q": "就业 创业"}).content.decode()
    assert "分别检索" not in body and "共找到 <strong>1</strong> 条结果" in body


@pytest.mark.parametrize("count", [1, 12])
def test_the_fallback_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count: int
) -> None:
    _index([f"就业创业政策{i}" for i in range(count)] + ["生活补贴"] * count)
    # The search (5, see test_search.py), then one search per word (4 at most; on
    # SQLite a count and a page each) and one query for all their rows.
    per_word = 1 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(5 + MAX_WORDS * per_word + 1):
        response = client.get("/search/", {"q": "就业 补贴 养老 救助 医疗"})
    body = response.content.decode()
    assert f"单独检索“就业”：共 {count} 条" in body
    assert "单独检索“养老”也没有结果" in body
    assert "医疗" not in re.sub(r"<title>.*?</title>|value=\"[^\"]*\"", "", body)


def test_the_library_falls_back_per_word_and_its_examples_find_documents(
    client,
) -> None:
    from policies.demo import seed_policies
    from portal import demo

    demo.seed_staff(demo.seed_organisations())
    seed_policies(target=30)
    url = reverse("policies:document-list")
    page = client.get(url).content.decode()
    placeholder = re.search(r'id="id_q"[^>]*placeholder="如：([^"]+)"', page)
    assert placeholder
    examples = placeholder.group(1).split(" 或 ")
    assert examples == ["就业 创业", "济阳政办发"]
    for example in examples:
        body = client.get(url, {"q": example}).content.decode()
        assert "card-table" in body, f"the example “{example}” finds nothing"
    body = client.get(url, {"q": "就业 养老"}).content.decode()
    assert "没有同时包含“就业”和“养老”的文件" in body
    assert "单独检索“就业”" in body and "单独检索“养老”" in body
