"""An editor finds a record returned to them from the admin home; the picker is Chinese."""

from __future__ import annotations

import pytest

from portal.publishing import services
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


def test_an_editor_finds_a_returned_record_from_the_admin_home(page, desk) -> None:
    item = InformationItemFactory(
        organisation=desk.unit, author=desk.editor, title="浏览器退回测试信息"
    )
    item = services.submit(item, actor=desk.editor)
    services.send_back(item, actor=desk.first, reason="请补充政策依据。")

    _login(page, desk.editor.username)
    page.goto("/admin/")
    returned = page.locator("#returned-home")
    assert "请补充政策依据。" in returned.inner_text()
    returned.get_by_role("link", name="浏览器退回测试信息").click()
    reason = page.locator("#return-reason")
    assert "本条信息已被退回修改" in reason.inner_text()
    assert "请补充政策依据。" in reason.inner_text()
    # The reason is at the top: above the first field of the form.
    reason_box = reason.bounding_box()
    title_box = page.locator("#id_title").bounding_box()
    assert reason_box and title_box and reason_box["y"] < title_box["y"]


def test_the_audience_picker_speaks_chinese(page) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    _login(page, admin.username)
    page.goto("/admin/policies/document/add/")
    page.wait_for_selector(".selector-available")
    text = page.locator(".selector").first.inner_text()
    assert "Choose" not in text and "selecting them" not in text
    assert "选择全部" in text
    index = page.goto("/admin/")
    assert index is not None
    assert "Model name" not in page.content()
