"""Whole-page cache for anonymous public pages, invalidated exactly by versions.

A cached page is stored under a key made of its path, its full query string, 长者模式
and the current *version* of every named piece of content it depends on — ``settings``
(site settings), ``organisations``, ``index`` (the publication index), ``section:<code>``,
``record:<app.model>:<pk>`` and ``app:<label>`` (anything an app stores). A change bumps
the versions of what changed, so the next request computes a new key and the stale entry
is simply never read again; no page relies on a short timeout.

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
a session or a pending message are served from or stored in the cache; a response that
sets a cookie, carries a CSRF token or says ``private``/``no-store`` is never stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

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
PAGE_PREFIX = "pcp:"
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


# --- the middleware ---------------------------------------------------------------


def _may_use_cache(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if not getattr(settings, "PUBLIC_PAGE_CACHE", True):
        return False
    cookies = request.COOKIES
    # A session (staff, or a visitor whose session holds results) or a pending flash
    # message make the page personal.
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies


def page_key(request: HttpRequest, page: CachedPage, kwargs: dict[str, Any]) -> str:
    current = versions(page.dependency_names(kwargs))
    parts = [
        request.path,
        request.META.get("QUERY_STRING", ""),
        "elder" if request.COOKIES.get(ELDER_MODE_COOKIE) == "1" else "",
        timezone.localdate().isoformat() if page.daily else "",
        *(f"{name}={value}" for name, value in sorted(current.items())),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return PAGE_PREFIX + digest


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


class PublicPageCacheMiddleware:
    """Serve and store registered public pages for anonymous visitors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        key: str | None = getattr(request, "_page_cache_key", None)
        if (
            key is not None
            and isinstance(response, HttpResponse)
            and _storable(request, response)
        ):
            content = response.content
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            stored_at = time.time()
            headers = {h: response[h] for h in _STORED_HEADERS if h in response}
            try:
                cache.set(key, (content, headers, etag, stored_at), PAGE_TIMEOUT)
            except Exception:
                logger.exception("page cache: could not store %s", request.path)
            response["ETag"] = etag
            response["Last-Modified"] = http_date(stored_at)
            _frame_headers(response)
            response["X-Page-Cache"] = "miss"
            conditional = get_conditional_response(
                request, etag=etag, last_modified=int(stored_at), response=response
            )
            if conditional is not None:
                return conditional
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None or not _may_use_cache(request):
            return None
        page = registered_page(match.view_name)
        if page is None:
            return None
        try:
            key = page_key(request, page, view_kwargs)
            hit = cache.get(key)
        except Exception:
            logger.exception("page cache unavailable: rendering %s", request.path)
            return None  # serve the page uncached rather than fail
        if hit is None:
            request._page_cache_key = key  # type: ignore[attr-defined]
            return None
        content, headers, etag, stored_at = hit
        response = HttpResponse(content)
        for header, value in headers.items():
            response[header] = value
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stored_at)
        _frame_headers(response)
        response["X-Page-Cache"] = "hit"
        conditional = get_conditional_response(
            request, etag=etag, last_modified=int(stored_at), response=response
        )
        return conditional if conditional is not None else response
