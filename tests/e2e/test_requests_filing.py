"""A citizen files an application in the browser, then follows it with the query code."""

from __future__ import annotations

import pytest

from portal.demo import seed_organisations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_file_with_a_typo_then_correct_it_and_track(page, live_server) -> None:
    seed_organisations()
    page.goto("/requests/")
    page.get_by_role("link", name="在线提交申请").click()
    page.get_by_label("申请公开的行政机关").select_option(
        label="济阳区住房和城乡建设局"
    )
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件类型（自然人）").select_option(label="居民身份证")
    page.get_by_label("证件号码（自然人）").fill(
        "110105194912310021"
    )  # wrong check digit
    page.get_by_label("联系电话").fill("13805310001")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill("请公开2024年城市更新项目补偿方案")
    page.get_by_role("button", name="提交申请").click()
    assert (
        page.locator("#id_id_number_error")
        .get_by_text("居民身份证号码不正确")
        .is_visible()
    )
    # What was typed is still there.
    assert page.get_by_label("所需信息的内容描述").input_value().startswith("请公开")
    page.get_by_label("证件号码（自然人）").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/requests/apply/done/")
    codes = page.locator(".receipt .code").all_inner_texts()
    serial, query_code = codes
    assert serial.startswith("JY")

    page.goto("/requests/track/")
    page.get_by_label("申请编号").fill(serial)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("待确认收到").first.is_visible()
    assert "11010519491231002X" not in page.content()


def test_a_double_click_on_submit_files_once(page, live_server) -> None:
    """The one-time form token: a second send of the same form files nothing new."""
    from requests_app.models import Application

    seed_organisations()
    page.goto("/requests/apply/")
    page.get_by_label("申请公开的行政机关").select_option(
        label="济阳区住房和城乡建设局"
    )
    page.get_by_label("姓名或名称").fill("李四")
    page.get_by_label("证件类型（自然人）").select_option(label="居民身份证")
    page.get_by_label("证件号码（自然人）").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13805310002")
    page.get_by_label("电子邮箱").fill("lisi@example.com")
    page.get_by_label("所需信息的内容描述").fill("请公开2024年老旧小区改造计划")
    # The same form sent three times (a double click, then the page re-sent): two
    # background sends of the very form data, then the real submit.
    page.locator("form.big-form").evaluate(
        """async form => {
            for (let i = 0; i < 2; i++) {
                await fetch(location.href, {
                    method: "POST", body: new FormData(form), redirect: "manual"
                });
            }
        }"""
    )
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/requests/apply/done/")
    serial, query_code = page.locator(".receipt .code").all_inner_texts()
    assert Application.objects.count() == 1
    assert Application.objects.get().serial_number == serial

    page.goto("/requests/track/")
    page.get_by_label("申请编号").fill(serial)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("待确认收到").first.is_visible()
