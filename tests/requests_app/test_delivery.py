"""The reply reaches the applicant: e-mailed notices recorded as 送达, and the 答复书 and
reply attachments downloadable from the tracking page by the holder of the pair only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from requests_app import download_tokens, letters, services
from requests_app.choices import Channel, ReplyType
from requests_app.fees import FeeMethod
from requests_app.models import Application
from requests_app.workflow import EventKind
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _replied(unit, handler, *, delivery_method: str = "email", **kwargs) -> Application:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3), **kwargs
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    services.add_reply_attachment(
        application, filename="补偿方案.txt", data="补偿标准".encode()
    )
    services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.DISCLOSED,
        reason="",
        body="予以公开，见附件。",
        delivery_method=delivery_method,
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项。",
        now=at(2025, 3, 5),
    )
    return application


def _track(client, application: Application):
    return client.post(
        reverse("requests:track"),
        {
            "serial_number": application.serial_number,
            "query_code": application._query_code,  # type: ignore[attr-defined]
        },
    )


def test_reply_by_email_is_sent_on_commit_and_recorded_as_delivery(
    unit, handler, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(
            organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
        )
    mail.outbox.clear()
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.send_reply(
            application,
            actor=handler,
            reply_type=ReplyType.DISCLOSED,
            reason="",
            body="予以公开，见附件。",
            delivery_method="email",
            now=at(2025, 3, 5),
        )
    # Nothing leaves before the commit.
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    [message] = mail.outbox
    assert message.to == [application.email]
    assert application.serial_number in message.subject and "已答复" in message.subject
    assert "予以公开，见附件。" in message.body
    html, mime = message.alternatives[0]  # type: ignore[attr-defined]
    assert mime == "text/html" and "予以公开，见附件。" in html
    delivery = application.events.get(kind=EventKind.DELIVERED)
    assert delivery.payload == {"notice": "replied", "channel": "email"}
    assert application.email not in str(delivery.payload) + delivery.reason
    application.refresh_from_db()
    assert application.status == "replied"  # 送达 keeps the state
    assert application.reply.delivered_on == delivery.on


def test_reply_by_post_sends_no_mail_and_records_no_delivery(
    unit, handler, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = _replied(unit, handler, delivery_method="post")
    assert not [m for m in mail.outbox if "已答复" in m.subject]
    assert not application.events.filter(kind=EventKind.DELIVERED).exists()


def test_correction_extension_and_fee_notices_are_emailed(
    unit, handler, django_capture_on_commit_callbacks
) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_correction_notice(
            application,
            actor=handler,
            items=["请写明文件名称", "请写明年份"],
            applicant_due=at(2025, 3, 20).date(),
            now=at(2025, 3, 4),
        )
        services.receive_correction(
            application,
            actor=handler,
            received_on=at(2025, 3, 6).date(),
            description="",
            now=at(2025, 3, 6),
        )
        services.accept_application(application, actor=handler, now=at(2025, 3, 7))
        services.extend_deadline(
            application,
            actor=handler,
            days=10,
            approver="张某",
            reason="复杂",
            notice_sent_on=at(2025, 3, 10).date(),
            now=at(2025, 3, 10),
        )
        services.issue_fee_notice(
            application,
            actor=handler,
            method=FeeMethod.BY_VOLUME,
            quantity=50,
            now=at(2025, 3, 11),
        )
    subjects = [m.subject for m in mail.outbox]
    assert any("需要补正" in s for s in subjects)
    assert any("答复期限延长" in s for s in subjects)
    assert any("收费通知" in s for s in subjects)
    correction = next(m for m in mail.outbox if "需要补正" in m.subject)
    assert "1. 请写明文件名称" in correction.body and "第三十条" in correction.body
    delivered = list(
        application.events.filter(kind=EventKind.DELIVERED).values_list(
            "payload__notice", flat=True
        )
    )
    assert delivered == ["correction_requested", "extended", "fee_notice_issued"]


def test_tracking_offers_letter_and_released_attachments_to_the_pair_holder(
    client, unit, handler
) -> None:
    application = _replied(unit, handler)
    flagged = services.add_reply_attachment(
        application, filename="含隐藏.txt", data=b"x"
    )
    flagged.check_status = "flagged"
    flagged.save(update_fields=["check_status"])
    page = _track(client, application).content.decode()
    # The token in the page's links (it carries its own time stamp).
    token = re.search(r'href="/requests/track/files/([^/"]+)/letter\.pdf"', page)[1]
    assert download_tokens.read_token(token) is not None
    letter_url = reverse("requests:track-letter", args=[token])
    assert "补偿方案.txt" in page
    assert "含隐藏.txt" not in page

    pdf = client.get(letter_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "no-store" in pdf["Cache-Control"]
    clean = application.attachments.get(original_name="补偿方案.txt")
    download = client.get(reverse("requests:track-attachment", args=[token, clean.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "补偿标准".encode()
    # A file not released with the reply is not served even with a valid token.
    refused = client.get(reverse("requests:track-attachment", args=[token, flagged.pk]))
    assert refused.status_code == 404


def test_download_links_cannot_be_guessed_reused_elsewhere_or_kept(
    client, unit, handler, settings
) -> None:
    application = _replied(unit, handler)
    other = _replied(unit, handler)
    token = download_tokens.make_token(application.pk, application.query_code_hash)
    other_file = other.attachments.get()
    # Another application's file with this application's token: not found.
    url = reverse("requests:track-attachment", args=[token, other_file.pk])
    assert client.get(url).status_code == 404
    # A made-up or altered token: not found.
    for bad in ("abc", token[:-2] + "xx", f"{other.pk}:{token.split(':', 1)[1]}"):
        assert (
            client.get(reverse("requests:track-letter", args=[bad])).status_code == 404
        )
    # A token bound to an old query code stops working.
    stale = download_tokens.make_token(application.pk, "0" * 64)
    assert client.get(reverse("requests:track-letter", args=[stale])).status_code == 404
    # An expired token.
    assert download_tokens.read_token(token, max_age=-1) is None


def test_unreplied_application_offers_no_downloads(client, unit) -> None:
    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    page = _track(client, application).content.decode()
    assert "下载答复书" not in page
    token = download_tokens.make_token(application.pk, application.query_code_hash)
    assert client.get(reverse("requests:track-letter", args=[token])).status_code == 404


def test_tracking_with_downloads_runs_a_fixed_number_of_queries(
    client, unit, handler, django_assert_max_num_queries
) -> None:
    application = _replied(unit, handler)
    # settings, application+reply (1 join), events (1), released attachments (1)
    with django_assert_max_num_queries(5):
        response = _track(client, application)
    assert "补偿方案.txt" in response.content.decode()


def test_delivery_is_shown_on_the_tracking_page(
    client, unit, handler, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = _replied(unit, handler)
    page = _track(client, application).content.decode()
    assert "答复已通过电子邮件送达" in page


def test_letter_has_no_doubled_punctuation(unit, handler) -> None:
    # The factory's description and the legal basis both end with "。".
    application = _replied(unit, handler)
    application.refresh_from_db()
    html = letters.render_reply_letter_html(application, application.reply)
    assert "。”。" not in html and "。。" not in html
    assert "补偿方案”。现答复如下" in html
    assert letters.DOUBLED_PUNCTUATION.search(html) is None


@pytest.mark.parametrize(
    "text", ["申请公开方案。", "申请公开方案；", "申请公开方案.", "申请公开方案  。\n"]
)
def test_clause_drops_trailing_marks(text: str) -> None:
    assert letters.clause(text) == "申请公开方案"


def test_clause_truncates_without_leaving_a_mark_before_the_ellipsis() -> None:
    assert letters.clause("一二三，四五六", limit=5) == "一二三…"
    assert letters.DOUBLED_PUNCTUATION.search("。”。") is not None


def test_notice_templates_have_no_doubled_punctuation(
    unit, handler, django_capture_on_commit_callbacks
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(
            organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
        )
        services.issue_correction_notice(
            application,
            actor=handler,
            items=["请写明文件名称"],
            applicant_due=at(2025, 3, 20).date(),
            now=at(2025, 3, 4),
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        html = message.alternatives[0][0]  # type: ignore[attr-defined]
        for text in (message.subject, message.body, html):
            assert letters.DOUBLED_PUNCTUATION.search(text) is None, text


def test_attachment_step_uploads_through_the_workbench(client, unit, handler) -> None:
    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    client.force_login(handler)
    response = client.post(
        reverse("requests:staff-action", args=[application.pk, "attach"]),
        {"file": SimpleUploadedFile("说明.txt", "说明".encode())},
    )
    assert response.status_code == 302
    assert application.attachments.get().original_name == "说明.txt"
