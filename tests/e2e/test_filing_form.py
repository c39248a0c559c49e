"""The filing form in the browser: every error at once, a linked summary with focus,
only the chosen applicant type's fields (and without JavaScript, all of them), and a
receipt that survives a refresh."""

from __future__ import annotations

import pytest

from portal.demo import seed_organisations
from tests.e2e.axe import assert_no_axe_violations
from tests.e2e.test_layout import PHONE, WIDER_THAN_VIEWPORT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESCRIBED_TARGETS_MISSING = """() => {
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby]')) {
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/)) {
      if (id && !document.getElementById(id)) missing.push(el.id + ' -> ' + id);
    }
  }
  return missing;
}"""


def test_four_errors_show_at_once_in_a_focused_linked_summary(
    page, live_server
) -> None:
    seed_organisations()
    page.goto("/requests/apply/")
    assert page.title().startswith("在线提交")
    # Four mistakes: no unit, no name, no phone, a malformed e-mail.
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("电子邮箱").fill("zhangsan-at-example")
    page.get_by_label("所需信息的内容描述").fill("请公开2024年城市更新项目补偿方案")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()

    assert page.title().startswith("错误：")
    summary = page.locator(".error-summary")
    links = summary.get_by_role("link")
    assert links.count() == 4
    assert links.all_inner_texts() == [
        "请选择受理申请的行政机关。",
        "请填写申请人姓名或名称。",
        "请填写联系电话。",
        "电子邮箱格式不正确。",
    ]
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # Each link takes the user to its field.
    links.nth(2).click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    assert page.locator("#id_phone").is_visible()
    # What was typed is kept, and screen readers hear each field's error and hint.
    assert page.get_by_label("所需信息的内容描述").input_value().startswith("请公开")
    assert page.evaluate(DESCRIBED_TARGETS_MISSING) == []
    assert "id_phone_error" in (
        page.locator("#id_phone").get_attribute("aria-describedby") or ""
    )
    assert_no_axe_violations(page)


def test_only_the_chosen_applicant_type_and_applicable_marks_show(page) -> None:
    seed_organisations()
    page.goto("/requests/apply/")
    natural = page.locator("[data-applicant-type=natural]")
    legal = page.locator("[data-applicant-type=legal]")
    assert natural.is_visible() and not legal.is_visible()
    email_mark = page.locator("label[for=id_email] .required")
    address_mark = page.locator("label[for=id_address] .required")
    assert email_mark.inner_text() == "（必填）"  # 电子邮件 is the default delivery
    assert address_mark.inner_text() == "（选填）"

    page.get_by_role("radio", name="法人或其他组织").check()
    assert legal.is_visible() and not natural.is_visible()
    page.get_by_role("radio", name="邮寄").check()
    assert address_mark.inner_text() == "（必填）"
    assert email_mark.inner_text() == "（选填）"
    assert_no_axe_violations(page)


def test_without_javascript_both_groups_and_conditions_are_spelled_out(
    browser, live_server
) -> None:
    seed_organisations()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/requests/apply/")
        assert page.get_by_text("法人或其他组织填写", exact=True).is_visible()
        assert page.get_by_label("统一社会信用代码").is_visible()
        assert page.get_by_text("以“电子邮件”方式获取信息时必填").is_visible()
        page.get_by_role("radio", name="法人或其他组织").check()
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_load_state()
        summary = page.locator(".error-summary")
        assert summary.is_visible()
        # autofocus moves focus to the summary where scripts do not run.
        assert summary.evaluate("el => el === document.activeElement")
        assert summary.get_by_role("link", name="统一社会信用代码不正确").count() == 1
        # The natural person's fields are not asked of a company.
        assert summary.get_by_role("link", name="请填写证件号码").count() == 0
    finally:
        context.close()


def test_the_receipt_stays_readable_on_refresh(page) -> None:
    seed_organisations()
    page.goto("/requests/apply/")
    page.get_by_label("申请公开的行政机关").select_option(
        label="济阳区住房和城乡建设局"
    )
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13805310001")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill("请公开2024年城市更新项目补偿方案")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/requests/apply/done/")
    codes = page.locator(".receipt .code").all_inner_texts()
    page.reload()
    assert page.locator(".receipt .code").all_inner_texts() == codes
    # The receipt is a public page type of its own: it fits a phone too.
    page.set_viewport_size(PHONE)
    result = page.evaluate(WIDER_THAN_VIEWPORT)
    assert result["scroll"] <= 0 and not result["offenders"], result
    assert_no_axe_violations(page)
