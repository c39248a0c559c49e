"""Field-level encryption of identity numbers, and a keyed hash for look-ups.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) encrypts the value; an
HMAC-SHA256 under a separate derived key gives a stable digest to find an applicant's
earlier applications (e.g. for the 按件 fee count) without decrypting every row.
Keys come from ``FIELD_ENCRYPTION_KEY`` (any string; set it in production and keep it
apart from the database backups) or, failing that, from ``SECRET_KEY``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _master_key() -> bytes:
    raw = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    return raw.encode()


def _derive(purpose: str) -> bytes:
    return hmac.new(_master_key(), purpose.encode(), hashlib.sha256).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive("requests:id-number:encrypt")))


def encrypt(value: str) -> str:
    """Return the ciphertext of ``value`` ('' stays '')."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plaintext of ``token``; '' when empty or not decryptable."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def lookup_hash(value: str) -> str:
    """Return the keyed digest of a normalised identity number ('' for '')."""
    if not value:
        return ""
    normalised = value.strip().replace(" ", "").upper()
    return hmac.new(
        _derive("requests:id-number:lookup"), normalised.encode(), hashlib.sha256
    ).hexdigest()


def query_code_hash(serial_number: str, query_code: str) -> str:
    """Return the keyed digest of a query code, bound to its serial number."""
    message = f"{serial_number.strip().upper()}:{query_code.strip().upper()}"
    return hmac.new(
        _derive("requests:query-code"), message.encode(), hashlib.sha256
    ).hexdigest()
