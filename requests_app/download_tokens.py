"""Short-lived download links for the holder of a (serial number, query code) pair.

The tracking page shows the 答复书 and the reply attachments only after the pair was
given. Its links carry a token signed with ``SECRET_KEY``: bound to the application and
to the digest of its query code, valid for :data:`MAX_AGE` seconds, so a link cannot be
guessed, and a copied link stops working soon (or at once when the code changes).
"""

from __future__ import annotations

from django.core import signing

SALT = "requests_app.tracking-download"
MAX_AGE = 30 * 60  # seconds: long enough to read the page and download


def make_token(application_pk: int, query_code_hash: str) -> str:
    """Return a token that opens the application's reply files for :data:`MAX_AGE`."""
    return signing.dumps([application_pk, query_code_hash[:16]], salt=SALT)


def read_token(token: str, *, max_age: int = MAX_AGE) -> tuple[int, str] | None:
    """Return ``(application_pk, code digest prefix)`` of a valid token, else None."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        return None
    return value[0], value[1]
