"""Chinese full-text search: the pure tokenizer (property-tested, no DB) and the
search over the publication index (recall on a corpus with known matching sets)."""

from __future__ import annotations

import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from portal.models import IndexEntry, Organisation
from portal.search.query import COUNT_CAP, parse_query, run_search
from portal.search.snippets import highlight, snippet
from portal.search.tokenizer import (
    MAX_QUERY_LENGTH,
    field_tokens,
    is_lossy,
    like_patterns,
    normalize,
    phrase_matches,
    query_phrases,
    tokenize,
    tsquery_literal,
    tsvector_literal,
)
from portal.services import index_publish, index_withdraw

HAN = "政府人民济阳区办公室关于印发通知实施方案意见就业创业补贴老年人"
cjk_text = st.text(alphabet=HAN, min_size=1, max_size=40)
mixed_text = st.text(alphabet=HAN + "abc 123，。〔〕", min_size=0, max_size=60)


# --- tokenizer (pure) ------------------------------------------------------------------


def test_cjk_runs_become_overlapping_bigrams_plus_a_final_unigram() -> None:
    assert tokenize("人民政府") == ["人民", "民政", "政府", "府"]
    assert tokenize("区") == ["区"]


def test_latin_words_and_numbers_are_words_after_nfkc_and_lower_case() -> None:
    assert tokenize("ＡＢＣ 2024年") == ["abc", "2024", "年"]
    assert tokenize("济阳政办发〔２０２４〕2号") == [
        "济阳", "阳政", "政办", "办发", "发", "2024", "2", "号",
    ]  # fmt: skip


def test_fields_are_separated_so_no_phrase_spans_two_fields() -> None:
    tokens = field_tokens("通知", "各镇")
    assert "|" in tokens
    assert not phrase_matches(query_phrases("知,各")[0], tokens)


