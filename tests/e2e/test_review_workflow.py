from __future__ import annotations

import pytest

from portal.publishing import services
from tests.disclosure.factories import InformationItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


def test_a_final_reviewer_publishes_from_the_admin(page, desk) -> None:
    item = InformationItemFactory(organisation=desk.unit, title="浏览器终审测试信息")
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)

    _login(page, desk.final.username)
    page.goto("/admin/review-queue/")
    page.get_by_role("link", name="浏览器终审测试信息").click()
    page.get_by_role("link", name="审核通过").click()
    page.fill("textarea[name=text]", "同意发布")
    page.get_by_role("button", name="审核通过").click()
    assert "已审核通过" in page.locator(".messagelist").inner_text()

    page.goto("/disclosure/")
    assert page.get_by_role("link", name="浏览器终审测试信息").count() == 1


def test_a_refusal_is_shown_in_chinese(page, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    _login(page, desk.second.username)  # the record waits for 初审, not 复审
    page.goto(f"/admin/disclosure/informationitem/{item.pk}/workflow/approve/")
    page.fill("textarea[name=text]", "保留我的意见")
    page.get_by_role("button", name="审核通过").click()
    assert "没有“初审”权限" in page.locator(".errorlist").inner_text()
    assert page.input_value("textarea[name=text]") == "保留我的意见"
