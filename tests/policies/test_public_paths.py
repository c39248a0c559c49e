"""Public pages and paths of the library: filters, search, bad input, query counts,
and the one visibility rule (draft, in review, scheduled and withdrawn documents appear
on no list, search, feed, sitemap, API or export)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from policies import services
from policies.models import Audience
from portal.publishing import services as publishing
from tests.policies.factories import DocumentFactory, InterpretationFactory, publish

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def library(desk):
    published = publish(
        DocumentFactory(
            organisation=desk.unit,
            title="济阳区关于支持高校毕业生就业创业的若干措施",
            doc_number="济阳人社发〔2024〕5号",
            body="<p>对吸纳高校毕业生就业的企业给予一次性就业补贴。</p>",
            audiences=[Audience.objects.get(code="graduates")],
        ),
        desk,
    )
    draft = DocumentFactory(organisation=desk.unit, title="草稿文件养老服务补贴办法")
    in_review = publishing.submit(
        DocumentFactory(organisation=desk.unit, title="审核中文件养老服务补贴办法"),
        actor=desk.editor,
    )
    scheduled = publish(
        DocumentFactory(
            organisation=desk.unit,
            title="定时发布文件养老服务补贴办法",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        ),
        desk,
    )
    withdrawn = publish(
        DocumentFactory(organisation=desk.unit, title="已撤稿文件养老服务补贴办法"),
        desk,
    )
    withdrawn = publishing.withdraw(
        withdrawn, actor=desk.final, reason="内容有误，重新发布"
    )
    return {
        "published": published,
        "hidden": [draft, in_review, scheduled, withdrawn],
        "withdrawn": withdrawn,
    }


def _paths(client) -> dict[str, str]:
    get = lambda url, **q: client.get(url, q).content.decode()  # noqa: E731
    return {
        "list": get("/policies/"),
        "list_search": get("/policies/", q="养老服务补贴"),
        "site_search": get("/search/", q="养老服务补贴"),
        "home": get("/"),
        "feed": get("/policies/feed/"),
        "site_feed": get("/feed/"),
        "sitemap": get("/sitemap-content.xml"),
        "api": get("/api/v1/policies/"),
        "api_search": get("/api/v1/policies/", q="养老服务补贴"),
        "api_since": get("/api/v1/policies/", updated_since="2000-01-01"),
        "export": b"".join(
            client.get("/policies/export.jsonl").streaming_content
        ).decode(),
    }


def test_hidden_documents_appear_on_no_public_path(client, library) -> None:
    paths = _paths(client)
    for name, body in paths.items():
        for document in library["hidden"]:
            assert document.title not in body, (name, document.title)
    assert library["published"].title in paths["list"]
    assert library["published"].title in paths["api"]
    assert library["published"].title in paths["export"]
    for document in library["hidden"]:
        assert client.get(f"/api/v1/policies/{document.pk}/").status_code == 404


def test_a_withdrawn_document_keeps_its_page_with_the_notice(client, library) -> None:
    response = client.get(library["withdrawn"].get_absolute_url())
    assert response.status_code == 200
    assert "本文件已撤稿" in response.content.decode()
    for document in library["hidden"][:3]:
        assert client.get(document.get_absolute_url()).status_code == 404


def test_the_list_filters_and_finds_documents_by_any_doc_number_variant(
    client, library
) -> None:
    published = library["published"]
    body = client.get(
        "/policies/", {"q": "济阳人社发（２０２４）第05号"}
    ).content.decode()
    assert published.title in body
    body = client.get(
        "/policies/", {"doc_number": "济阳人社发[2024]5号"}
    ).content.decode()
    assert published.title in body
    body = client.get("/policies/", {"audience": "graduates"}).content.decode()
    assert published.title in body
    body = client.get("/policies/", {"status": "repealed"}).content.decode()
    assert published.title not in body
    body = client.get("/policies/", {"q": "就业补贴"}).content.decode()
    assert "<mark>就业</mark>" in body or "<mark>就业补贴</mark>" in body


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"year": "二〇二四"},
        {"year": "99999"},
        {"issuer": "abc"},
        {"issuer": "999999"},
        {"audience": "<script>"},
        {"doc_type": "'; DROP TABLE policies_document; --"},
        {"q": "x" * 1000},
        {"q": "<script>alert(1)</script>"},
        {"q": "' OR 1=1 --"},
        {"q": "，。！"},
        {"page": "-3"},
        {"page": "abc"},
        {"sort": "nonsense"},
        {"doc_number": "第二号文件"},
        {"updated_since": "yesterday"},
    ],
)
def test_bad_input_gets_a_message_or_an_empty_result_never_a_500(
    client, library, params
) -> None:
    response = client.get("/policies/", params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    api = client.get("/api/v1/policies/", params)
    assert api.status_code in (200, 400, 404)
    if api.status_code == 400:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(api.json()))


def test_unknown_filter_values_are_reported_and_what_was_typed_is_kept(
    client, library
) -> None:
    body = client.get("/policies/", {"status": "bogus", "q": "就业"}).content.decode()
    assert "没有这个效力状态" in body
    assert 'value="就业"' in body
    body = client.get("/policies/", {"q": "政" * 200}).content.decode()
    assert "检索词过长" in body
    api = client.get("/api/v1/policies/", {"status": "bogus"})
    assert api.status_code == 400 and "没有这个效力状态" in api.json()["status"][0]
    api = client.get("/api/v1/policies/", {"updated_since": "yesterday"})
    assert api.status_code == 400 and "时间格式不正确" in api.json()["updated_since"][0]


def _many(desk, n: int, start: int) -> None:
    for i in range(start, start + n):
        document = DocumentFactory(
            organisation=desk.unit,
            title=f"济阳区就业补贴政策第{i}号",
            doc_number=f"济阳就业发〔2024〕{i}号",
            issuers=[desk.unit],
            audiences=list(Audience.objects.all()[:2]),
        )
        publish(document, desk)
        InterpretationFactory(document=document)


def test_every_public_page_runs_a_constant_number_of_queries(
    client, desk, django_assert_max_num_queries
) -> None:
    _many(desk, 2, 1)
    first = DocumentFactory(
        organisation=desk.unit, title="被修改的文件", issuers=[desk.unit]
    )
    first = publish(first, desk)
    first_interp = publish(InterpretationFactory(document=first), desk)
    counts: dict[str, list[int]] = {}
    pages = {
        # site settings, count, page rows, issuers, organisations, audiences (form),
        # audiences (links)
        "list": ("/policies/", {}),
        "list_filtered": ("/policies/", {"status": "effective", "year": "2024"}),
        # + capped count, page of keys, rows
        "search": ("/policies/", {"q": "就业补贴"}),
        "site_search": ("/search/", {"q": "就业补贴"}),
        # document, history, relations both ways, interpretations
        "detail": (first.get_absolute_url(), {}),
        "print": (first.get_absolute_url() + "print/", {}),
        "feed": ("/policies/feed/", {}),
        "interpretations": ("/policies/interpretations/", {}),
        "interpretation_report": ("/policies/interpretations/report/", {}),
        "interpretation": (f"/policies/interpretations/{first_interp.pk}/", {}),
        "api_list": ("/api/v1/policies/", {}),
        "api_detail": (f"/api/v1/policies/{first.pk}/", {}),
        "api_interpretations": ("/api/v1/interpretations/", {}),
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure() -> None:
        for name, (url, params) in pages.items():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, params)
            assert response.status_code == 200, name
            counts.setdefault(name, []).append(len(ctx.captured_queries))

    measure()  # warm-up: the site settings are cached after the first page
    counts.clear()
    measure()
    _many(desk, 12, 100)
    for i in range(3):
        newer = publish(
            DocumentFactory(organisation=desk.unit, issuers=[desk.unit]), desk
        )
        services.record_relation(
            newer,
            first,
            "amends",
            actor=None,
            effective_on=datetime.date(2024, 6, 1 + i),
            now=NOW,
        )
    measure()
    for name, (before, after) in counts.items():
        assert after == before, (name, before, after)
    with django_assert_max_num_queries(12):
        client.get("/policies/")
    with django_assert_max_num_queries(12):
        client.get(first.get_absolute_url())


def test_a_document_page_shows_its_banner_history_and_relations(client, desk) -> None:
    old = publish(DocumentFactory(organisation=desk.unit, title="济阳区旧办法"), desk)
    new = publish(
        DocumentFactory(
            organisation=desk.unit,
            title="济阳区新办法",
            doc_number="济阳政发〔2024〕9号",
        ),
        desk,
    )
    services.record_relation(
        new, old, "repeals", actor=None, effective_on=datetime.date(2024, 6, 1), now=NOW
    )
    body = client.get(old.get_absolute_url()).content.decode()
    assert "2024年6月1日起废止" in body
    assert f'href="{new.get_absolute_url()}"' in body
    assert "济阳政发〔2024〕9号" in body
    assert "有效 → 废止" in body
    data = client.get(f"/api/v1/policies/{old.pk}/").json()
    assert data["status"] == "repealed" and data["status_display"] == "废止"
    assert data["status_history"][0]["caused_by"]["id"] == new.pk
    assert data["relations"][0]["direction"] == "incoming"


def test_the_api_carries_the_public_contract_fields(client, library) -> None:
    data = client.get("/api/v1/policies/").json()
    [row] = data["results"]
    for key in [
        "id", "index_number", "title", "doc_number", "issuers", "doc_type", "topic",
        "written_date", "published_date", "effective_date", "expiry_date", "status",
        "status_display", "audiences", "url",
    ]:  # fmt: skip
        assert key in row, key
    assert row["doc_number"] == "济阳人社发〔2024〕5号"
    assert row["url"].startswith("http://testserver/policies/")
    detail = client.get(f"/api/v1/policies/{row['id']}/").json()
    for key in ["body", "status_history", "relations", "interpretations"]:
        assert key in detail
    later = client.get(
        "/api/v1/policies/",
        {"updated_since": (timezone.now() + datetime.timedelta(hours=1)).isoformat()},
    ).json()
    assert later["count"] == 0
    export = [
        json.loads(line)
        for line in b"".join(client.get("/policies/export.jsonl").streaming_content)
        .decode()
        .splitlines()
    ]
    assert [e["doc_number"] for e in export] == ["济阳人社发〔2024〕5号"]


def test_the_signer_report_counts_public_interpretations_by_kind(client, desk) -> None:
    for kind in ["leader", "expert", "department", "department"]:
        document = publish(DocumentFactory(organisation=desk.unit), desk)
        publish(InterpretationFactory(document=document, signer_kind=kind), desk)
    draft_doc = DocumentFactory(organisation=desk.unit)
    InterpretationFactory(document=draft_doc, signer_kind="leader")  # not public
    body = client.get("/policies/interpretations/report/").content.decode()
    assert "共 4 篇" in body
    assert "<td>主要负责人</td><td>1</td><td>25.0%</td>" in body
    assert "<td>部门</td><td>2</td><td>50.0%</td>" in body
    listing = client.get(
        "/policies/interpretations/", {"signer_kind": "expert"}
    ).content.decode()
    assert listing.count("政策解读</a>") == 1
    assert (
        client.get("/policies/interpretations/", {"form": "bogus"}).status_code == 200
    )


def test_a_year_is_listed_by_written_date(client, desk) -> None:
    later = DocumentFactory(
        organisation=desk.unit,
        title="十二月成文的文件",
        written_date=datetime.date(2023, 12, 1),
    )
    earlier = DocumentFactory(
        organisation=desk.unit,
        title="一月成文的文件",
        written_date=datetime.date(2023, 1, 5),
    )
    publish(later, desk)
    publish(earlier, desk)  # published last, written first
    body = client.get("/policies/", {"year": "2023"}).content.decode()
    assert body.index("十二月成文的文件") < body.index("一月成文的文件")
    api = client.get("/api/v1/policies/", {"year": "2023"}).json()["results"]
    assert [r["title"] for r in api] == ["十二月成文的文件", "一月成文的文件"]
