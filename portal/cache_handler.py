"""The WSGI application: cached public pages served before Django's request cycle.

A cache hit through the middleware stack still runs sessions, CSP, auth, OTP,
messages and the rest around a stored page; most of its cost is that stack, not the
cache. :class:`PageCacheHandler` answers first, as whitenoise does for static files:
for an anonymous GET/HEAD (no session or message cookie, no ``Authorization``) to the
URL of a registered page, it reads the page's entry and the versions it depends on in
one cache round trip (:func:`portal.caching.lookup`) and, when the entry is current and
holds the headers of a finished answer, sends those headers and the stored body, or a
304 for a matching ``If-None-Match``/``If-Modified-Since``.

Everything else — a miss, a stale entry, a request the stack would refuse or redirect
(a host not in ``ALLOWED_HOSTS``, plain HTTP under ``SECURE_SSL_REDIRECT``), any cache
error — goes through Django unchanged, where :class:`portal.caching.PublicPageCacheMiddleware`
renders and stores the page; the finished answer's headers then complete the entry
(:func:`portal.caching.complete_entry`). The headers sent from here are the ones the
whole stack sent for the same page (CSP without a nonce, Permissions-Policy, COOP,
X-Frame-Options, Vary, ETag, Content-Length …), recorded rather than rebuilt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

from portal import caching

logger = logging.getLogger(__name__)
_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@lru_cache(maxsize=4096)
def _resolve(path_info: str) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    """The URL name and keyword arguments of a path (URLs are fixed at start-up)."""
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    return match.view_name, tuple(match.kwargs.items())


def _refused_by_stack(request: HttpRequest) -> bool:
    """True when the middleware stack would not answer this request with the page."""
    try:
        request.get_host()
    except DisallowedHost:
        return True  # Django answers 400
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return True  # SecurityMiddleware redirects to HTTPS
    # CommonMiddleware's user-agent refusal and www redirect.
    return bool(settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW)


def cached_answer(
    request: HttpRequest,
) -> tuple[str, list[tuple[str, str]], bytes] | None:
    """Status line, headers and body of the stored answer to ``request``, or None."""
    if not caching.may_use_cache(request):
        return None
    resolved = _resolve(request.path_info)
    if resolved is None:
        return None
    page = caching.registered_page(resolved[0])
    if page is None or _refused_by_stack(request):
        return None
    try:
        _key, _stamp, entry = caching.lookup(request, page, dict(resolved[1]))
    except Exception:
        logger.exception("page cache unavailable: %s goes to Django", request.path)
        return None
    if entry is None or entry.final_headers is None:
        return None
    if any(name in request.META for name in _CONDITIONAL):
        conditional = get_conditional_response(
            request, etag=entry.etag, last_modified=int(entry.stored_at)
        )
        if conditional is not None:
            if conditional.status_code != 304 or entry.not_modified_headers is None:
                return None  # a failed precondition (412): Django answers it
            return "304 Not Modified", list(entry.not_modified_headers), b""
    return "200 OK", list(entry.final_headers), entry.content


class PageCacheHandler(WSGIHandler):
    """Django's WSGI handler with stored public pages answered before the stack."""

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Any:  # a list of bytes here, Django's response otherwise
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # A copy: WSGIRequest rewrites PATH_INFO in the environ it is given, and
            # Django builds its own request from the original on a miss.
            answer = cached_answer(WSGIRequest(dict(environ)))
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
            environ[caching.OUTER_HANDLER] = True
        return super().__call__(environ, start_response)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        response = super().get_response(request)
        caching.complete_entry(response)
        return response
