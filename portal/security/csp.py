"""The Content-Security-Policy and Permissions-Policy the portal answers with.

Scripts run only from the portal's own origin (static files, Swagger UI's split
view) or with the per-request nonce (``request.csp_nonce``, django-csp); there is
no ``'unsafe-inline'`` and no ``'unsafe-eval'`` for scripts, so a payload that slips
past escaping cannot run. Styles keep ``'unsafe-inline'``: Django's admin and
Swagger UI set ``style=`` attributes, which a nonce cannot cover, and an injected
style cannot run code.

Plain data, no Django imports: settings.py reads it.
"""

from __future__ import annotations

from csp.constants import NONCE, NONE, SELF

CONTENT_SECURITY_POLICY: dict[str, object] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        # Swagger UI draws its icons from data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Nothing of the portal is meant to be framed (X-Frame-Options: DENY as well).
        "frame-ancestors": [NONE],
    },
}

# Powerful browser features the portal never uses, switched off for every page and
# anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)
