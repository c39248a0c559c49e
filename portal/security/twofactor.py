"""Staff two-factor login with django-otp: a TOTP authenticator app, and ten
single-use recovery codes (a static device) for when the phone is lost."""

from __future__ import annotations

import base64
import io

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

TOTP_NAME = "验证器"
RECOVERY_NAME = "恢复码"
RECOVERY_CODE_COUNT = 10


def has_authenticator(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()  # type: ignore[misc]


def pending_authenticator(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()  # type: ignore[misc]
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)  # type: ignore[misc]
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def qr_svg(device: TOTPDevice) -> str:
    out = io.BytesIO()
    write_qrcode_image(device.config_url, out)
    svg = out.getvalue().decode()
    # Drop the XML prolog so the SVG can sit inside the HTML page.
    return svg[svg.index("<svg") :]


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with its first code; return fresh recovery codes, or None
    when the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(device.user)


@transaction.atomic
def issue_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replace the account's recovery codes with ten new ones."""
    StaticDevice.objects.filter(user=user).delete()  # type: ignore[misc]
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)  # type: ignore[misc]
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=static, token=code) for code in codes]
    )
    return codes


def verify_second_factor(user: AbstractBaseUser, token: str) -> Device | None:
    """The device that accepts ``token``: the authenticator for a 6-digit code, else
    a recovery code (used up by the check). TOTP devices throttle repeated misses."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    if token.isdigit():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):  # type: ignore[misc]
            if device.verify_is_allowed()[0] and device.verify_token(token):
                return device
        return None
    for static in StaticDevice.objects.filter(user=user, confirmed=True):  # type: ignore[misc]
        if static.verify_token(token.lower()):
            return static
    return None


@transaction.atomic
def reset_second_factor(user: AbstractBaseUser) -> int:
    """Remove every device of the account; it enrols afresh at its next login."""
    totp, _ = TOTPDevice.objects.filter(user=user).delete()  # type: ignore[misc]
    static, _ = StaticDevice.objects.filter(user=user).delete()  # type: ignore[misc]
    return totp + static
