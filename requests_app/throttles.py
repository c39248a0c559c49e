"""Rate limits shared by the HTML forms and the API (the ``filing``/``tracking`` scopes)."""

from __future__ import annotations

from typing import Any, cast

from rest_framework.throttling import SimpleRateThrottle


class ScopeThrottle(SimpleRateThrottle):
    """Limit every visitor (staff included) by client address within ``scope``."""

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class FilingThrottle(ScopeThrottle):
    scope = "filing"


class TrackingThrottle(ScopeThrottle):
    scope = "tracking"


def allowed(throttle_class: type[ScopeThrottle], request: Any) -> bool:
    """Count this request against the scope; False when the visitor is over the limit."""
    return throttle_class().allow_request(request, cast(Any, None))
