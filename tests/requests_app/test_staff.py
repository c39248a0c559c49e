"""Staff workbench and admin: scope, dashboard order and query counts, workflow forms."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from requests_app import services
from requests_app.choices import Channel
from requests_app.models import Application, TypicalCase
from requests_app.workflow import Status
from tests.portal.factories import UserFactory
from tests.requests_app.factories import ApplicationFactory, ReplyTemplateFactory

pytestmark = pytest.mark.django_db


def test_dashboard_lists_own_unit_overdue_first_with_fixed_queries(
    client, unit, other_unit, handler, django_assert_max_num_queries
) -> None:
    now = timezone.now()
    old = ApplicationFactory(
        organisation=unit,
        channel=Channel.IN_PERSON,
        now=now - datetime.timedelta(days=60),
    )
    fresh = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=now)
    paused = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=now)
    services.accept_application(paused, actor=handler, now=now)
    services.start_consultation(
        paused, actor=handler, party="third_party", party_name="某公司", now=now
    )
    foreign = ApplicationFactory(
        organisation=other_unit, channel=Channel.IN_PERSON, now=now
    )
    late_online = ApplicationFactory(
        organisation=unit, now=now - datetime.timedelta(days=10)
    )
    client.force_login(handler)
    url = reverse("requests:staff-dashboard")
    client.get(url)  # warm the cached site settings
    # session, user, user and group permissions (role check), groups (scope),
    # calendar overrides, page rows, unconfirmed list
    with django_assert_max_num_queries(9):
        response = client.get(url)
    body = response.content.decode()
    assert body.index(old.serial_number) < body.index(fresh.serial_number)
    assert body.index(fresh.serial_number) < body.rindex(paused.serial_number)
    assert "已超期" in body and "计时暂停" in body
    assert foreign.serial_number not in body
    assert "超过1个工作日未确认收到" in body and late_online.serial_number in body
    for _ in range(30):
        ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=now)
    with django_assert_max_num_queries(9):
        client.get(url)
    assert "下一页" in client.get(url).content.decode()


def test_workbench_runs_steps_and_shows_refusals(client, unit, handler) -> None:
    application = ApplicationFactory(organisation=unit)
    ReplyTemplateFactory()
    client.force_login(handler)
    detail = reverse("requests:staff-detail", args=[application.pk])
    page = client.get(detail).content.decode()
    assert "确认收到申请" in page and "统一答复口径" in page

    def act(action: str, data: dict[str, str] | None = None) -> str:
        response = client.post(
            reverse("requests:staff-action", args=[application.pk, action]), data or {}
        )
        # A refused form comes back with what was typed (400, or 409 when the state
        # does not allow the step); a done step redirects.
        assert response.status_code in (302, 400, 409)
        if response.status_code in (400, 409):
            return response.content.decode()
        return client.get(detail).content.decode()

    page = act("archive")
    assert "不能执行“归档”。请先“确认收到申请”。" in page
    act("confirm")
    act("accept")
    page = act(
        "extend",
        {
            "days": "30",
            "approver": "张某",
            "reason": "复杂",
            "notice_sent_on": "2025-03-01",
        },
    )
    assert "延长答复期限未完成" in page
    page = act(
        "reply",
        {
            "reply_type": "withheld",
            "reason": "",
            "body": "不予公开",
            "delivery_method": "email",
            "legal_basis": "",
        },
    )
    assert "具体情形" in page
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    act(
        "reply",
        {
            "reply_type": "disclosed",
            "reason": "",
            "body": "已公开。",
            "delivery_method": "email",
            "legal_basis": "",
        },
    )
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    letter = client.get(reverse("requests:staff-letter", args=[application.pk, "html"]))
    assert "答复书" in letter.content.decode()
    pdf = client.get(reverse("requests:staff-letter", args=[application.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    act(
        "case",
        {
            "title": f"{application.name}申请公开补偿方案",
            "request_summary": f"申请人{application.name}（电话{application.phone}）申请补偿方案。",
            "handling": "已公开。",
            "is_public": "on",
        },
    )
    case = TypicalCase.objects.get()
    assert application.name not in case.title + case.request_summary
    assert application.phone not in case.request_summary
    assert case.is_public and case.reply_type == "disclosed"


def test_staff_of_another_unit_cannot_see_or_act(client, unit, other_unit) -> None:
    application = ApplicationFactory(organisation=unit)
    stranger = UserFactory(organisation=other_unit, roles=[roles.REQUEST_HANDLER])
    client.force_login(stranger)
    assert (
        client.get(reverse("requests:staff-detail", args=[application.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("requests:staff-action", args=[application.pk, "confirm"])
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.PENDING_CONFIRMATION
    admin_list = client.get(reverse("admin:requests_app_application_changelist"))
    assert application.serial_number not in admin_list.content.decode()


def test_staff_register_in_person_and_post(client, unit, handler) -> None:
    client.force_login(handler)
    data = {
        "organisation": str(unit.pk),
        "channel": "post_signed",
        "signed_on": "2025-03-05",
        "applicant_type": "natural",
        "name": "王五",
        "id_type": "passport",
        "id_number": "E12345678",
        "phone": "13805310003",
        "description": "请公开某项目批复",
        "delivery_method": "pickup",
        "form": "paper",
    }
    response = client.post(reverse("requests:staff-register"), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.received_on == datetime.date(2025, 3, 5)  # 签收之日
    assert application.status == Status.REGISTERED
    assert application.events.get().actor == handler
    bad = client.post(reverse("requests:staff-register"), {**data, "description": ""})
    assert "请填写所需信息的内容描述" in bad.content.decode()
    assert Application.objects.count() == 1


def test_admin_changelist_counts_are_capped_and_queries_fixed(
    client, unit, office_admin, django_assert_max_num_queries
) -> None:
    client.force_login(office_admin)
    url = reverse("admin:requests_app_application_changelist")
    ApplicationFactory(organisation=unit)
    client.get(url)
    with django_assert_max_num_queries(9) as few:
        assert client.get(url).status_code == 200
    ApplicationFactory.create_batch(12, organisation=unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url + "?status=pending_confirmation")
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in few.captured_queries)
    assert "LIMIT 2001" in sql  # the capped count, never a bare COUNT(*)


def test_admin_action_confirms_and_reports_refusals(client, unit, office_admin) -> None:
    pending = ApplicationFactory(organisation=unit)
    registered = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    client.force_login(office_admin)
    response = client.post(
        reverse("admin:requests_app_application_changelist"),
        {"action": "confirm_receipt", "_selected_action": [pending.pk, registered.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "已完成 1 件" in body and "不能执行“确认收到申请”" in body
    pending.refresh_from_db()
    assert pending.status == Status.REGISTERED


def test_analysis_counts_by_topic_area_and_unit(client, unit, handler) -> None:
    now = timezone.now()
    ApplicationFactory.create_batch(
        3, organisation=unit, topic="land", area="崔寨街道", now=now
    )
    ApplicationFactory(organisation=unit, topic="housing", area="曲堤镇", now=now)
    client.force_login(handler)
    body = client.get(reverse("requests:staff-analysis")).content.decode()
    assert "征地拆迁</td><td>3" in body
    assert "崔寨街道</td><td>3" in body
    assert f"{unit.name}</td><td>4" in body


def test_reply_from_a_template_and_reminders_listed_on_the_application(
    client, unit, handler
) -> None:
    import time_machine

    from requests_app.tasks import send_deadline_reminders_task
    from tests.requests_app.conftest import at

    template = ReplyTemplateFactory(
        reply_type="disclosed", legal_basis="条例第三十六条第（一）项"
    )
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 3, 11))
    with time_machine.travel(at(2025, 3, 28, 6), tick=False):
        send_deadline_reminders_task.delay()
    client.force_login(handler)
    detail = reverse("requests:staff-detail", args=[application.pk])
    assert "距答复期限还有1个工作日" in client.get(detail).content.decode()
    client.post(
        reverse("requests:staff-action", args=[application.pk, "reply"]),
        {
            "template": str(template.pk),
            "reply_type": "disclosed",
            "reason": "",
            "body": "",
            "legal_basis": "",
            "delivery_method": "email",
            "delivered_on": "2025-03-29",
        },
    )
    application.refresh_from_db()
    assert application.status == Status.REPLIED
    assert application.reply.body == template.body
    assert application.reply.legal_basis == template.legal_basis
    assert application.reply.template == template
    assert application.reply.delivered_on == datetime.date(2025, 3, 29)


def test_assign_handler_and_case_attachments_released_only_when_clean(
    client, unit, handler, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.requests_app.test_attachments_and_letters import xlsx

    settings.MEDIA_ROOT = tmp_path
    colleague = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    client.force_login(handler)

    def act(action: str, data: dict[str, object], expect: int = 302) -> None:
        response = client.post(
            reverse("requests:staff-action", args=[application.pk, action]), data
        )
        assert response.status_code == expect

    act("assign", {"handler": str(colleague.pk)})
    application.refresh_from_db()
    assert application.handler == colleague
    act("accept", {})
    act(
        "reply",
        {
            "reply_type": "disclosed",
            "reason": "",
            "body": "已公开。",
            "delivery_method": "email",
            "legal_basis": "",
        },
    )
    act("case_attach", {"file": SimpleUploadedFile("a.txt", b"x")}, expect=409)
    assert not application.attachments.exists()  # refused: no case yet
    act(
        "case",
        {
            "title": "案例",
            "request_summary": "概要",
            "handling": "要点",
            "is_public": "on",
        },
    )
    act(
        "case_attach",
        {"file": SimpleUploadedFile("名单.xlsx", xlsx(hidden_sheet=True))},
    )
    act("case_attach", {"file": SimpleUploadedFile("说明.txt", "说明".encode())})
    case = TypicalCase.objects.get()
    flagged, clean = case.attachments.order_by("id")
    assert flagged.check_status == "flagged" and clean.check_status == "clean"
    client.logout()
    page = client.get(reverse("requests:case-detail", args=[case.pk])).content.decode()
    assert "说明.txt" in page and "名单.xlsx" not in page
    url = reverse("requests:case-attachment", args=[case.pk, flagged.pk])
    assert client.get(url).status_code == 404
    ok = client.get(reverse("requests:case-attachment", args=[case.pk, clean.pk]))
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == "说明".encode()
    services.approve_attachment(flagged, actor=handler, now=timezone.now())
    assert client.get(url).status_code == 200


def test_letter_is_only_for_the_handler_and_the_office(client, unit, handler) -> None:
    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    services.accept_application(application, actor=handler, now=timezone.now())
    services.send_reply(
        application,
        actor=handler,
        reply_type="disclosed",
        reason="",
        body="已公开。",
        delivery_method="email",
        now=timezone.now(),
    )
    colleague = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    client.force_login(colleague)
    url = reverse("requests:staff-letter", args=[application.pk, "html"])
    assert client.get(url).status_code == 403
    client.force_login(handler)
    assert client.get(url).status_code == 200


def test_public_cases_enter_the_site_index_and_leave_it_when_hidden(
    client, unit, handler, office_admin
) -> None:
    from portal.models import IndexEntry

    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    services.accept_application(application, actor=handler, now=timezone.now())
    services.send_reply(
        application,
        actor=handler,
        reply_type="disclosed",
        reason="",
        body="已公开。",
        delivery_method="email",
        now=timezone.now(),
    )
    case = services.publish_case(
        application,
        actor=handler,
        title="公开补偿方案",
        request_summary="申请补偿方案",
        handling="已公开",
        is_public=True,
        now=timezone.now(),
    )
    entry = IndexEntry.objects.get(section="request-cases")
    assert entry.url == case.get_absolute_url() and entry.title == "公开补偿方案"
    client.force_login(office_admin)
    response = client.post(
        reverse("admin:requests_app_typicalcase_change", args=[case.pk]),
        {
            "title": "公开补偿方案",
            "organisation": str(unit.pk),
            "topic": "",
            "request_summary": f"联系电话{application.phone}",
            "handling": "已公开",
            "commentary": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert not case.is_public
    assert application.phone not in case.request_summary
    assert not IndexEntry.objects.filter(section="request-cases").exists()


def test_admin_review_outcome_needs_a_decision_date(client, unit, office_admin) -> None:
    application = ApplicationFactory(organisation=unit)
    outcome = services.record_review_outcome(
        application,
        actor=office_admin,
        proceeding="litigation_direct",
        filed_on=datetime.date(2025, 5, 1),
    )
    client.force_login(office_admin)
    url = reverse("admin:requests_app_reviewoutcome_change", args=[outcome.pk])
    response = client.post(url, {"result": "upheld", "decided_on": "", "note": ""})
    assert response.status_code == 200
    assert "已审结的，请填写审结日期" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.result == "pending"
    response = client.post(
        url, {"result": "upheld", "decided_on": "2025-08-01", "note": ""}
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.result == "upheld"


def test_detail_page_shows_working_days_used_and_left(client, unit, handler) -> None:
    import time_machine

    from tests.requests_app.conftest import at

    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 9, 26)
    )
    services.accept_application(application, actor=handler, now=at(2025, 9, 26, 11))
    client.force_login(handler)
    with time_machine.travel(at(2025, 10, 10), tick=False):
        body = client.get(
            reverse("requests:staff-detail", args=[application.pk])
        ).content.decode()
    # 9/28 (调休), 9/29, 9/30, 10/9, 10/10 counted; 国庆 days off are not.
    assert "共 20 个工作日，已用 5 个，剩余 15 个" in body