@given(text=cjk_text, data=st.data())
def test_a_cjk_substring_always_matches_its_text(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    phrases = query_phrases(text[start:end])
    tokens = tokenize(text)
    assert all(phrase_matches(p, tokens) for p in phrases)
    # The substring scan used on SQLite agrees with the reference.
    joined = " " + " ".join(tokens) + " "
    assert all(pattern in joined for pattern in like_patterns(phrases))


@given(text=cjk_text, query=st.text(alphabet=HAN, min_size=2, max_size=6))
def test_a_cjk_query_matches_exactly_when_it_is_a_substring(
    text: str, query: str
) -> None:
    [phrase] = query_phrases(query)
    assert phrase_matches(phrase, tokenize(text)) == (query in text)
    joined = " " + " ".join(tokenize(text)) + " "
    assert (like_patterns([phrase])[0] in joined) == (query in text)


@given(text=mixed_text)
def test_tokenize_is_total_and_normalised(text: str) -> None:
    tokens = tokenize(text)
    assert all(t and t == normalize(t) and " " not in t for t in tokens)
    assert tsvector_literal(tokens).count("'") % 2 == 0


@given(query=st.text(max_size=200))
def test_any_query_parses_without_raising(query: str) -> None:
    parsed = parse_query(query)
    assert parsed.error or parsed.is_blank or parsed.phrases
    if parsed.phrases:
        assert tsquery_literal(parsed.phrases)


def test_queries_are_refused_when_too_long_or_without_words() -> None:
    assert "过长" in parse_query("政" * (MAX_QUERY_LENGTH + 1)).error
    assert parse_query("，。！").error
    assert parse_query("  ").is_blank


def test_lossy_detects_what_postgresql_cannot_keep() -> None:
    assert not is_lossy(tokenize("人民政府" * 10))
    assert is_lossy(["政府"] * 300)
    assert is_lossy([f"w{i}" for i in range(17000)])


def test_highlight_escapes_html_and_marks_matches() -> None:
    html = highlight("<b>人民政府</b>关于", ["政府"])
    assert html == "&lt;b&gt;人民<mark>政府</mark>&lt;/b&gt;关于"
    assert "<mark>" in snippet("很长的前文" * 30 + "就业补贴" + "后文" * 30, ["就业"])


# --- search over the index (database) ------------------------------------------------

VOCAB = [
    "济阳区", "人民政府", "办公室", "关于", "印发", "实施方案", "通知", "就业", "创业",
    "补贴", "老年人", "养老服务", "乡村振兴", "营商环境", "高质量发展", "政务公开",
    "黄河", "生态保护", "农业", "种植", "社区", "街道", "安全生产", "应急", "教育",
]  # fmt: skip


def _corpus(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        title = "".join(rng.choice(VOCAB) for _ in range(rng.randint(2, 5)))
        body = "，".join(
            "".join(rng.choice(VOCAB) for _ in range(rng.randint(2, 6)))
            for _ in range(rng.randint(1, 6))
        )
        docs.append((f"{title}{i}", body))
    return docs


def _publish_corpus(docs: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    unit = Organisation.objects.create(name="测试单位", code="t", kind="department")
    now = timezone.now()
    by_id = {}
    for i, (title, body) in enumerate(docs):
        holder = Organisation.objects.create(
            name=f"载体{i}", code=f"h{i}", kind="other"
        )
        entry = index_publish(
            holder,
            section="test",
            title=title,
            url=f"/t/{i}",
            published_at=now,
            organisation=unit,
            body=body,
        )
        by_id[str(entry.pk)] = (title, body)
    return by_id


def _expected(by_id: dict[str, tuple[str, str]], query: str) -> set[str]:
    return {
        pk
        for pk, (title, body) in by_id.items()
        if query in title or any(query in part for part in body.split("，"))
    }


@pytest.mark.django_db
def test_search_recall_is_one_on_a_corpus_with_known_matching_sets() -> None:
    by_id = _publish_corpus(_corpus(150, seed=7))
    rng = random.Random(11)
    texts = [t + "，" + b for t, b in by_id.values()]
    queries = set()
    while len(queries) < 60:
        text = "".join(
            ch for ch in rng.choice(texts) if ch != "，" and not ch.isdigit()
        )
        length = rng.randint(2, 8)
        start = rng.randint(0, max(0, len(text) - length))
        queries.add(text[start : start + length])
    now = timezone.now()
    for query in sorted(queries):
        expected = _expected(by_id, query)
        for order in ("relevance", "date"):
            result = run_search(
                IndexEntry.objects.all(),
                parse_query(query),
                now=now,
                order=order,
                limit=COUNT_CAP,
            )
            assert {str(pk) for pk in result.ids} == expected, (query, order)
            assert result.total == len(expected)


@pytest.mark.django_db
def test_one_character_queries_find_every_occurrence() -> None:
    by_id = _publish_corpus(_corpus(60, seed=3))
    now = timezone.now()
    for query in ["府", "济", "业", "人"]:
        result = run_search(
            IndexEntry.objects.all(), parse_query(query), now=now, limit=COUNT_CAP
        )
        assert {str(pk) for pk in result.ids} == _expected(by_id, query)


@pytest.mark.django_db
def test_withdrawn_entries_leave_the_search() -> None:
    unit = Organisation.objects.create(name="测试单位", code="t", kind="department")
    index_publish(
        unit,
        section="test",
        title="养老服务补贴",
        url="/x",
        published_at=timezone.now(),
    )
    query = parse_query("养老服务")
    assert run_search(IndexEntry.objects.all(), query, now=timezone.now()).total == 1
    index_withdraw(unit)
    assert run_search(IndexEntry.objects.all(), query, now=timezone.now()).total == 0


@pytest.mark.django_db
def test_site_search_page_handles_bad_input_without_errors(client) -> None:
    unit = Organisation.objects.create(name="测试单位", code="t", kind="department")
    index_publish(
        unit,
        section="test",
        title="关于<b>就业</b>补贴的通知",
        url="/x",
        published_at=timezone.now(),
    )
    for q in [
        "'; DROP TABLE portal_indexentry; --",
        "<script>alert(1)</script>",
        "政" * 500,
        "，。",
        "就业",
        "%_\\",
    ]:
        response = client.get("/search/", {"q": q, "section": "nope", "page": "x"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>alert(1)</script>" not in body
    body = client.get("/search/", {"q": "政" * 500}).content.decode()
    assert "检索词过长" in body
    body = client.get("/search/", {"q": "就业"}).content.decode()
    assert "<mark>就业</mark>" in body and "&lt;b&gt;" in body


@pytest.mark.django_db
def test_site_search_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries
) -> None:
    unit = Organisation.objects.create(name="测试单位", code="t", kind="department")
    ct = ContentType.objects.get_for_model(Organisation)
    now = timezone.now()
    for i in range(60):
        entry = IndexEntry(
            content_type=ct, object_id=f"x{i}", section="test", title=f"就业补贴{i}",
            url="/x", organisation=unit, published_at=now,
        )  # fmt: skip
        entry.save()
        index_publish(
            unit, section="test", title="x", url="/", published_at=now
        ) if i == 0 else None
    from portal.search.fields import search_fields

    for entry in IndexEntry.objects.all():
        for name, value in search_fields(
            entry.title, entry.summary, entry.body
        ).items():
            setattr(entry, name, value)
        entry.save()
    # site settings, the unit filter's choices, per-type capped counts (one UNION),
    # capped count, page of keys (one statement on PostgreSQL), the rows of the page
    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "就业"})
    assert response.status_code == 200
    assert "共找到 <strong>60</strong> 条结果" in response.content.decode()
