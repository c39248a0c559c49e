"""E-mail subscriptions: double opt-in, one-click unsubscribe, idempotent digests that
never mail withdrawn content, and the address never shown."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from disclosure import subscriptions
from disclosure.models import DigestSent, Subscription
from disclosure.tasks import send_subscription_digests_task
from portal.publishing import services
from tests.disclosure.factories import KeyAreaFactory

pytestmark = pytest.mark.django_db

EMAIL = "citizen.zhang@example.com"


def _link(message, name: str) -> str:
    """Return the site path of the ``name`` link in an e-mail."""
    match = re.search(
        rf"https?://[^/\s]+(/disclosure/subscriptions/[^/\s]+/{name}/)", message.body
    )
    assert match, message.body
    return match.group(1)


def _subscribe(client, area, capture) -> str:
    with capture(execute=True):
        response = client.post(
            "/disclosure/subscribe/",
            {"email": EMAIL, "kind": "key_area", "key_area": area.slug},
        )
    assert response.status_code == 200
    assert "请查收确认邮件" in response.content.decode()
    assert EMAIL not in response.content.decode()
    return _link(mail.outbox[-1], "confirm")


def test_double_opt_in_then_digest_then_unsubscribe(
    client, desk, published, django_capture_on_commit_callbacks
) -> None:
    area = KeyAreaFactory(name="就业创业", slug="jobs")
    confirm_path = _subscribe(client, area, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers

    # Before confirmation nothing is sent.
    published(title="未确认前发布的招聘公告", key_areas=[area])
    assert send_subscription_digests_task() == 0

    # GET only shows the button; the POST confirms.
    assert "确认订阅" in client.get(confirm_path).content.decode()
    assert Subscription.objects.get().confirmed_at is None
    client.post(confirm_path)
    assert Subscription.objects.get().confirmed_at is not None

    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later):
        shown = published(title="公益性岗位招聘公告", key_areas=[area])
        gone = published(title="将被撤稿的招聘公告", key_areas=[area])
        services.withdraw(gone, actor=desk.final, reason="岗位已取消")
        published(title="与就业无关的公告")
    with time_machine.travel(later + datetime.timedelta(hours=1)):
        assert send_subscription_digests_task() == 1
        assert send_subscription_digests_task() == 0  # idempotent: once a day
    digest = mail.outbox[-1]
    assert shown.title in digest.body
    assert gone.title not in digest.body  # withdrawn content is never mailed
    assert "与就业无关" not in digest.body and "未确认前" not in digest.body
    assert DigestSent.objects.count() == 1

    # Next day: nothing new, nothing sent.
    with time_machine.travel(later + datetime.timedelta(days=1)):
        assert send_subscription_digests_task() == 0

    unsubscribe_path = _link(digest, "unsubscribe")
    assert client.get(unsubscribe_path).status_code == 200
    assert Subscription.objects.exists()
    # RFC 8058 one-click POST from a mail client (no CSRF token).
    response = client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})
    assert "已退订" in response.content.decode()
    assert not Subscription.objects.filter(email=EMAIL).exists()
    assert not DigestSent.objects.exists()


def test_resubmitting_sends_one_confirmation(
    client, django_capture_on_commit_callbacks
) -> None:
    area = KeyAreaFactory(slug="edu")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(
                "/disclosure/subscribe/",
                {"email": EMAIL, "kind": "key_area", "key_area": "edu"},
            )
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1
    del area


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email", "kind": "search", "search_query": "就业"}, "有效"),
        ({"email": EMAIL, "kind": "key_area"}, "请选择重点领域"),
        ({"email": EMAIL, "kind": "search", "search_query": "，。"}, "没有可检索"),
        ({"email": EMAIL, "kind": "policy_topic"}, "请选择政策主题"),
        ({"email": EMAIL, "kind": "bogus"}, "请选择订阅内容"),
    ],
)
def test_bad_subscriptions_are_refused_keeping_input(client, data, message) -> None:
    response = client.post("/disclosure/subscribe/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    if "@" in data["email"]:
        assert data["email"] in body  # what was typed is kept
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_saved_search_digest_reads_the_index(client, desk, published) -> None:
    now = timezone.now()
    sub = subscriptions.subscribe(
        email=EMAIL, kind="search", search_query="秸秆禁烧", now=now
    )
    subscriptions.confirm_subscription(sub.token, now=now)
    with time_machine.travel(now + datetime.timedelta(minutes=1)):
        published(title="关于做好秸秆禁烧工作的通告")
        published(title="其他通告")
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        assert subscriptions.send_digests(timezone.now()) == 1
    assert "秸秆禁烧工作的通告" in mail.outbox[-1].body
    assert "其他通告" not in mail.outbox[-1].body


def test_unknown_tokens_are_answered_without_error(client) -> None:
    assert client.post("/disclosure/subscriptions/nope/confirm/").status_code == 404
    assert client.post("/disclosure/subscriptions/nope/unsubscribe/").status_code == 200


def test_an_address_gets_at_most_a_few_unconfirmed_requests_a_day(
    client, django_capture_on_commit_callbacks
) -> None:
    for i in range(8):
        KeyAreaFactory(slug=f"a{i}")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(8):
            client.post(
                "/disclosure/subscribe/",
                {"email": EMAIL, "kind": "key_area", "key_area": f"a{i}"},
            )
    assert len(mail.outbox) == subscriptions.MAX_PENDING_PER_DAY
    assert Subscription.objects.count() == subscriptions.MAX_PENDING_PER_DAY


def test_a_failed_send_is_retried_and_never_logs_the_address(
    desk, published, monkeypatch, caplog
) -> None:
    now = timezone.now()
    sub = subscriptions.subscribe(
        email=EMAIL, kind="search", search_query="通告", now=now
    )
    subscriptions.confirm_subscription(sub.token, now=now)
    with time_machine.travel(now + datetime.timedelta(minutes=1)):
        published(title="停水通告")

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(f"550 mailbox {EMAIL} refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with time_machine.travel(now + datetime.timedelta(hours=1)):
        assert subscriptions.send_digests(timezone.now()) == 0
    assert EMAIL not in caplog.text and "ConnectionRefusedError" in caplog.text
    assert not DigestSent.objects.exists()  # the marker rolled back with the send
    monkeypatch.undo()
    with time_machine.travel(now + datetime.timedelta(hours=2)):
        assert subscriptions.send_digests(timezone.now()) == 1
    assert "停水通告" in mail.outbox[-1].body
