"""Rate limits of interaction's public writes (letters, comments, questions,
registrations) and look-ups, on the portal's shared ``RateLimit``.

The client is ``portal.clients.client_address`` (proxy-aware via
``TRUSTED_PROXY_COUNT``), so a changing ``X-Forwarded-For`` does not make a new client.
A slot is reserved before the work and given back unless the outcome counts: an
accepted letter, comment, question or registration, or a failed look-up. Counters are
kept apart from 依申请公开's (same rates, ``interaction-`` key prefix).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.http import HttpRequest
from rest_framework.exceptions import ErrorDetail, Throttled

from portal.throttles import RateLimit, Refusal


class _InteractionLimit(RateLimit):
    rate_scope = ""

    def __init__(self) -> None:
        super().__init__(self.rate_scope)
        # The rate of the shared scope; counters of this app's own.
        self.scope = f"interaction-{self.rate_scope}"


class FilingThrottle(_InteractionLimit):
    rate_scope = "filing"


class TrackingThrottle(_InteractionLimit):
    rate_scope = "tracking"


def wait_message(refusal: Refusal, *, action: str = "提交") -> str:
    """Return the Chinese refusal with the wait in whole minutes."""
    return f"{action}过于频繁，请{refusal.wait_text}后再试。您填写的内容已保留。"


@dataclass
class Slot:
    refusal: Refusal | None
    message: str
    counts: bool = False

    @property
    def refused(self) -> bool:
        return self.refusal is not None

    def count(self) -> None:
        """This outcome counts against the limit (accepted write, failed look-up)."""
        self.counts = True


@contextmanager
def slot(
    request: HttpRequest,
    limit: type[_InteractionLimit] = FilingThrottle,
    *,
    action: str = "提交",
    api: bool = False,
) -> Iterator[Slot]:
    """Reserve a slot for the block; give it back unless the block calls ``count()``.

    With ``api`` a refusal raises DRF's 429 carrying the Chinese message.
    """
    throttle = limit()
    refusal = throttle.reserve(request)
    message = wait_message(refusal, action=action) if refusal else ""
    if refusal is not None and api:
        exc = Throttled(wait=refusal.wait_seconds)
        exc.detail = ErrorDetail(message, code="throttled")
        raise exc
    current = Slot(refusal, message)
    try:
        yield current
    except BaseException:
        if refusal is None:
            throttle.release()
        raise
    if refusal is None and not current.counts:
        throttle.release()


def allowed(limit: type[_InteractionLimit], request: HttpRequest) -> bool:
    """Count this attempt whatever its outcome; False when over the limit (used where
    every attempt should count: rating and cancelling by code)."""
    return limit().reserve(request) is None
