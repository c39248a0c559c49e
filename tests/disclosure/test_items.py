"""Information items: 索引号 per unit, metadata table, per-area lists, feeds."""

from __future__ import annotations

import datetime

import pytest

from disclosure import services as disclosure_services
from disclosure.models import InformationItem
from portal.publishing import services
from tests.disclosure.factories import (
    CatalogueNodeFactory,
    InformationItemFactory,
    KeyAreaFactory,
)
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_index_numbers_are_generated_per_unit_and_year(desk) -> None:
    other = OrganisationFactory(code="jtj")
    day = datetime.date(2024, 3, 1)
    numbers = []
    for unit in (desk.unit, desk.unit, other):
        item = InformationItemFactory.build(organisation=unit)
        numbers.append(disclosure_services.save_item(item, today=day).index_number)
    assert numbers == ["RSJ/2024-00001", "RSJ/2024-00002", "JTJ/2024-00001"]
    # The 生成日期's year wins, and an existing number is kept on a later save.
    item = InformationItemFactory.build(
        organisation=desk.unit, generated_date=datetime.date(2023, 12, 30)
    )
    assert disclosure_services.save_item(item, today=day).index_number == (
        "RSJ/2023-00001"
    )
    assert disclosure_services.save_item(item, today=day).index_number == (
        "RSJ/2023-00001"
    )


def test_detail_shows_the_metadata_table(client, desk, published) -> None:
    node = CatalogueNodeFactory(name="财政预算、决算信息")
    area = KeyAreaFactory(name="城市更新", slug="urban")
    item = published(
        title="济阳区老旧小区改造项目名单",
        catalogue_node=node,
        key_areas=[area],
        doc_number="济阳建发〔2024〕6号",
        generated_date=datetime.date(2024, 5, 20),
        issuing_body="济阳区住房和城乡建设局",
    )
    body = client.get(item.get_absolute_url()).content.decode()
    for text in (
        "索引号",
        item.index_number,
        "主题分类",
        "发布机构",
        "济阳区住房和城乡建设局",
        "生成日期",
        "2024年05月20日",
        "济阳建发〔2024〕6号",
        "财政预算、决算信息",
        "城市更新",
    ):
        assert text in body, text


def test_key_area_pages_list_only_public_items(
    client, desk, published, django_assert_max_num_queries
) -> None:
    area = KeyAreaFactory(name="无废城市", slug="zero-waste")
    shown = published(title="无废城市建设方案", key_areas=[area])
    hidden = InformationItemFactory(organisation=desk.unit, title="无废城市草稿")
    hidden.key_areas.set([area])
    withdrawn = published(title="无废城市已撤稿", key_areas=[area])
    services.withdraw(withdrawn, actor=desk.final, reason="数据有误")
    for path in ("/disclosure/areas/zero-waste/", "/disclosure/areas/zero-waste/feed/"):
        body = client.get(path).content.decode()
        assert shown.title in body
        assert hidden.title not in body and withdrawn.title not in body
    assert "无废城市" in client.get("/disclosure/areas/").content.decode()
    assert client.get("/disclosure/areas/nope/").status_code == 404
    # settings, area, count, page
    with django_assert_max_num_queries(4):
        client.get("/disclosure/areas/zero-waste/")
    for _ in range(10):
        published(key_areas=[area])
    with django_assert_max_num_queries(4):
        client.get("/disclosure/areas/zero-waste/")
    with django_assert_max_num_queries(4):
        client.get("/disclosure/areas/zero-waste/", {"page": "2"})


def test_column_home_and_item_filters(
    client, desk, published, django_assert_max_num_queries
) -> None:
    node = CatalogueNodeFactory(name="统计信息")
    area = KeyAreaFactory(name="就业", slug="jobs")
    in_node = published(title="统计公报", catalogue_node=node)
    in_area = published(title="招聘公告", key_areas=[area])
    body = client.get(
        "/disclosure/items/", {"catalogue_node": node.pk}
    ).content.decode()
    assert in_node.title in body and in_area.title not in body
    body = client.get("/disclosure/items/", {"key_area": "jobs"}).content.decode()
    assert in_area.title in body and in_node.title not in body
    assert client.get("/api/v1/disclosures/", {"key_area": "jobs"}).json()["count"] == 1
    # settings, nodes, counts, area counts (none: no area nodes), areas, columns, latest
    with django_assert_max_num_queries(7):
        home = client.get("/disclosure/")
    text = home.content.decode()
    for heading in (
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ):
        assert heading in text


def test_api_exposes_the_catalogue_metadata(client, desk, published) -> None:
    item = published(title="接口元数据", doc_number="济阳政发〔2024〕1号")
    row = client.get(f"/api/v1/disclosures/{item.pk}/").json()
    assert row["index_number"] == item.index_number
    assert row["doc_number"] == "济阳政发〔2024〕1号"
    assert InformationItem.objects.get(pk=item.pk).index_number
