"""Staff two-factor login (issue 14 §5): enrolment, a TOTP code, a wrong code, a
recovery code, and the reset command for a lost phone."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security import twofactor
from portal.security.models import SecurityEvent
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def _require_2fa(settings) -> None:
    settings.STAFF_2FA_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": "pw"}
    )
    assert response.status_code == 302
    return client


def _enrolled(user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    device = twofactor.pending_authenticator(user)
    codes = twofactor.confirm_authenticator(device, _code(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def _kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_a_password_alone_does_not_open_staff_pages(settings) -> None:
    client = _logged_in(UserFactory(is_superuser=True))
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"] == "/security/2fa/?next=%2Fadmin%2F"
    assert client.get("/requests/staff/").status_code == 302
    # Not required (DEBUG, `make run`, tests by default): the password is enough.
    settings.STAFF_2FA_REQUIRED = False
    assert client.get(ADMIN).status_code == 200


def test_enrolment_binds_an_authenticator_and_shows_ten_recovery_codes() -> None:
    user = UserFactory(is_superuser=True)
    client = _logged_in(user)
    response = client.get("/security/2fa/?next=/admin/")
    assert (
        response.status_code == 302 and "/security/2fa/setup/" in response["Location"]
    )
    page = client.get("/security/2fa/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.secret_base32(device) in page.content.decode()

    wrong = client.post("/security/2fa/setup/", {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(ADMIN).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # TOTP throttles repeated misses
    device.throttling_failure_count = 0
    device.save()

    done = client.post("/security/2fa/setup/", {"token": _code(device), "next": ADMIN})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticDevice.objects.get(user=user).token_set.count() == 10
    assert client.get(ADMIN).status_code == 200
    assert _kinds() == ["login", "otp_failed", "otp_enrolled"]


def test_login_with_the_authenticator_code_and_a_wrong_code() -> None:
    user = UserFactory(is_superuser=True)
    device, _ = _enrolled(user)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60)):
        client = _logged_in(user)
        wrong = client.post("/security/2fa/", {"token": "123456", "next": ADMIN})
        assert wrong.status_code == 200
        assert "验证码不正确或已过期" in wrong.content.decode()
        assert client.get(ADMIN).status_code == 302
        SecurityEvent.objects.filter(kind="otp_failed").get(user=user)
        device.refresh_from_db()
        device.throttling_failure_count = 0  # the miss above throttles the next try
        device.save()
        ok = client.post("/security/2fa/", {"token": _code(device), "next": ADMIN})
        assert ok.status_code == 302 and ok["Location"] == ADMIN
        assert client.get(ADMIN).status_code == 200
        assert SecurityEvent.objects.filter(kind="otp_verified", user=user).exists()


def test_a_recovery_code_works_once() -> None:
    user = UserFactory(is_superuser=True)
    _, codes = _enrolled(user)
    client = _logged_in(user)
    ok = client.post("/security/2fa/", {"token": codes[0].upper(), "next": ADMIN})
    assert ok.status_code == 302
    assert client.get(ADMIN).status_code == 200
    assert SecurityEvent.objects.filter(kind="otp_recovery", user=user).exists()
    again = _logged_in(user)
    refused = again.post("/security/2fa/", {"token": codes[0], "next": ADMIN})
    assert refused.status_code == 200 and again.get(ADMIN).status_code == 302


def test_the_next_address_never_leaves_the_site() -> None:
    user = UserFactory(is_superuser=True)
    _, codes = _enrolled(user)
    client = _logged_in(user)
    response = client.post(
        "/security/2fa/", {"token": codes[1], "next": "https://evil.example/"}
    )
    assert response["Location"] == ADMIN


def test_the_reset_command_removes_a_lost_device() -> None:
    user = UserFactory(is_superuser=True)
    _enrolled(user)
    call_command("reset_staff_2fa", user.username)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert SecurityEvent.objects.filter(kind="otp_reset", user=user).exists()
    client = _logged_in(user)
    response = client.get("/security/2fa/")
    assert (
        response.status_code == 302 and "/security/2fa/setup/" in response["Location"]
    )
    with pytest.raises(CommandError, match="没有用户名"):
        call_command("reset_staff_2fa", "nobody-here")


def test_a_bound_device_cannot_be_replaced_from_a_password_only_session() -> None:
    user = UserFactory(is_superuser=True)
    _enrolled(user)
    client = _logged_in(user)
    response = client.get("/security/2fa/setup/")
    assert response.status_code == 302 and response["Location"] == "/security/2fa/"
    assert TOTPDevice.objects.filter(user=user).count() == 1
