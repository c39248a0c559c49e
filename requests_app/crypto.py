"""Field-level encryption of identity numbers, and keyed hashes for look-ups.

Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) encrypts the value; an
HMAC-SHA256 under a separate derived key gives a stable digest to find an applicant's
earlier applications (e.g. for the 按件 fee count) without decrypting every row.

Keys come from ``FIELD_ENCRYPTION_KEY`` (required when ``DEBUG=0``; keep it apart
from the database backups). In production it never falls back to ``SECRET_KEY``, so
rotating the one does not touch the other (development uses the dev secret key). Rotation: put the new key in ``FIELD_ENCRYPTION_KEY``, list the
previous ones (newest first) in ``FIELD_ENCRYPTION_OLD_KEYS``, and run
``manage.py rotate_field_encryption``: it re-encrypts every stored value and
recomputes its look-up hash under the new key. Query-code digests cannot be
recomputed (the code is only known to the applicant), so they verify under any
listed key: drop an old key once no open application still needs its query code.

A value that no listed key decrypts raises :class:`DecryptionError`: a wrong key
must stop the caller loudly, never read as an empty identity number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


def _master_keys() -> list[bytes]:
    """Return the current key, then the old ones, as bytes."""
    current = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if not current:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    old = [key for key in getattr(settings, "FIELD_ENCRYPTION_OLD_KEYS", []) if key]
    return [key.encode() for key in [current, *old]]


def _derive(master: bytes, purpose: str) -> bytes:
    return hmac.new(master, purpose.encode(), hashlib.sha256).digest()


def _fernet(master: bytes) -> Fernet:
    return Fernet(
        base64.urlsafe_b64encode(_derive(master, "requests:id-number:encrypt"))
    )


def _multi_fernet() -> MultiFernet:
    return MultiFernet([_fernet(master) for master in _master_keys()])


def encrypt(value: str) -> str:
    """Return the ciphertext of ``value`` under the current key ('' stays '')."""
    if not value:
        return ""
    return _fernet(_master_keys()[0]).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Return the plaintext of ``token`` ('' for ''); raise if no key opens it."""
    if not token:
        return ""
    try:
        return _multi_fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "A stored value cannot be decrypted: FIELD_ENCRYPTION_KEY or "
            "FIELD_ENCRYPTION_OLD_KEYS does not hold the key it was written with."
        ) from None


def rotate(token: str) -> str:
    """Return ``token`` re-encrypted under the current key ('' stays '')."""
    if not token:
        return ""
    try:
        return _multi_fernet().rotate(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("A stored value cannot be decrypted.") from None


def _normalise_id(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def lookup_hash(value: str) -> str:
    """Return the keyed digest of a normalised identity number ('' for '')."""
    if not value:
        return ""
    return hmac.new(
        _derive(_master_keys()[0], "requests:id-number:lookup"),
        _normalise_id(value).encode(),
        hashlib.sha256,
    ).hexdigest()


def _query_message(serial_number: str, query_code: str) -> bytes:
    return f"{serial_number.strip().upper()}:{query_code.strip().upper()}".encode()


def query_code_hash(serial_number: str, query_code: str) -> str:
    """Return the keyed digest of a query code, bound to its serial number."""
    return hmac.new(
        _derive(_master_keys()[0], "requests:query-code"),
        _query_message(serial_number, query_code),
        hashlib.sha256,
    ).hexdigest()


def query_code_matches(serial_number: str, query_code: str, stored: str) -> bool:
    """Return whether ``query_code`` is the one whose digest is ``stored``.

    Every listed key is tried, in constant time each, so codes issued before a
    rotation keep working while their key is listed.
    """
    message = _query_message(serial_number, query_code)
    matched = False
    for master in _master_keys():
        digest = hmac.new(
            _derive(master, "requests:query-code"), message, hashlib.sha256
        ).hexdigest()
        matched |= hmac.compare_digest(stored or "", digest)
    return matched
