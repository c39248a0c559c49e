"""One visibility rule: drafts, scheduled and withdrawn items appear on no public path."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from portal.publishing import services
from portal.publishing.selectors import clear_proofreader_cache
from tests.disclosure.factories import InformationItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_proofreader():
    clear_proofreader_cache()


def _publish(item, desk):
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)
    return services.approve(item, actor=desk.final)


def _public_paths(client) -> dict[str, str]:
    return {
        "home": client.get("/").content.decode(),
        "list": client.get("/disclosure/items/").content.decode(),
        "column": client.get("/disclosure/").content.decode(),
        "feed": client.get("/disclosure/feed/").content.decode(),
        "site_feed": client.get("/feed/").content.decode(),
        "sitemap": client.get("/sitemap-content.xml").content.decode(),
        "api": client.get("/api/v1/disclosures/").content.decode(),
    }


def _marker(path_name: str, item) -> str:
    # The sitemap lists addresses; every other path shows titles.
    return f"{item.get_absolute_url()}<" if path_name == "sitemap" else item.title


def test_each_hidden_state_is_absent_from_every_path(client, desk) -> None:
    published = _publish(
        InformationItemFactory(organisation=desk.unit, title="已发布的公开信息"), desk
    )
    draft = InformationItemFactory(organisation=desk.unit, title="草稿状态的信息")
    in_review = services.submit(
        InformationItemFactory(organisation=desk.unit, title="审核中的信息"),
        actor=desk.editor,
    )
    scheduled = _publish(
        InformationItemFactory(
            organisation=desk.unit,
            title="定时发布的信息",
            publish_at=timezone.now() + datetime.timedelta(days=1),
        ),
        desk,
    )
    withdrawn = services.withdraw(
        _publish(
            InformationItemFactory(organisation=desk.unit, title="已撤稿的信息"), desk
        ),
        actor=desk.final,
        reason="内容有误",
    )
    paths = _public_paths(client)
    for name, body in paths.items():
        assert _marker(name, published) in body, name
        for hidden in (draft, in_review, scheduled, withdrawn):
            assert _marker(name, hidden) not in body, (name, hidden.title)

    for hidden in (draft, in_review, scheduled):
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/disclosures/{hidden.pk}/").status_code == 404
    # A withdrawn item keeps its page with the public reason, but not its body.
    page = client.get(withdrawn.get_absolute_url())
    assert page.status_code == 200
    assert "已于" in page.content.decode() and "内容有误" in page.content.decode()
    assert client.get(f"/api/v1/disclosures/{withdrawn.pk}/").status_code == 404

    # Scheduled content appears on every path once the sweep publishes it.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert services.publish_due() == 1
        paths = _public_paths(client)
    assert all(_marker(name, scheduled) in body for name, body in paths.items())


def test_list_and_detail_run_a_constant_number_of_queries(
    client, desk, django_assert_max_num_queries
) -> None:
    first = _publish(InformationItemFactory(organisation=desk.unit), desk)
    # count, site settings, the filter's unit/node/area choices, the page
    with django_assert_max_num_queries(6):
        client.get("/disclosure/items/")
    for _ in range(25):
        _publish(InformationItemFactory(organisation=desk.unit), desk)
    with django_assert_max_num_queries(6):
        response = client.get("/disclosure/items/", {"page": 2})
    assert response.status_code == 200
    # item (+unit, node), its key areas, attachments, project stages (+ settings)
    with django_assert_max_num_queries(5):
        assert client.get(first.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/disclosures/").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"category": "bogus"},
        {"year": "二〇二四"},
        {"organisation": "999999"},
        {"page": "abc"},
        {"page": "99999"},
        {"year": "'; DROP TABLE x; --"},
    ],
)
def test_bad_filter_values_never_500(client, desk, query) -> None:
    response = client.get("/disclosure/items/", query)
    assert response.status_code == 200
    body = response.content.decode()
    if "page" not in query:
        assert "筛选条件有误" in body or "选择一个有效的选项" in body


def test_api_rejects_bad_filters_with_400(client) -> None:
    assert client.get("/api/v1/disclosures/", {"category": "bogus"}).status_code == 400
