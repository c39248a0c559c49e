from __future__ import annotations

import pytest

from portal.demo import seed_organisations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_elder_mode_and_skip_link(page, live_server, tmp_path) -> None:
    seed_organisations()
    page.goto("/")
    assert page.locator(".site-name").inner_text() == "济阳区政务公开平台"
    assert page.get_by_text("曲堤镇").count() >= 1

    # The skip link is the first thing keyboard users reach, and it moves focus to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    normal_size = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state()
    elder_size = page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )
    assert elder_size > normal_size * 1.2

    # It persists for the visitor across pages and reloads.
    page.goto("/organisations/")
    assert "elder" in (page.locator("html").get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "elder.png"), full_page=True)
    page.get_by_role("button", name="退出长者模式").click()
    page.wait_for_load_state()
    assert "elder" not in (page.locator("html").get_attribute("class") or "")


def test_phone_viewport_has_no_horizontal_scroll(page) -> None:
    seed_organisations()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
