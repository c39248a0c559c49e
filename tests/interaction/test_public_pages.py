"""Public pages: the letter form, tracking and rating, published replies, events."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interaction.models import Letter, Registration
from interaction.services import mailbox
from tests.conftest import Desk
from tests.interaction.conftest import (
    NOW,
    Cast,
    make_event,
    publish_letter,
    write_letter,
)

pytestmark = pytest.mark.django_db

GOOD = {
    "category": "consultation",
    "subject": "公交线路咨询",
    "content": "请问城东小区何时开通公交？",
    "name": "王五",
    "phone": "13800001111",
    "email": "",
    "allow_public": "on",
    "website": "",
}


def test_writing_a_letter_shows_serial_and_query_code(client, cast: Cast) -> None:
    assert client.get(reverse("interaction:letter-write")).status_code == 200
    response = client.post(reverse("interaction:letter-write"), GOOD)
    assert response.status_code == 200
    letter = Letter.objects.get()
    html = response.content.decode()
    assert letter.serial_number in html
    code = re.search(r'id="query-code">(\w+)<', html)
    assert code and mailbox.query_code_matches(letter, code.group(1))


def test_bad_input_lists_errors_linked_to_fields_keeps_input_and_saves_nothing(
    client, cast: Cast
) -> None:
    data = {
        **GOOD,
        "subject": "<script>alert(1)</script>",
        "content": "长" * 5001,
        "phone": "12345",
        "category": "nonsense",
    }
    response = client.post(reverse("interaction:letter-write"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not Letter.objects.exists()
    # The shared error summary and fields of templates/includes/ (as the filing form).
    assert "data-error-summary" in html and "error-summary-title" in html
    assert 'id="id_phone_error"' in html and 'id="id_content_error"' in html
    assert 'href="#id_content"' in html and "不能超过5000个字" in html
    assert 'href="#id_phone"' in html and "手机号码" in html
    assert 'href="#id_category_0"' in html  # the first choice of the group
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # kept, escaped


def test_honeypot_refuses_bots(client, cast: Cast) -> None:
    response = client.post(
        reverse("interaction:letter-write"), {**GOOD, "website": "x"}
    )
    assert "提交未通过校验" in response.content.decode()
    assert not Letter.objects.exists()


def test_flood_is_throttled_with_input_kept(client, cast: Cast, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "2/hour",
        },
    }
    for _ in range(2):
        client.post(reverse("interaction:letter-write"), GOOD)
    response = client.post(reverse("interaction:letter-write"), GOOD)
    html = response.content.decode()
    assert "提交过于频繁" in html
    assert "公交线路咨询" in html
    assert Letter.objects.count() == 2


def test_track_reply_and_rate_with_one_reopen(client, cast: Cast) -> None:
    submission = write_letter()
    track = {"serial_number": submission.serial_number, "query_code": "WRONGCODE"}
    response = client.post(reverse("interaction:letter-track"), track)
    assert "信件编号或查询码不正确" in response.content.decode()
    track["query_code"] = submission.query_code
    letter = submission.letter
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    mailbox.reply_to_letter(letter, actor=cast.handler, text="已开通。", now=NOW)
    html = client.post(reverse("interaction:letter-track"), track).content.decode()
    assert "已开通。" in html and "提交评价" in html and "申请重新办理" in html
    bad = client.post(
        reverse("interaction:letter-rate"),
        {**track, "rating": "satisfied", "reopen": "on"},
    ).content.decode()
    assert "只有选择“不满意”时才能申请重新办理" in bad
    client.post(
        reverse("interaction:letter-rate"),
        {**track, "rating": "dissatisfied", "reopen": "on", "comment": "没解决"},
    )
    letter.refresh_from_db()
    assert letter.status == "reopened"
    mailbox.reply_to_letter(letter, actor=cast.handler, text="再次答复。", now=NOW)
    html = client.post(reverse("interaction:letter-track"), track).content.decode()
    assert "提交评价" in html and "申请重新办理" not in html


def test_published_replies_pages_hold_no_personal_data_and_fixed_queries(
    client, cast: Cast, desk: Desk, django_assert_max_num_queries
) -> None:
    item = publish_letter(cast, desk)
    url = reverse("interaction:reply-list")

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # site settings are cached after the first page
    few = count()
    for n in range(9):
        publish_letter(cast, desk, subject=f"来信{n}")
    assert count() == few
    # site settings, count, page of replies (+ session)
    with django_assert_max_num_queries(4):
        html = client.get(url, {"q": "公交"}).content.decode()
    assert "建议增设公交站点" in html
    with django_assert_max_num_queries(3):
        detail = client.get(reverse("interaction:reply-detail", args=[item.pk]))  # type: ignore[attr-defined]
    text = detail.content.decode()
    for secret in ("13912345678", "李四", "lisi@example.com"):
        assert secret not in text
        assert secret not in html
    private = Letter.objects.filter(allow_public=True).first()
    assert private is not None


def test_unpublished_reply_is_404(client, cast: Cast) -> None:
    assert (
        client.get(reverse("interaction:reply-detail", args=[999])).status_code == 404
    )


def test_event_pages_fixed_queries_and_waiting_list(
    client, cast: Cast, django_assert_max_num_queries
) -> None:
    event = make_event(cast.unit, capacity=1)
    make_event(cast.unit, title="未发布活动", is_published=False)
    with django_assert_max_num_queries(3):
        html = client.get(reverse("interaction:event-list")).content.decode()
    assert "未发布活动" not in html
    for n in range(5):
        make_event(cast.unit, title=f"活动{n}")
    with django_assert_max_num_queries(3):
        client.get(reverse("interaction:event-list"))
    url = reverse("interaction:event-detail", args=[event.pk])
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200
    first = client.post(url, {"name": "甲", "phone": "13900000001"}).content.decode()
    assert "报名成功" in first and 'id="checkin-code"' in first
    assert "名额已满" in client.get(url).content.decode()
    second = client.post(url, {"name": "乙", "phone": "13900000002"}).content.decode()
    assert "候补" in second and "第 1 位" in second
    bad = client.post(url, {"name": "", "phone": "abc"}).content.decode()
    assert 'href="#id_name"' in bad and 'href="#id_phone"' in bad
    waiting = Registration.objects.get(phone="13900000002")
    confirmed = Registration.objects.get(phone="13900000001")
    lookup = reverse("interaction:registration")
    html = client.post(lookup, {"code": confirmed.code, "action": "cancel"}).content
    assert "报名已取消" in html.decode()
    html = client.post(lookup, {"code": waiting.code, "action": "lookup"}).content
    assert "报名成功" in html.decode() and waiting.checkin_code in html.decode()


def test_unpublished_event_is_404(client, cast: Cast) -> None:
    event = make_event(cast.unit, is_published=False)
    url = reverse("interaction:event-detail", args=[event.pk])
    assert client.get(url).status_code == 404


def test_comment_and_registration_forms_use_the_shared_includes(
    client, cast: Cast
) -> None:
    from tests.interaction.conftest import make_event

    event = make_event(cast.unit)
    html = client.post(
        reverse("interaction:event-detail", args=[event.pk]),
        {"name": "", "phone": "123"},
    ).content.decode()
    assert "data-error-summary" in html and 'id="id_phone_error"' in html
    assert "您填写的内容已保留" in html
