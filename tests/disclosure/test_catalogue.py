"""The 主动公开事项目录: public tree and node pages, bad time limits, overdue report."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from disclosure.models import CatalogueNode
from portal import roles
from tests.disclosure.factories import CatalogueNodeFactory, KeyAreaFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_catalogue_tree_counts_only_public_items(client, desk, published) -> None:
    root = CatalogueNodeFactory(name="区级主动公开事项")
    budget = CatalogueNodeFactory(name="财政预算、决算信息", parent=root)
    area = KeyAreaFactory(name="乡村振兴")
    CatalogueNodeFactory(name="乡村振兴领域", parent=root, key_area=area)
    published(title="济阳区2024年区级预算公开", catalogue_node=budget)
    published(title="乡村振兴项目公示", key_areas=[area])
    page = client.get("/disclosure/catalogue/").content.decode()
    assert "财政预算、决算信息" in page and "（1）" in page
    assert "区级主动公开事项" in page
    node_page = client.get(budget.get_absolute_url()).content.decode()
    assert "济阳区2024年区级预算公开" in node_page
    assert "条例第二十条" in node_page and "20 个工作日" in node_page
    assert "RSJ/2024-00001" in node_page  # 第十二条: the 目录 shows the 索引号
    area_node = CatalogueNode.objects.get(name="乡村振兴领域")
    assert (
        "乡村振兴项目公示" in client.get(area_node.get_absolute_url()).content.decode()
    )
    assert client.get("/disclosure/catalogue/999999/").status_code == 404


def test_catalogue_pages_run_a_constant_number_of_queries(
    client, desk, published, django_assert_max_num_queries
) -> None:
    root = CatalogueNodeFactory(name="根事项")
    node = CatalogueNodeFactory(name="子事项", parent=root)
    published(catalogue_node=node)
    # settings, nodes, counts per node, (no key areas)
    with django_assert_max_num_queries(4):
        assert client.get("/disclosure/catalogue/").status_code == 200
    # settings, node, children, count, page
    with django_assert_max_num_queries(5):
        assert client.get(node.get_absolute_url()).status_code == 200
    for i in range(12):
        child = CatalogueNodeFactory(name=f"更多子事项{i}", parent=root)
        published(catalogue_node=child)
        published(catalogue_node=node)
    with django_assert_max_num_queries(4):
        assert client.get("/disclosure/catalogue/").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(node.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(f"{node.get_absolute_url()}feed/").status_code == 200


@pytest.mark.parametrize(
    ("value", "message"),
    [("-5", "至少为 1 个工作日"), ("0", "至少为 1 个工作日"), ("99999", "不能超过")],
)
def test_absurd_time_limits_are_refused_with_a_message(client, value, message) -> None:
    office = OrganisationFactory(code="office")
    admin = UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN])
    client.force_login(admin)
    response = client.post(
        "/admin/disclosure/cataloguenode/add/",
        {
            "name": "行政处罚信息",
            "level": "district",
            "time_limit_workdays": value,
            "sort_order": "1",
            "is_active": "on",
            "is_statutory": "on",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "行政处罚信息" in body  # what was typed is kept
    assert not CatalogueNode.objects.exists()


def _overdue_setup(desk):
    other = OrganisationFactory(code="other", name="济阳区其他局")
    with time_machine.travel(datetime.datetime(2024, 1, 2, 9, tzinfo=datetime.UTC)):
        mine = CatalogueNodeFactory(
            name="本单位季度统计", responsible=desk.unit, update_cycle_days=92
        )
        theirs = CatalogueNodeFactory(
            name="其他单位季度统计", responsible=other, update_cycle_days=92
        )
        fresh = CatalogueNodeFactory(
            name="按时更新的事项", responsible=desk.unit, update_cycle_days=92
        )
        CatalogueNodeFactory(name="随形成随公开", responsible=desk.unit)
    return mine, theirs, fresh, other


def test_overdue_report_lists_nodes_with_nothing_published_in_time(
    client, desk, published, django_assert_max_num_queries
) -> None:
    mine, theirs, fresh, other = _overdue_setup(desk)
    with time_machine.travel(datetime.datetime(2024, 6, 3, 9, tzinfo=datetime.UTC)):
        published(title="最新季度统计", catalogue_node=fresh)
    office = OrganisationFactory(code="office")
    admin = UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN])
    client.force_login(admin)
    # Nodes set up in January with a 92-day cycle are due in late May.
    with time_machine.travel(timezone.now().replace(year=2024, month=7, day=1)):
        with django_assert_max_num_queries(12):
            body = client.get("/disclosure/staff/monitor/").content.decode()
    assert "本单位季度统计" in body and "其他单位季度统计" in body
    assert "按时更新的事项" not in body and "随形成随公开" not in body
    assert "从未公开" in body

    # A unit's staff see only the nodes their unit answers for.
    client.force_login(desk.editor)
    with time_machine.travel(timezone.now().replace(year=2024, month=7, day=1)):
        body = client.get("/disclosure/staff/monitor/").content.decode()
    assert "本单位季度统计" in body and "其他单位季度统计" not in body


def test_monitor_refuses_the_public_and_staff_without_a_role(client, desk) -> None:
    assert client.get("/disclosure/staff/monitor/").status_code == 302
    client.force_login(UserFactory(organisation=desk.unit))
    assert client.get("/disclosure/staff/monitor/").status_code == 403


def test_the_admin_index_links_the_monitor_for_staff_with_the_role(
    client, desk
) -> None:
    client.force_login(desk.editor)
    assert "/disclosure/staff/monitor/" in client.get("/admin/").content.decode()
    client.force_login(UserFactory(organisation=desk.unit))
    assert "/disclosure/staff/monitor/" not in client.get("/admin/").content.decode()


def test_monitor_lists_items_published_after_their_time_limit(
    client, desk, published
) -> None:
    node = CatalogueNodeFactory(name="行政处罚信息", time_limit_workdays=7)
    today = timezone.localdate()
    published(
        title="逾期公开的处罚决定",
        catalogue_node=node,
        generated_date=today - datetime.timedelta(days=40),
    )
    published(title="按时公开的处罚决定", catalogue_node=node, generated_date=today)
    other = OrganisationFactory(code="zz")
    client.force_login(desk.editor)
    body = client.get("/disclosure/staff/monitor/").content.decode()
    assert "逾期公开的处罚决定" in body and "按时公开的处罚决定" not in body
    client.force_login(UserFactory(organisation=other, roles=[roles.EDITOR]))
    body = client.get("/disclosure/staff/monitor/").content.decode()
    assert "逾期公开的处罚决定" not in body  # another unit's items are not listed
