"""Offline zones: the kiosk shows exactly what the website shows (same source)."""

from __future__ import annotations

import re

import pytest

from disclosure.kiosk_views import KIOSK_ITEMS
from disclosure.models import OfflineZone
from portal.publishing import services
from tests.disclosure.factories import InformationItemFactory

pytestmark = pytest.mark.django_db


def _zone() -> OfflineZone:
    return OfflineZone.objects.create(
        name="济阳区政务服务中心政务公开专区",
        kind=OfflineZone.Kind.HALL,
        address="济阳区纬二路 1 号",
        hours="工作日 9:00—17:00",
    )


def _titles(html: str, cls: str) -> list[str]:
    return re.findall(rf'class="{cls}">([^<]+)<', html)


def test_kiosk_shows_the_same_items_as_the_website(
    client, desk, published, django_assert_max_num_queries
) -> None:
    zone = _zone()
    for i in range(KIOSK_ITEMS + 3):
        published(title=f"公开信息第{i:02d}号")
    InformationItemFactory(organisation=desk.unit, title="未发布的草稿")
    withdrawn = published(title="已撤稿的信息")
    services.withdraw(withdrawn, actor=desk.final, reason="有误")

    site = client.get("/disclosure/items/").content.decode()
    site_titles = re.findall(r'<a href="/disclosure/items/\d+/">([^<]+)</a>', site)
    # settings is not used by the kiosk frame: zone, items, areas, columns
    with django_assert_max_num_queries(5):
        kiosk = client.get(f"/disclosure/zones/{zone.pk}/kiosk/").content.decode()
    kiosk_titles = _titles(kiosk, "kiosk-title")
    assert kiosk_titles == site_titles[:KIOSK_ITEMS]
    assert "未发布的草稿" not in kiosk and "已撤稿的信息" not in kiosk
    fragment = client.get(f"/disclosure/zones/{zone.pk}/kiosk/", {"fragment": "1"})
    assert _titles(fragment.content.decode(), "kiosk-title") == kiosk_titles
    assert "<html" not in fragment.content.decode()
    assert (
        "no-cache" in fragment["Cache-Control"]
        or "max-age=0" in fragment["Cache-Control"]
    )

    # A newly published item appears on the next refresh: same source, not a copy.
    fresh = published(title="刚刚发布的信息")
    fragment = client.get(f"/disclosure/zones/{zone.pk}/kiosk/", {"fragment": "1"})
    assert _titles(fragment.content.decode(), "kiosk-title")[0] == fresh.title


def test_kiosk_item_pages_show_only_public_items(client, desk, published) -> None:
    zone = _zone()
    item = published(title="可查阅的信息")
    assert (
        "可查阅的信息"
        in client.get(
            f"/disclosure/zones/{zone.pk}/kiosk/items/{item.pk}/"
        ).content.decode()
    )
    services.withdraw(item, actor=desk.final, reason="有误")
    assert (
        client.get(f"/disclosure/zones/{zone.pk}/kiosk/items/{item.pk}/").status_code
        == 404
    )
    draft = InformationItemFactory(organisation=desk.unit)
    assert (
        client.get(f"/disclosure/zones/{zone.pk}/kiosk/items/{draft.pk}/").status_code
        == 404
    )
    assert client.get("/disclosure/zones/999/kiosk/").status_code == 404
    zones = client.get("/disclosure/zones/").content.decode()
    assert zone.name in zones and zone.address in zones


def test_kiosk_key_area_pages_list_the_areas_public_items(
    client, desk, published
) -> None:
    from tests.disclosure.factories import KeyAreaFactory

    zone = _zone()
    area = KeyAreaFactory(slug="rural", name="乡村振兴")
    shown = published(title="高标准农田项目公示", key_areas=[area])
    draft = InformationItemFactory(organisation=desk.unit, title="农田草稿")
    draft.key_areas.set([area])
    kiosk = client.get(f"/disclosure/zones/{zone.pk}/kiosk/").content.decode()
    assert f"/disclosure/zones/{zone.pk}/kiosk/areas/rural/" in kiosk
    body = client.get(
        f"/disclosure/zones/{zone.pk}/kiosk/areas/rural/"
    ).content.decode()
    assert shown.title in body and "农田草稿" not in body
    assert (
        client.get(f"/disclosure/zones/{zone.pk}/kiosk/areas/none/").status_code == 404
    )
