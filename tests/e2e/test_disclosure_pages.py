"""Browser tests of the 政府信息公开 column at phone width, and the kiosk's refresh."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from disclosure.demo import seed_disclosure
from disclosure.models import CatalogueNode, OfflineZone, Project
from portal.demo import seed_organisations, seed_staff

axe_check: Callable[[Any], None] | None
try:  # the shared axe-core helper (tests/e2e/axe.py) lands from another branch
    from tests.e2e.axe import assert_no_axe_violations as axe_check
except ImportError:
    axe_check = None

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def demo() -> None:
    seed_staff(seed_organisations())
    seed_disclosure()


def test_column_pages_fit_a_phone(page, demo) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    project = Project.objects.filter(stages__item__isnull=False).first()
    node = CatalogueNode.objects.filter(items__isnull=False).first()
    paths = [
        "/disclosure/",
        "/disclosure/catalogue/",
        node.get_absolute_url(),
        project.get_absolute_url(),
        "/disclosure/projects/",
        "/disclosure/columns/newborn/",
        "/disclosure/items/",
        "/disclosure/guide/",
        "/site-map/",
        "/contact/",
        "/disclosure/areas/rural/",
        "/disclosure/zones/",
        "/disclosure/subscribe/",
        "/disclosure/annual-reports/",
        "/search/?q=乡村振兴",
    ]
    for path in paths:
        page.goto(path)
        assert page.evaluate(OVERFLOW) <= 0, path
        if axe_check is not None:
            axe_check(page)
    page.goto(project.get_absolute_url())
    assert page.locator(".stage").count() >= 2
    assert page.get_by_text("已公开").count() >= 1


def test_kiosk_fits_touches_and_survives_a_network_blip(page, demo) -> None:
    zone = OfflineZone.objects.first()
    kiosk = f"/disclosure/zones/{zone.pk}/kiosk/"
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(kiosk)
    assert page.evaluate(OVERFLOW) <= 0
    if axe_check is not None:
        axe_check(page)
    tiles = page.locator(".kiosk-tile")
    assert tiles.count() >= 10
    # Touch targets are large (≥ 44 px) and reachable without a keyboard.
    assert tiles.first.bounding_box()["height"] >= 44
    first_title = tiles.first.locator(".kiosk-title").inner_text()

    # The network drops: the refresh fails and the last content stays on screen.
    page.route("**/kiosk/?fragment=1", lambda route: route.abort())
    page.evaluate("window.kioskRefresh()")
    # A locator assertion, not wait_for_function: the page's CSP forbids eval.
    expect(page.locator("#kiosk-status")).to_contain_text("网络暂时中断")
    assert page.locator(".kiosk-tile").first.locator(".kiosk-title").inner_text() == (
        first_title
    )
    # The network comes back: the content area is refreshed from the website.
    page.unroute("**/kiosk/?fragment=1")
    page.evaluate("window.kioskRefresh()")
    expect(page.locator("#kiosk-status")).to_contain_text("更新于")
    assert page.locator(".kiosk-tile").count() == tiles.count()

    # Opening an item and coming back works by touch alone, at kiosk width too.
    page.set_viewport_size({"width": 1080, "height": 1920})
    page.locator(".kiosk-tile").first.click()
    assert page.locator("h1").inner_text() == first_title
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_text("返回首页").click()
    assert page.locator(".kiosk-tile").count() >= 10
    page.locator(".kiosk-chips a").first.click()
    assert page.locator(".kiosk-tile").count() >= 1
    if axe_check is not None:
        axe_check(page)
