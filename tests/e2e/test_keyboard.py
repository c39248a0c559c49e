"""The filing form works with the keyboard alone: Tab from the top of the page to
each field, type or pick with the arrow keys, and submit with Enter (issue 14 §1,
GB/T 37668-2019 / WCAG 2.1.1)."""

from __future__ import annotations

from typing import Any

import pytest

from portal.demo import seed_organisations
from requests_app.models import Application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => document.activeElement && (document.activeElement.id || document.activeElement.tagName)"


def _tab_to(page: Any, target: str, limit: int = 120) -> int:
    """Press Tab until ``target`` (an element id) has the focus; return the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == target:
            # The focused control is visibly marked (WCAG 2.4.7).
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            )
            assert outline, f"{target} has no visible focus indicator"
            return presses
    raise AssertionError(f"Tab never reached #{target}")


def test_the_filing_form_can_be_filled_and_sent_with_the_keyboard_alone(page) -> None:
    seed_organisations()
    page.goto("/requests/apply/")
    _tab_to(page, "id_organisation")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_organisation").input_value() != ""
    for field, text in [
        ("id_name", "张三"),
        ("id_id_number", "11010519491231002X"),
        ("id_phone", "13805310001"),
        ("id_email", "zhangsan@example.com"),
        ("id_address", "济阳区富阳街1号"),
        ("id_description", "请公开2024年城市更新项目补偿方案"),
    ]:
        _tab_to(page, field)
        page.keyboard.type(text)
    id_type = page.locator("#id_id_type")
    if id_type.input_value() != "resident_id":
        id_type.focus()
        for _ in range(10):
            if id_type.input_value() == "resident_id":
                break
            page.keyboard.press("ArrowDown")
    assert id_type.input_value() == "resident_id"
    submit = page.get_by_role("button", name="提交申请")
    submit_id = submit.get_attribute("id") or ""
    if submit_id:
        _tab_to(page, submit_id)
    else:
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == "提交申请":
                break
    assert page.evaluate("document.activeElement.textContent.trim()") == "提交申请"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/requests/apply/done/" in page.url, page.locator(
        ".error-summary"
    ).all_inner_texts()
    application = Application.objects.get()
    assert application.phone == "13805310001" and application.name == "张三"
