"""Whole-page cache for anonymous public pages, invalidated exactly by versions.

A cached page has one entry, keyed by its host, path, full query string, 长者模式 and
scheme, holding the page and the *version* of every named piece of content it was
rendered under — ``settings`` (site settings), ``organisations``, ``index`` (the
publication index), ``section:<code>``, ``record:<app.model>:<pk>`` and ``app:<label>``
(anything an app stores). One cache round trip (MGET) reads the entry together with the
current versions; an entry whose versions are not all current is never served, and the
next rendering replaces it. A change bumps the versions of what changed; no page relies
on a short timeout.

Versions are bumped from two places:

* explicitly, by the hooks that change public content: :func:`portal.services.index_publish`
  / :func:`~portal.services.index_withdraw` (section, record, index), validity changes in
  ``policies`` (record), and :func:`portal.services.site_settings_changed`;
* as a safety net, by a database execute wrapper that sees every INSERT/UPDATE/DELETE —
  also the queryset ``update()`` and ``bulk_create`` calls that send no signals — and
  bumps the version named for the table written (``portal_organisation`` →
  ``organisations``, any table of a watched app → ``app:<label>``).

A write outside a transaction bumps right after it; a write inside one bumps once the
transaction commits (once per name, however many rows it wrote): a request that read the
version before the commit and the data before the commit stores its page under the old
version, which the post-commit bump retires. Tests run inside a transaction that never
commits, so there ``PAGE_CACHE_BUMP_EACH_WRITE`` also bumps after every write statement.

Domain apps declare their cacheable pages by URL name in ``AppConfig.ready`` with
:func:`register_page`; ``portal`` knows no app. Only anonymous GET/HEAD requests without
a session, a pending message or credentials are served from or stored in the cache; a
response that sets a cookie, carries a CSRF token or a CSP nonce, or says
``private``/``no-store`` is never stored.

Two layers read the same entries: :class:`PublicPageCacheMiddleware` (after the URL
resolved, inside the middleware stack) stores pages and serves them when a request
reaches Django, and :mod:`portal.cache_handler` (the WSGI application) serves an entry
that holds the headers of a finished answer before Django's request cycle starts.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

T = TypeVar("T")
VERSION_PREFIX = "pcv:"
# Entries are pickled StoredPage tuples: change the prefix whenever StoredPage changes,
# so that no process ever reads an entry of another shape.
PAGE_PREFIX = "pce1:"
# Entries under retired versions are never read again; this only bounds memory.
PAGE_TIMEOUT = 7 * 24 * 3600
# Every public page shows the site frame and organisation names.
FRAME_DEPENDENCIES = ("settings", "organisations")
ELDER_MODE_COOKIE = "elder_mode"
_STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "X-Robots-Tag",  # the sitemap's
)
logger = logging.getLogger(__name__)


# --- versions ---------------------------------------------------------------------


def _new_version() -> int:
    # A fresh value (not 1): if a version key is ever evicted, the new one can never
    # repeat a value an old page was stored under.
    return time.time_ns()


def versions(names: Iterable[str]) -> dict[str, int]:
    """Return the current version of each name (one cache round trip when all exist)."""
    keys = {name: VERSION_PREFIX + name for name in names}
    found = cache.get_many(list(keys.values()))
    result: dict[str, int] = {}
    for name, key in keys.items():
        value = found.get(key)
        if value is None:
            cache.add(key, _new_version(), timeout=None)
            value = cache.get(key)
        result[name] = int(value)
    return result


def _bump_now(names: Iterable[str]) -> None:
    for name in names:
        key = VERSION_PREFIX + name
        try:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, _new_version(), timeout=None)
        except Exception:
            # A cache outage must not fail the write that changed the content; the
            # pages of the cache that could not be reached are unreachable too.
            logger.exception("page cache: could not bump %s", name)


def bump(*names: str, using: str = "default") -> None:
    """Retire every cached page that depends on any of ``names``.

    Bumps at once and, inside a transaction, again after it commits.
    """
    if not names:
        return
    _bump_now(names)
    connection = connections[using]
    if connection.in_atomic_block:
        _pending(connection).update(names)
        _ensure_flush(connection)


def record_name(obj: Any) -> str:
    """Return the version name of one record, e.g. ``record:policies.document:7``."""
    return f"record:{obj._meta.label_lower}:{obj.pk}"


# --- the write watcher ------------------------------------------------------------

_WRITE_SQL = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE
)
_TABLE_NAMES: dict[str, tuple[str, ...]] | None = None
# Tables of the site core whose writes change what every public page shows.
_CORE_TABLES = {
    "portal_sitesettings": "settings",
    "portal_organisation": "organisations",
    "portal_indexentry": "index",
}
_WATCHED_APPS: set[str] = set()


def watch_app(label: str) -> None:
    """Bump ``app:<label>`` whenever any table of app ``label`` is written."""
    global _TABLE_NAMES
    _WATCHED_APPS.add(label)
    _TABLE_NAMES = None


def watch_table(table: str, name: str) -> None:
    """Bump ``name`` whenever ``table`` is written (for values cached by name)."""
    global _TABLE_NAMES
    _CORE_TABLES[table] = name
    _TABLE_NAMES = None


def _table_names() -> dict[str, tuple[str, ...]]:
    global _TABLE_NAMES
    if _TABLE_NAMES is None:
        names: dict[str, tuple[str, ...]] = {
            table: (name,) for table, name in _CORE_TABLES.items()
        }
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.app_label
            if label in _WATCHED_APPS:
                table = model._meta.db_table
                names[table] = (*names.get(table, ()), f"app:{label}")
        _TABLE_NAMES = names
    return _TABLE_NAMES


def _pending(connection: BaseDatabaseWrapper) -> set[str]:
    pending: set[str] | None = getattr(connection, "_page_cache_pending", None)
    if pending is None:
        pending = set()
        connection._page_cache_pending = pending  # type: ignore[attr-defined]
    return pending


def _ensure_flush(connection: BaseDatabaseWrapper) -> None:
    flush = getattr(connection, "_page_cache_flush", None)
    # A rolled-back (savepoint) block drops its on_commit callbacks: register again.
    if flush is not None and any(
        entry[1] is flush for entry in connection.run_on_commit
    ):
        return

    def flush_pending() -> None:
        pending = _pending(connection)
        names = list(pending)
        pending.clear()
        _bump_now(names)

    connection._page_cache_flush = flush_pending  # type: ignore[attr-defined]
    connection.on_commit(flush_pending)


def _watch_writes(
    execute: Callable[..., Any],
    sql: str,
    params: Any,
    many: bool,
    context: dict[str, Any],
) -> Any:
    result = execute(sql, params, many, context)
    match = _WRITE_SQL.match(sql)
    if match is None:
        return result
    names = _table_names().get(match.group(1))
    if names is None:
        return result
    connection = context["connection"]
    if not connection.in_atomic_block or getattr(
        settings, "PAGE_CACHE_BUMP_EACH_WRITE", False
    ):
        _bump_now(names)  # autocommit: the write is already committed
    if connection.in_atomic_block:
        _pending(connection).update(names)
        _ensure_flush(connection)
    return result


def _install_watcher(connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install() -> None:
    """Watch writes on every database connection (called from ``PortalConfig.ready``)."""
    connection_created.connect(_install_watcher, dispatch_uid="portal.caching.watch")
    for alias in connections:
        connection = connections[alias]
        if connection.connection is not None:
            _install_watcher(connection)


def cached_value(name: str, depends: Iterable[str], compute: Callable[[], T]) -> T:
    """Return ``compute()``, cached until any version in ``depends`` changes.

    For what pages rebuild on every request though it rarely changes, such as the
    choices of a filter form.
    """
    try:
        current = versions(depends)
        stamp = ",".join(f"{n}={v}" for n, v in sorted(current.items()))
        key = f"pcval:{name}:{hashlib.sha256(stamp.encode()).hexdigest()[:32]}"
        value = cache.get(key)
    except Exception:
        logger.exception("page cache unavailable: computing %s", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, PAGE_TIMEOUT)
        except Exception:
            logger.exception("page cache: could not store %s", name)
    return value  # type: ignore[no-any-return]


# --- the page registry ------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """A cacheable page: its URL name and the version names it depends on.

    A name may use the URL's keyword arguments, e.g. ``record:policies.document:{pk}``.
    ``daily`` pages also change with the date (e.g. “open for comment until …”).
    """

    url_name: str
    depends: tuple[str, ...]
    daily: bool = False

    def dependency_names(self, kwargs: dict[str, Any]) -> list[str]:
        names = [name.format(**kwargs) for name in self.depends]
        return [*FRAME_DEPENDENCIES, *names]


_PAGES: dict[str, CachedPage] = {}


def register_page(url_name: str, *depends: str, daily: bool = False) -> None:
    """Cache the public page named ``url_name``; it shows the content ``depends`` names."""
    _PAGES[url_name] = CachedPage(url_name, tuple(depends), daily)
    for name in depends:
        if name.startswith("app:"):
            watch_app(name.removeprefix("app:"))


def registered_page(url_name: str) -> CachedPage | None:
    return _PAGES.get(url_name)


# --- stored pages -----------------------------------------------------------------


class StoredPage(NamedTuple):
    """A cached page and the versions it was rendered under.

    ``headers`` are the ones the view answered with (``_STORED_HEADERS``); the rest of
    the middleware stack adds its own when the page is served through it.
    ``final_headers`` is every header of the answer as it left the whole stack (and
    ``not_modified_headers`` those of its 304): with them :mod:`portal.cache_handler`
    serves the page before Django's request cycle. They are ``None`` until a request
    through that handler has seen the finished answer.
    """

    stamp: tuple[tuple[str, int], ...]
    content: bytes
    headers: dict[str, str]
    etag: str
    stored_at: float
    final_headers: tuple[tuple[str, str], ...] | None = None
    not_modified_headers: tuple[tuple[str, str], ...] | None = None


def may_use_cache(request: HttpRequest) -> bool:
    """True for a request the cache may answer: anonymous GET/HEAD, nothing personal."""
    if request.method not in ("GET", "HEAD"):
        return False
    if not getattr(settings, "PUBLIC_PAGE_CACHE", True):
        return False
    # Credentials (an API token, Basic auth) are never answered from the cache.
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    # A session (staff, or a visitor whose session holds results) or a pending flash
    # message make the page personal.
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies


def entry_key(request: HttpRequest, page: CachedPage) -> str:
    """The key of a page's one cache entry: host, path, query string, 长者模式, scheme
    and, for a daily page, the date. The versions are in the entry, not the key.

    The host, because feeds and sitemaps carry absolute links built from it."""
    parts = (
        request.get_host(),
        request.path,
        request.META.get("QUERY_STRING", ""),
        "elder" if request.COOKIES.get(ELDER_MODE_COOKIE) == "1" else "",
        "https" if request.is_secure() else "",
        timezone.localdate().isoformat() if page.daily else "",
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return PAGE_PREFIX + digest


def lookup(
    request: HttpRequest, page: CachedPage, kwargs: dict[str, Any]
) -> tuple[str, tuple[tuple[str, int], ...], StoredPage | None]:
    """Return the entry key, the current versions the page depends on and the stored
    page if it was rendered under exactly those versions — in one cache round trip."""
    names = page.dependency_names(kwargs)
    key = entry_key(request, page)
    found = cache.get_many([key, *(VERSION_PREFIX + name for name in names)])
    stamp = []
    for name in names:
        value = found.get(VERSION_PREFIX + name)
        if value is None:  # first use (or evicted): one more round trip, once
            value = versions([name])[name]
        stamp.append((name, int(value)))
    current = tuple(stamp)
    entry = found.get(key)
    if not isinstance(entry, StoredPage) or entry.stamp != current:
        entry = None
    return key, current, entry


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token bound to this visitor
    if getattr(request, "_csp_nonce", None):
        return False  # a per-request CSP nonce (django-csp) would go stale
    cache_control = response.get("Cache-Control", "")
    return not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


def _frame_headers(response: HttpResponseBase) -> None:
    patch_vary_headers(response, ("Cookie",))
    # Browsers revalidate every time (ETag → 304), so they never show a retired page.
    response["Cache-Control"] = "no-cache"


# Set by portal.cache_handler on requests it let through to Django: the finished
# answer of a stored page goes back into its entry with every header.
OUTER_HANDLER = "portal.page_cache.outer"
# Headers RFC 9110 keeps on a 304 (django.utils.cache._not_modified).
_NOT_MODIFIED_KEEPS = frozenset(
    h.lower()
    for h in (
        "Cache-Control",
        "Content-Location",
        "Date",
        "ETag",
        "Expires",
        "Last-Modified",
        "Vary",
    )
)


def _serve(request: HttpRequest, entry: StoredPage, state: str) -> HttpResponseBase:
    response = HttpResponse(entry.content)
    for header, value in entry.headers.items():
        response[header] = value
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.stored_at)
    _frame_headers(response)
    response["X-Page-Cache"] = state
    response._page_cache_inner = set(response.headers)  # type: ignore[attr-defined]
    conditional = get_conditional_response(
        request,
        etag=entry.etag,
        last_modified=int(entry.stored_at),
        response=response,
    )
    return conditional if conditional is not None else response


class PublicPageCacheMiddleware:
    """Serve and store registered public pages for anonymous visitors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        pending: tuple[str, tuple[tuple[str, int], ...]] | None = getattr(
            request, "_page_cache_pending", None
        )
        if (
            pending is None
            or not isinstance(response, HttpResponse)
            or not _storable(request, response)
        ):
            return response
        key, stamp = pending
        content = response.content
        entry = StoredPage(
            stamp=stamp,
            content=content,
            headers={h: response[h] for h in _STORED_HEADERS if h in response},
            etag='"' + hashlib.sha256(content).hexdigest()[:32] + '"',
            stored_at=time.time(),
        )
        try:
            cache.set(key, entry, PAGE_TIMEOUT)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
            return response
        served = _serve(request, entry, "miss")
        self._hand_out(request, served, key, entry)
        return served

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or not may_use_cache(request):
            return None
        page = registered_page(match.view_name)
        if page is None:
            return None
        try:
            key, stamp, entry = lookup(request, page, view_kwargs)
        except Exception:
            logger.exception("page cache unavailable: rendering %s", request.path)
            return None  # serve the page uncached rather than fail
        if entry is None:
            request._page_cache_pending = (key, stamp)  # type: ignore[attr-defined]
            return None
        served = _serve(request, entry, "hit")
        if entry.final_headers is None:
            self._hand_out(request, served, key, entry)
        return served

    @staticmethod
    def _hand_out(
        request: HttpRequest, response: HttpResponseBase, key: str, entry: StoredPage
    ) -> None:
        # Under portal.cache_handler, the finished answer completes the entry.
        if request.META.get(OUTER_HANDLER) and response.status_code == 200:
            response._page_cache_entry = (key, entry)  # type: ignore[attr-defined]


