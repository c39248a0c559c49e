"""Staff sessions end after a period of inactivity (``SESSION_COOKIE_AGE``).

Django renews a session's expiry only when the session is saved. Saving on every
request would cost a write per staff page; instead a logged-in session is touched at
most once per ``SESSION_RENEW_SECONDS``, so it expires between ``SESSION_COOKIE_AGE``
minus that interval and ``SESSION_COOKIE_AGE`` after the last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_KEY = "_portal_renewed_at"


def mark_renewed_at_login(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """Start the renewal interval at login: the login itself saved the session, so
    the first page after it need not write again (page query counts stay fixed)."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_KEY] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # No session to renew; do not touch it (that would add Vary: Cookie).
            return response
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        now = int(time.time())
        interval = int(getattr(settings, "SESSION_RENEW_SECONDS", 300))
        last = session.get(RENEWED_KEY, 0)
        if not isinstance(last, int) or now - last >= interval:
            # Marks the session modified: SessionMiddleware saves it with a new expiry.
            session[RENEWED_KEY] = now
        return response
