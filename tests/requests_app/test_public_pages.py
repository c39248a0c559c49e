"""Public pages: filing form (bad input, throttling), tracking, cases; fixed query counts."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Organisation
from requests_app import services
from requests_app.choices import Channel, ReplyType
from requests_app.models import Application
from tests.files import minimal_pdf
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory, resident_id

pytestmark = pytest.mark.django_db


def form_data(unit: Organisation, **overrides: str) -> dict[str, str]:
    data = {
        "organisation": str(unit.pk),
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13805310001",
        "email": "zhangsan@example.com",
        "address": "济阳区富阳街1号",
        "description": "请公开2024年城市更新项目补偿方案",
        "document_hint": "",
        "delivery_method": "email",
        "form": "electronic",
        "topic": "urban_renewal",
    }
    data.update(overrides)
    return data


def test_filing_shows_serial_and_query_code_once_and_emails_them(
    client, unit, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests:apply"), form_data(unit))
    assert response.status_code == 302
    done = client.get(response["Location"])
    body = done.content.decode()
    application = Application.objects.get()
    assert application.serial_number in body
    assert "查询码" in body
    assert len(mail.outbox) == 1
    assert application.serial_number in mail.outbox[0].body
    # A reload in the same session still shows the receipt (tests/requests_app/
    # test_filing_form.py covers another session being refused).
    assert (
        application.serial_number in client.get(done.wsgi_request.path).content.decode()
    )
    assert application.status == "pending_confirmation"
    assert application.received_on is None


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"id_number": "110105194912310021"}, "居民身份证号码不正确"),
        ({"description": "  "}, "请填写所需信息的内容描述"),
        (
            {"applicant_type": "legal", "credit_code": "91110000600037341M"},
            "统一社会信用代码不正确",
        ),
        ({"delivery_method": "post", "address": ""}, "请填写通信地址"),
        ({"email": "not-an-email"}, "电子邮箱格式不正确"),
        ({"organisation": "999999"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_explained_kept_and_nothing_is_saved(
    client, unit, overrides: dict[str, str], field_message: str
) -> None:
    data = form_data(unit, **overrides)
    response = client.post(reverse("requests:apply"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert field_message in body
    assert "您填写的内容已保留" in body
    assert 'value="张三"' in body  # what was typed is kept
    assert Application.objects.count() == 0
    assert not mail.outbox


def test_wrong_type_or_too_large_supporting_file_is_refused(client, unit) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(unit)
    data["supporting_file"] = SimpleUploadedFile(
        "x.exe", b"MZ...", "application/octet-stream"
    )
    response = client.post(reverse("requests:apply"), data)
    assert "相关材料只能是 PDF、JPG 或 PNG 文件" in response.content.decode()
    data = form_data(unit)
    data["supporting_file"] = SimpleUploadedFile(
        "big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 + 1), "application/pdf"
    )
    response = client.post(reverse("requests:apply"), data)
    assert "不能超过 5MB" in response.content.decode()
    # A script renamed to .pdf is refused by its content, whatever its name says.
    data = form_data(unit)
    data["supporting_file"] = SimpleUploadedFile(
        "证明.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = client.post(reverse("requests:apply"), data)
    body = response.content.decode()
    assert "按内容识别不是允许的格式" in body
    assert data["description"] in body  # what the applicant typed is kept
    assert Application.objects.count() == 0


def test_repeated_rapid_filings_are_throttled(client, unit, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "2/hour",
        },
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        for _ in range(2):
            assert (
                client.post(reverse("requests:apply"), form_data(unit)).status_code
                == 302
            )
        response = client.post(reverse("requests:apply"), form_data(unit))
        assert response.status_code == 429
        assert "提交过于频繁" in response.content.decode()
        assert 'value="张三"' in response.content.decode()
        assert Application.objects.count() == 2
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def test_tracking_shows_progress_and_reply(client, unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.DISCLOSED,
        reason="",
        body="已主动公开，请在政务公开平台查阅。",
        delivery_method="email",
        now=at(2025, 3, 5),
    )
    response = client.post(
        reverse("requests:track"),
        {
            "serial_number": application.serial_number,
            "query_code": application._query_code,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "已答复" in body and "已主动公开，请在政务公开平台查阅。" in body
    assert "2025-04-01" in body or "2025年3月31日" in body or "受理办理" in body


def test_wrong_code_and_unknown_serial_look_the_same(client, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    wrong = client.post(
        reverse("requests:track"),
        {"serial_number": application.serial_number, "query_code": "WRONG123"},
    )
    from requests_app.ids import make_serial_number

    unknown = client.post(
        reverse("requests:track"),
        {"serial_number": make_serial_number(2025, 9999999), "query_code": "WRONG123"},
    )
    assert wrong.status_code == unknown.status_code == 404
    assert "申请编号或查询码不正确" in wrong.content.decode()
    assert "申请编号或查询码不正确" in unknown.content.decode()
    assert 'value="WRONG123"' in wrong.content.decode()
    malformed = client.post(
        reverse("requests:track"), {"serial_number": "abc", "query_code": ""}
    )
    assert malformed.status_code == 200
    assert "申请编号格式不正确" in malformed.content.decode()
    assert "请填写查询码" in malformed.content.decode()


def test_guessing_query_codes_is_throttled(client, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    statuses = [
        client.post(
            reverse("requests:track"),
            {"serial_number": application.serial_number, "query_code": f"GUESS{i:03d}"},
        ).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429


def test_public_pages_run_a_fixed_number_of_queries(
    client, unit, handler, django_assert_max_num_queries
) -> None:
    def make_cases(n: int) -> None:
        for _ in range(n):
            application = ApplicationFactory(
                organisation=unit, channel=Channel.IN_PERSON
            )
            services.accept_application(application, actor=handler, now=timezone.now())
            services.send_reply(
                application,
                actor=handler,
                reply_type=ReplyType.DISCLOSED,
                reason="",
                body="已公开。",
                delivery_method="email",
                now=timezone.now(),
            )
            services.publish_case(
                application,
                actor=handler,
                title="典型案例",
                request_summary="概要",
                handling="要点",
                is_public=True,
                now=timezone.now(),
                topic="land",
            )

    def measure() -> list[int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for url in [
            reverse("requests:index"),
            reverse("requests:apply"),
            reverse("requests:track"),
            reverse("requests:case-list") + "?q=典型&topic=land",
        ]:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(len(ctx))
        return counts

    make_cases(1)
    measure()  # warm the cached site settings
    few = measure()
    make_cases(25)
    many = measure()
    assert few == many
    # index: site settings, cases (2); apply: settings, organisations (2);
    # track: settings (1); cases: settings, count, page (3) — plus session reads.
    with django_assert_max_num_queries(4):
        client.get(reverse("requests:case-list"))
    case_pk = Application.objects.first().typical_case.pk
    with django_assert_max_num_queries(3):
        assert (
            client.get(reverse("requests:case-detail", args=[case_pk])).status_code
            == 200
        )


def test_tracking_query_count_does_not_grow_with_events(
    client, unit, handler, django_assert_max_num_queries
) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    data = {
        "serial_number": application.serial_number,
        "query_code": application._query_code,
    }
    with django_assert_max_num_queries(4):
        client.post(reverse("requests:track"), data)
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    services.start_consultation(
        application,
        actor=handler,
        party="third_party",
        party_name="某公司",
        now=at(2025, 3, 5),
    )
    services.end_consultation(
        application,
        actor=handler,
        answered_on=at(2025, 3, 6).date(),
        outcome="同意",
        now=at(2025, 3, 6),
    )
    services.extend_deadline(
        application,
        actor=handler,
        days=5,
        approver="张某",
        reason="复杂",
        notice_sent_on=at(2025, 3, 7).date(),
        now=at(2025, 3, 7),
    )
    # settings, throttle is cache-only, application+reply (1 join), events (1)
    with django_assert_max_num_queries(4):
        response = client.post(reverse("requests:track"), data)
    assert "延长答复期限" in response.content.decode()


def test_nav_item_and_unknown_case_404(client, unit) -> None:
    home = client.get("/").content.decode()
    assert "依申请公开" in home
    assert client.get(reverse("requests:case-detail", args=[99999])).status_code == 404


def test_resident_id_helper_is_valid() -> None:
    from requests_app.ids import is_valid_resident_id

    assert is_valid_resident_id(resident_id(42))


def test_supporting_file_is_stored_under_a_random_name(
    client, unit, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = form_data(unit)
    data["supporting_file"] = SimpleUploadedFile(
        "张三身份证.pdf", minimal_pdf(), "application/pdf"
    )
    assert client.post(reverse("requests:apply"), data).status_code == 302
    stored = Application.objects.get().supporting_file.name
    assert stored.startswith("requests/supporting/") and stored.endswith(".pdf")
    assert "张三" not in stored
