"""Rate limits for public forms and API endpoints, keyed by the proxy-aware address.

A limit is checked before the work and counted only when the outcome should count
(an accepted filing, a failed tracking look-up), so a visitor correcting typos is not
locked out. Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]``; the
history lives in the default cache (Redis in production), as DRF's throttles keep it.
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
        """The wait in words, rounded up to whole minutes (为 elderly readers)."""
        minutes = max(1, math.ceil(self.wait_seconds / 60))
        if minutes < 60:
            return f"{minutes}分钟"
        hours, rest = divmod(minutes, 60)
        return f"{hours}小时{rest}分钟" if rest else f"{hours}小时"


def _parse(rate: str) -> tuple[int, int]:
    number, period = rate.split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class RateLimit:
    """Count events of ``scope`` per client address over the configured period."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.limit, self.period = _parse(
            str(api_settings.DEFAULT_THROTTLE_RATES[scope])
        )

    def _key(self, request: Any) -> str:
        return f"ratelimit:{self.scope}:{client_address(request) or 'unknown'}"

    def _history(self, key: str, now: float) -> list[float]:
        history: list[float] = cache.get(key, [])
        return [stamp for stamp in history if stamp > now - self.period]

    def check(self, request: Any) -> Refusal | None:
        """Return a refusal when the client is at the limit; counts nothing."""
        now = time.time()
        history = self._history(self._key(request), now)
        if len(history) < self.limit:
            return None
        # The oldest counted event leaves the window first.
        return Refusal(wait_seconds=max(1, math.ceil(min(history) + self.period - now)))

    def count(self, request: Any) -> None:
        """Record one event for the client (an accepted filing, a failed look-up)."""
        now = time.time()
        key = self._key(request)
        history = self._history(key, now)
        history.append(now)
        cache.set(key, history, self.period)
