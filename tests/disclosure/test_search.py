"""Site search across every content type, with type/unit/date filters and capped
per-type counts, in a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from disclosure.models import Project, TopicColumn
from policies.models import DocType
from tests.disclosure.conftest import publish
from tests.policies.factories import DocumentFactory
from tests.policies.factories import publish as publish_policy
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_search_finds_every_content_type_and_filters(
    client, desk, published, django_assert_max_num_queries
) -> None:
    with time_machine.travel(datetime.datetime(2024, 3, 5, 9, tzinfo=datetime.UTC)):
        old_item = published(title="乡村振兴项目公示（三月）")
    item = published(title="乡村振兴集中展示区建设方案")
    document = publish_policy(
        DocumentFactory(
            organisation=desk.unit, title="关于推进乡村振兴的实施意见",
            doc_type=DocType.WORK,
        ),
        desk,
    )  # fmt: skip
    column = publish(
        TopicColumn.objects.create(
            slug="rural", name="乡村振兴集中展示区专栏", kind="key_area",
            organisation=desk.unit,
        ),
        desk,
    )  # fmt: skip
    project = publish(
        Project.objects.create(
            name="乡村振兴示范片区建设项目", kind="construction", organisation=desk.unit
        ),
        desk,
    )
    other = OrganisationFactory(code="nyj", name="济阳区农业农村局")
    body = client.get("/search/", {"q": "乡村振兴"}).content.decode()
    # Titles come back with the query marked: look for the unmarked remainder.
    for title in (
        old_item.title,
        item.title,
        document.title,
        column.name,
        project.name,
    ):
        assert title.replace("乡村振兴", "<mark>乡村振兴</mark>") in body, title
    assert "最新公开信息（2）" in body and "专题专栏（1）" in body
    assert "重大项目全过程公开（1）" in body

    body = client.get(
        "/search/", {"q": "乡村振兴", "section": "topics"}
    ).content.decode()
    assert "展示区专栏" in body and "展示区建设方案" not in body

    body = client.get("/search/", {"q": "乡村振兴", "unit": other.pk}).content.decode()
    assert "展示区建设方案" not in body and "的实施意见" not in body

    body = client.get(
        "/search/", {"q": "乡村振兴", "from": "2024-03-01", "to": "2024-03-31"}
    ).content.decode()
    assert "项目公示（三月）" in body and "展示区建设方案" not in body

    # settings, units, per-type counts, ranked page (+ count on SQLite), rows
    with django_assert_max_num_queries(6):
        assert (
            client.get("/search/", {"q": "乡村振兴", "sort": "date"}).status_code == 200
        )


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "abc"},
        {"unit": "99999999999999"},
        {"from": "2024-13-01"},
        {"to": "昨天"},
        {"from": "2024-05-01", "to": "2024-01-01"},
    ],
)
def test_bad_search_filters_are_ignored_with_a_notice(client, params) -> None:
    response = client.get("/search/", {"q": "就业", **params})
    assert response.status_code == 200
    body = response.content.decode()
    assert "已忽略" in body or "全部单位" in body
