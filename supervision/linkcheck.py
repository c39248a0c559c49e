"""The website link checker: crawl the portal's own published pages over HTTP.

Only URLs of the portal's own origin (scheme, host and port of ``base_url``) are ever
fetched, unless external checking is switched on (``SUPERVISION_CHECK_EXTERNAL_LINKS``,
off by default). External checks are polite: HEAD first, bounded concurrency, a
per-request timeout and a total time budget. No database access here.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

USER_AGENT = "JiyangPortalLinkCheck/1.0 (+site self-check)"
_SKIP_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")
_MAX_BODY = 2 * 1024 * 1024
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Response:
    status: int | None  # None: the request failed (refused, timed out, bad URL)
    content_type: str = ""
    body: bytes = b""
    location: str = ""
    error: str = ""


Fetch = Callable[[str, str], Response]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http_fetch(url: str, method: str, *, timeout: float = 10.0) -> Response:
    """Fetch ``url`` without following redirects (the caller decides where to go)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Response(None, error="不支持的地址")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as reply:
            body = reply.read(_MAX_BODY) if method == "GET" else b""
            return Response(
                reply.status,
                reply.headers.get("Content-Type", ""),
                body,
                reply.headers.get("Location", ""),
            )
    except urllib.error.HTTPError as error:
        return Response(
            error.code,
            error.headers.get("Content-Type", "") if error.headers else "",
            location=error.headers.get("Location", "") if error.headers else "",
        )
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return Response(None, error=type(error).__name__)


class _LinkParser(HTMLParser):
    _ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self._ATTRS.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value:
                self.links.append(value.strip())


def extract_links(html: str, page_url: str) -> list[str]:
    """Return the absolute, fragment-free URLs an HTML page links to, in order, once."""
    parser = _LinkParser()
    parser.feed(html)
    seen: dict[str, None] = {}
    for raw in parser.links:
        if not raw or raw.lower().startswith(_SKIP_SCHEMES):
            continue
        url, _fragment = urldefrag(urljoin(page_url, raw))
        if urlsplit(url).scheme in ("http", "https"):
            seen.setdefault(url, None)
    return list(seen)


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc.lower()


def same_origin(url: str, base_url: str) -> bool:
    return origin(url) == origin(base_url)


def is_broken(status: int | None) -> bool:
    """404/410, server errors and failed requests are broken; 401/403/405 only say that
    the page exists but is not for this request (e.g. a POST-only endpoint)."""
    return status is None or status in (404, 410) or status >= 500


@dataclass(frozen=True)
class Problem:
    kind: str  # "page_unreachable", "broken_internal", "broken_external"
    page_url: str
    link_url: str
    status: int | None
    detail: str


@dataclass
class CrawlResult:
    pages_checked: int = 0
    links_checked: int = 0
    problems: list[Problem] = field(default_factory=list)


def _resolve(
    url: str, base_url: str, fetch: Fetch, method: str
) -> tuple[str, Response]:
    """Follow same-origin redirects up to :data:`MAX_REDIRECTS`; return the final reply."""
    current = url
    reply = fetch(current, method)
    for _hop in range(MAX_REDIRECTS):
        if reply.status is None or not 300 <= reply.status < 400 or not reply.location:
            break
        target = urljoin(current, reply.location)
        if not same_origin(target, base_url):
            break  # a redirect off-site is not followed (and not a broken link)
        current = target
        reply = fetch(current, method)
    return current, reply


def crawl(
    base_url: str,
    start_paths: Iterable[str],
    *,
    fetch: Fetch = http_fetch,
    max_pages: int = 500,
    check_external: bool = False,
    external_fetch: Fetch | None = None,
    external_workers: int = 4,
    external_budget_seconds: float = 300.0,
) -> CrawlResult:
    """Fetch each start page of the portal, then check every link found on them.

    Internal links are checked with HEAD (GET when HEAD is refused); external links
    only when ``check_external`` is on.
    """
    result = CrawlResult()
    status_cache: dict[str, Response] = {}
    external: dict[str, list[str]] = {}

    def check_internal(url: str) -> Response:
        if url not in status_cache:
            _final, reply = _resolve(url, base_url, fetch, "HEAD")
            if reply.status in (405, 501):
                _final, reply = _resolve(url, base_url, fetch, "GET")
            status_cache[url] = reply
            result.links_checked += 1
        return status_cache[url]

    pages: dict[str, None] = {}
    for path in start_paths:
        url = urldefrag(urljoin(base_url, path))[0]
        if same_origin(url, base_url):
            pages.setdefault(url, None)
    for page_url in list(pages)[:max_pages]:
        final_url, reply = _resolve(page_url, base_url, fetch, "GET")
        result.pages_checked += 1
        status_cache[page_url] = reply
        if is_broken(reply.status) or reply.status is None or reply.status >= 400:
            result.problems.append(
                Problem("page_unreachable", page_url, "", reply.status, reply.error)
            )
            continue
        if "html" not in reply.content_type:
            continue
        html = reply.body.decode("utf-8", errors="replace")
        for link in extract_links(html, final_url):
            if same_origin(link, base_url):
                link_reply = check_internal(link)
                if is_broken(link_reply.status):
                    result.problems.append(
                        Problem(
                            "broken_internal",
                            page_url,
                            link,
                            link_reply.status,
                            link_reply.error,
                        )
                    )
            else:
                external.setdefault(link, []).append(page_url)
    if check_external and external:
        result.problems.extend(
            _check_external(
                external,
                fetch=external_fetch or http_fetch,
                workers=external_workers,
                budget=external_budget_seconds,
            )
        )
        result.links_checked += len(external)
    return result


def _check_external(
    links: dict[str, list[str]], *, fetch: Fetch, workers: int, budget: float
) -> list[Problem]:
    deadline = time.monotonic() + budget

    def check(url: str) -> tuple[str, Response | None]:
        if time.monotonic() > deadline:
            return url, None  # out of time: not checked, not reported
        reply = fetch(url, "HEAD")
        if reply.status in (403, 405, 501):
            reply = fetch(url, "GET")
        return url, reply

    problems = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for url, reply in pool.map(check, list(links)):
            if reply is None or not is_broken(reply.status):
                continue
            for page_url in links[url]:
                problems.append(
                    Problem("broken_external", page_url, url, reply.status, reply.error)
                )
    return problems
