"""“一件事” and key-area topic columns: staff order, only published content."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from disclosure.models import ColumnEntry, InformationItem, TopicColumn
from portal.models import IndexEntry
from portal.publishing import services
from tests.disclosure.conftest import publish
from tests.disclosure.factories import InformationItemFactory

pytestmark = pytest.mark.django_db


def _content(column, position, item):
    return ColumnEntry.objects.create(
        column=column,
        position=position,
        kind=ColumnEntry.Kind.CONTENT,
        content_type=ContentType.objects.get_for_model(InformationItem),
        object_id=item.pk,
    )


def test_column_shows_only_published_content_in_staff_order(
    client, desk, published, django_assert_max_num_queries
) -> None:
    column = TopicColumn.objects.create(
        slug="newborn",
        name="新生儿出生“一件事”",
        kind="one_thing",
        organisation=desk.unit,
    )
    second = published(title="育儿补贴发放公示")
    first = published(title="托育机构备案名单")
    draft = InformationItemFactory(organisation=desk.unit, title="出生登记草稿")
    withdrawn = published(title="已撤稿的出生政策")
    services.withdraw(withdrawn, actor=desk.final, reason="政策调整")
    _content(column, 2, second)
    _content(column, 1, first)
    _content(column, 3, draft)
    _content(column, 4, withdrawn)
    ColumnEntry.objects.create(
        column=column, position=5, kind="faq",
        question="多久可以办结？", answer="3 个工作日内办结。",
    )  # fmt: skip
    ColumnEntry.objects.create(
        column=column, position=6, kind="link",
        link_title="爱山东办理入口", link_url="https://www.shandong.gov.cn/",
    )  # fmt: skip
    # Nothing is public before the column passes review.
    assert client.get("/disclosure/columns/newborn/").status_code == 404
    column = publish(column, desk)
    # settings, column, entries, one query per content model
    with django_assert_max_num_queries(5):
        body = client.get("/disclosure/columns/newborn/").content.decode()
    assert body.index("托育机构备案名单") < body.index("育儿补贴发放公示")
    assert "出生登记草稿" not in body and "已撤稿的出生政策" not in body
    assert "多久可以办结？" in body and "爱山东办理入口" in body
    assert "新生儿出生“一件事”" in client.get("/disclosure/columns/").content.decode()
    # The column is found by site search (it feeds the one index).
    assert IndexEntry.objects.filter(section="topics", title=column.name).exists()
    # A withdrawn column leaves lists and search and keeps its page with the notice.
    services.withdraw(column, actor=desk.final, reason="事项已合并")
    assert not IndexEntry.objects.filter(section="topics").exists()
    body = client.get("/disclosure/columns/newborn/").content.decode()
    assert "事项已合并" in body and "托育机构备案名单" not in body
    assert "新生儿出生" not in client.get("/disclosure/columns/").content.decode()


def test_an_entry_needs_the_fields_of_its_kind(desk) -> None:
    from django.core.exceptions import ValidationError

    column = TopicColumn.objects.create(
        slug="x", name="专栏", kind="one_thing", organisation=desk.unit
    )
    for kind, field in (
        ("content", "object_id"),
        ("faq", "answer"),
        ("link", "link_url"),
    ):
        entry = ColumnEntry(column=column, kind=kind, question="问", link_title="入口")
        with pytest.raises(ValidationError) as error:
            entry.full_clean()
        assert field in error.value.message_dict