def complete_entry(response: HttpResponseBase) -> None:
    """Store the headers of a page's finished answer (after the whole middleware
    stack) in its entry, so that the next request is served before the stack."""
    handed: tuple[str, StoredPage] | None = getattr(response, "_page_cache_entry", None)
    if handed is None or response.status_code != 200 or response.cookies:
        return
    key, entry = handed
    if "Set-Cookie" in response:
        return
    # The next answers are hits, as the middleware would label them.
    final = tuple((h, "hit" if h == "X-Page-Cache" else v) for h, v in response.items())
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return  # never: the middleware stores no page that used a nonce
    inner = {h.lower() for h in getattr(response, "_page_cache_inner", ())}
    not_modified = []
    # What the stack answers for a 304 (django.utils.cache._not_modified): the view's
    # headers that RFC 9110 keeps, then every header the outer middleware added; an
    # empty body.
    for header, value in final:
        lower = header.lower()
        if lower == "content-length":
            not_modified.append((header, "0"))
        elif lower in _NOT_MODIFIED_KEEPS or lower not in inner:
            not_modified.append((header, value))
    entry = entry._replace(
        final_headers=final, not_modified_headers=tuple(not_modified)
    )
    try:
        cache.set(key, entry, PAGE_TIMEOUT)
    except Exception:
        logger.exception("page cache: could not complete an entry")
