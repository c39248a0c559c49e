"""The reply reaches the applicant, and the handler sees only valid steps (browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core import mail

from portal import roles
from portal.demo import seed_organisations
from portal.models import Organisation
from portal.permissions import sync_role_permissions
from requests_app.models import Application
from tests.e2e.axe import assert_no_axe_violations
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNIT = "济阳区住房和城乡建设局"


@pytest.fixture(autouse=True)
def _roles(db) -> None:
    # A transactional test before this one may have left the role groups without
    # their permissions (flush + serialized rollback); create them as migrate does.
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)
    sync_role_permissions()


def _login(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


def _file(page) -> tuple[str, str]:
    page.goto("/requests/apply/")
    page.get_by_label("申请公开的行政机关").select_option(label=UNIT)
    page.get_by_label("姓名或名称").fill("张三")
    page.get_by_label("证件类型（自然人）").select_option(label="居民身份证")
    page.get_by_label("证件号码（自然人）").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13805310001")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill("请公开2024年城市更新项目补偿方案。")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/requests/apply/done/")
    serial, query_code = page.locator(".receipt .code").all_inner_texts()
    return serial, query_code


def _step(page, name: str) -> object:
    step = page.locator(f'details[data-step="{name}"]')
    step.locator("summary").click()
    return step


def _offered(page) -> set[str]:
    return set(
        page.locator("details[data-step]").evaluate_all(
            "nodes => nodes.map(n => n.dataset.step)"
        )
    )


def test_citizen_files_staff_reply_and_the_citizen_downloads_and_gets_the_mail(
    page, live_server, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    seed_organisations()
    handler = UserFactory(
        organisation=Organisation.objects.get(name=UNIT),
        roles=[roles.REQUEST_HANDLER],
    )
    serial, query_code = _file(page)
    application = Application.objects.get(serial_number=serial)

    _login(page, handler.username)
    page.goto(f"/requests/staff/{application.pk}/")
    assert "未起算" in page.content()
    _step(page, "confirm").get_by_role("button", name="确认收到申请").click()
    _step(page, "accept").get_by_role("button", name="受理办理").click()
    attach = _step(page, "attach")
    upload = tmp_path / "补偿方案.txt"
    upload.write_text("补偿标准：按评估价补偿。", encoding="utf-8")
    attach.get_by_label("答复附件").set_input_files(str(upload))
    attach.get_by_role("button", name="上传答复附件").click()
    assert page.get_by_text("已完成：上传答复附件").is_visible()
    reply = _step(page, "reply")
    reply.get_by_label("答复类型").select_option(label="予以公开")
    reply.get_by_label("答复正文（选用答复口径时可留空，将采用口径原文）").fill(
        "经审查，您申请的信息予以公开，见附件。"
    )
    reply.get_by_label("送达方式").select_option(label="电子邮件")
    reply.get_by_role("button", name="答复").click()
    assert page.get_by_text("已完成：答复").is_visible()

    # The e-mail to the applicant, captured by the test mail backend.
    [message] = [m for m in mail.outbox if "已答复" in m.subject]
    assert message.to == ["zhangsan@example.com"] and serial in message.subject
    assert "见附件" in message.body

    page.context.clear_cookies()
    page.goto("/requests/track/")
    page.get_by_label("申请编号").fill(serial)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("答复已通过电子邮件送达").is_visible()
    assert_no_axe_violations(page)
    with page.expect_download() as letter:
        page.get_by_role("link", name="政府信息公开申请答复书（PDF）").click()
    pdf = Path(letter.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.expect_download() as attachment:
        page.get_by_role("link", name="补偿方案.txt").click()
    assert attachment.value.suggested_filename == "补偿方案.txt"
    assert (
        Path(attachment.value.path()).read_text(encoding="utf-8").startswith("补偿标准")
    )


def test_a_handler_sees_only_valid_actions_and_keeps_typed_text(
    page, live_server
) -> None:
    seed_organisations()
    handler = UserFactory(
        organisation=Organisation.objects.get(name=UNIT),
        roles=[roles.REQUEST_HANDLER],
    )
    serial, _ = _file(page)
    application = Application.objects.get(serial_number=serial)
    _login(page, handler.username)
    page.goto(f"/requests/staff/{application.pk}/")
    assert _offered(page) == {"confirm", "assign", "transfer", "withdraw", "attach"}
    assert page.get_by_role("button", name="答复").count() == 0
    _step(page, "confirm").get_by_role("button", name="确认收到申请").click()
    offered = _offered(page)
    assert {"review", "accept", "correction"} <= offered
    assert "reply" not in offered and "archive" not in offered
    # A stale page: the extension is refused in this state, the text stays.
    with page.expect_navigation():
        page.evaluate(
            """pk => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = `/requests/staff/${pk}/extend/`;
            const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
            form.append(csrf.cloneNode());
            for (const [k, v] of Object.entries({days: "10", approver: "张某",
                    reason: "需要调取档案", notice_sent_on: "2026-01-05"})) {
                const input = document.createElement("input");
                input.name = k; input.value = v; form.append(input);
            }
            document.body.append(form);
            form.submit();
        }""",
            application.pk,
        )
    step = page.locator('details[data-step="extend"]')
    assert step.get_attribute("open") is not None
    assert step.get_by_label("延期理由").input_value() == "需要调取档案"
    assert "请先" in step.inner_text()
