"""Per-address rate limits of the public forms and API (``filing``/``tracking`` scopes).

A local helper on DRF's throttles and the existing ``DEFAULT_THROTTLE_RATES``; the client
address is DRF's ``get_ident`` (``NUM_PROXIES``-aware). When ``portal`` gains its shared
proxy-aware client-address helper this module should switch to it.
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework.throttling import SimpleRateThrottle


class ScopeThrottle(SimpleRateThrottle):
    """Limit every visitor (staff included) by client address within ``scope``."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {
            "scope": f"interaction-{self.scope}",
            "ident": self.get_ident(request),
        }


class FilingThrottle(ScopeThrottle):
    scope = "filing"


class TrackingThrottle(ScopeThrottle):
    scope = "tracking"


def allowed(throttle_class: type[ScopeThrottle], request: Any) -> bool:
    """Count this request against the scope; False when the visitor is over the limit."""
    return throttle_class().allow_request(request, cast(Any, None))
