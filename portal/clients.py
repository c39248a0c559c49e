"""The client's address as the trusted reverse proxy reports it.

Rate limits and security logs (login lock-out, throttles of every app) identify a client
by this one function. ``TRUSTED_PROXY_COUNT`` says how many proxies stand in front of
the app: 0 (the default) means the app is reached directly and ``REMOTE_ADDR`` is the
client; with ``n`` proxies the n-th address from the right of ``X-Forwarded-For`` is the
one the outermost trusted proxy saw. Anything further left is the client's own claim and
is never used.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def trusted_proxy_count() -> int:
    return max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0), 0)


def client_address(request: Any) -> str:
    """Return the address of the client behind the trusted proxies ('' if unknown)."""
    meta = getattr(request, "META", {})
    remote = str(meta.get("REMOTE_ADDR", "") or "")
    proxies = trusted_proxy_count()
    if proxies == 0:
        return _clean(remote)
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", "") or "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        # A trusted proxy always appends; no header means a direct hit.
        return _clean(remote)
    # Each trusted proxy appends the address it received from; the outermost one's
    # entry is ``proxies`` places from the right (capped by what is there).
    return _clean(hops[-min(proxies, len(hops))])


def _clean(value: str) -> str:
    """Return a valid IP address or ''; a proxy header could carry anything."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def axes_client_address(request: Any) -> str:
    """``AXES_CLIENT_IP_CALLABLE``: login lock-out counts the same address."""
    return client_address(request) or "0.0.0.0"  # noqa: S104 - a key, not a bind
