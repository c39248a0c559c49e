"""Rate limits for public forms and API endpoints, keyed by the proxy-aware address.

A slot is reserved before the work (an atomic counter increment, so a burst of parallel
requests cannot all slip under the limit) and given back when the outcome should not
count — a filing refused for a typo, a replayed filing, a successful tracking look-up —
so a visitor correcting typos is not locked out. Counters live in the default cache
(Redis in production) in fixed windows of the configured period, as django-ratelimit
keeps them. Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from rest_framework.settings import api_settings

from portal.clients import client_address


@dataclass(frozen=True)
class Refusal:
    wait_seconds: int

    @property
    def wait_text(self) -> str:
        """The wait in words, rounded up to whole minutes (for elderly readers)."""
        minutes = max(1, math.ceil(self.wait_seconds / 60))
        if minutes < 60:
            return f"{minutes}分钟"
        hours, rest = divmod(minutes, 60)
        return f"{hours}小时{rest}分钟" if rest else f"{hours}小时"


def _parse(rate: str) -> tuple[int, int]:
    number, period = rate.split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class RateLimit:
    """Count events of ``scope`` per client address in windows of the period."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.limit, self.period = _parse(
            str(api_settings.DEFAULT_THROTTLE_RATES[scope])
        )
        self._reserved: str | None = None

    def _window(self, request: Any) -> tuple[str, float]:
        now = time.time()
        window = int(now // self.period)
        address = client_address(request) or "unknown"
        key = f"ratelimit:{self.scope}:{address}:{window}"
        return key, (window + 1) * self.period - now

    def _refusal(self, remaining: float) -> Refusal:
        return Refusal(wait_seconds=max(1, math.ceil(remaining)))

    def check(self, request: Any) -> Refusal | None:
        """Return a refusal when the client is at the limit; counts nothing."""
        key, remaining = self._window(request)
        if int(cache.get(key, 0)) >= self.limit:
            return self._refusal(remaining)
        return None

    def reserve(self, request: Any) -> Refusal | None:
        """Take one slot for this request, or return a refusal when none is left."""
        key, remaining = self._window(request)
        cache.add(key, 0, self.period + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.period + 60)
            used = 1
        if used > self.limit:
            self._decrement(key)
            return self._refusal(remaining)
        self._reserved = key
        return None

    def release(self) -> None:
        """Give the reserved slot back: this outcome does not count."""
        if self._reserved is not None:
            self._decrement(self._reserved)
            self._reserved = None

    @staticmethod
    def _decrement(key: str) -> None:
        try:
            cache.decr(key)
        except ValueError:  # the window has expired meanwhile
            pass
