"""Staff logins that hold (issue 8 §3): lock-out per account and per address, the
proxy-aware address, no Basic auth on the API, sessions that end when idle."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal import roles
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def login(client, username: str, password: str, address: str = "198.51.100.7", **extra):  # type: ignore[no-untyped-def]
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_account(client, settings) -> None:
    user = UserFactory(roles=[roles.REQUEST_HANDLER])
    for i in range(settings.AXES_FAILURE_LIMIT):
        # From changing addresses: the account itself is locked.
        response = login(client, user.username, "wrong", address=f"203.0.113.{i}")
        assert response.status_code in (200, 429)
    response = login(client, user.username, "pw", address="192.0.2.99")
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()
    assert not logged_in(client)


def test_wrong_passwords_from_one_address_lock_the_address(client, settings) -> None:
    users = UserFactory.create_batch(settings.AXES_FAILURE_LIMIT + 1)
    for user in users[:-1]:
        login(client, user.username, "wrong")
    response = login(client, users[-1].username, "pw")
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_changing_forwarded_for_does_not_escape_the_address_lock(
    client, settings
) -> None:
    users = UserFactory.create_batch(settings.AXES_FAILURE_LIMIT + 1)
    for i, user in enumerate(users[:-1]):
        login(client, user.username, "wrong", HTTP_X_FORWARDED_FOR=f"10.9.8.{i}")
    response = login(
        client, users[-1].username, "pw", HTTP_X_FORWARDED_FOR="10.9.8.200"
    )
    assert response.status_code == 429
    assert not logged_in(client)


def test_a_few_typos_then_the_right_password_log_in(client) -> None:
    user = UserFactory()
    for _ in range(2):
        login(client, user.username, "wrong")
    response = login(client, user.username, "pw")
    assert response.status_code == 302 and logged_in(client)


def test_idle_staff_sessions_end_after_the_setting(client, settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    user = UserFactory(is_superuser=True)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert login(client, user.username, "pw").status_code == 302
    # Activity within the period renews it ...
    with time_machine.travel(start + datetime.timedelta(hours=7), tick=False):
        assert client.get(reverse("admin:index")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=14), tick=False):
        assert client.get(reverse("admin:index")).status_code == 200
    # ... and 8 hours without any ends it.
    with time_machine.travel(
        start + datetime.timedelta(hours=22, minutes=1), tick=False
    ):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and LOGIN in response["Location"]
