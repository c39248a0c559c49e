"""The WSGI-level page cache (portal/cache_handler.py): a stored public page is
answered before Django's request cycle — no query, one cache round trip, the same
headers the whole middleware stack sends — and never to staff, never stale."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from portal import cache_handler, caching
from portal.cache_handler import PageCacheHandler
from portal.publishing import services as publishing
from tests.policies.factories import DocumentFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]
TITLE_A = "济阳区关于支持高校毕业生就业创业的若干措施"
TITLE_B = "济阳区城乡居民养老保险补贴办法"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def __getitem__(self, header: str) -> str:
        return self.headers[header]

    @property
    def text(self) -> str:
        return self.body.decode()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # As Django's test client does: the request signals would close the connection
    # that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call(app: WSGIHandler, url: str, method: str = "GET", **extra: str) -> Answer:
    """Run one request through a WSGI application as a server would."""
    path, _, query = url.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        # WSGI carries the path as the bytes of the URL, decoded as ISO-8859-1.
        "PATH_INFO": quote(path, safe="/").encode().decode("iso-8859-1"),
        "QUERY_STRING": quote(query, safe="=&"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **extra,
    }
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        started.extend((status, headers))

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = started
    return Answer(int(status.split()[0]), dict(headers), body)


class CountingCache:
    """The cache, counting round trips."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.wrapped, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return attribute(*args, **kwargs)

        return counted


@pytest.fixture
def app() -> PageCacheHandler:
    return PageCacheHandler()


@pytest.fixture
def document(desk: Any) -> Any:
    return publish(
        DocumentFactory(organisation=desk.unit, title=TITLE_A, issuers=[desk.unit]),
        desk,
    )


def _fails(*args: object, **kwargs: object) -> None:
    raise AssertionError("the request reached Django's middleware stack")


def test_a_hit_is_answered_before_django_with_one_round_trip_and_no_query(
    app, document, monkeypatch, django_assert_num_queries
) -> None:
    for url in ("/", "/policies/", document.get_absolute_url(), "/search/?q=就业"):
        miss = call(app, url)
        assert miss.status == 200
        assert miss["X-Page-Cache"] == "miss"
        counting = CountingCache(caching.cache)
        monkeypatch.setattr(caching, "cache", counting)
        monkeypatch.setattr(app, "get_response", _fails)
        with django_assert_num_queries(0):
            hit = call(app, url)
        monkeypatch.undo()
        assert counting.calls == ["get_many"], url
        assert hit.status == 200
        assert hit["X-Page-Cache"] == "hit"
        assert hit.body == miss.body
        assert hit["Content-Length"] == str(len(hit.body))
    assert TITLE_A in call(app, "/policies/").text


def test_the_fast_answer_has_the_headers_of_the_whole_stack(
    app, document, settings
) -> None:
    # Plain HTTP and HTTPS behind the proxy (the latter with HSTS) are kept apart.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    app = PageCacheHandler()  # the middleware read the settings at start-up
    stack = WSGIHandler()  # the same middleware, no answer before them
    url = document.get_absolute_url()
    for extra in ({}, {"HTTP_X_FORWARDED_PROTO": "https"}):
        call(app, url, **extra)
        slow = call(stack, url, **extra)
        fast = call(app, url, **extra)
        assert slow["X-Page-Cache"] == fast["X-Page-Cache"] == "hit"
        assert fast.headers == slow.headers
        assert fast.body == slow.body
        assert ("Strict-Transport-Security" in fast.headers) == bool(extra)
        for header in (
            "Content-Security-Policy",
            "Permissions-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Vary",
            "ETag",
            "Last-Modified",
            "Content-Length",
        ):
            assert header in fast.headers, header
        assert "nonce-" not in fast["Content-Security-Policy"]
        # A revalidation: the same 304 from both.
        for condition in (
            {"HTTP_IF_NONE_MATCH": fast["ETag"]},
            {"HTTP_IF_MODIFIED_SINCE": fast["Last-Modified"]},
        ):
            slow_304 = call(stack, url, **extra, **condition)
            fast_304 = call(app, url, **extra, **condition)
            assert slow_304.status == fast_304.status == 304
            assert fast_304.headers == slow_304.headers
            assert fast_304.body == b""
        # HEAD: the same headers (the server drops the body).
        head = call(app, url, "HEAD", **extra)
        assert head.headers == fast.headers


def test_a_publication_and_a_withdrawal_show_at_once(app, document, desk) -> None:
    urls = ("/", "/policies/", "/search/?q=济阳区")
    call(app, document.get_absolute_url())
    for url in urls:
        call(app, url)
        assert call(app, url)["X-Page-Cache"] == "hit"
    second = publish(
        DocumentFactory(organisation=desk.unit, title=TITLE_B, issuers=[desk.unit]),
        desk,
    )
    for url in urls:
        answer = call(app, url)
        assert answer["X-Page-Cache"] == "miss", url
        assert second.get_absolute_url() in answer.text, url
        assert call(app, url)["X-Page-Cache"] == "hit"
    publishing.withdraw(document, actor=desk.final, reason="内容有误，重新发布")
    for url in urls:
        answer = call(app, url)
        assert answer["X-Page-Cache"] == "miss", url
        assert document.get_absolute_url() + '"' not in answer.text, url
    # The document page says it was withdrawn, and why.
    page = call(app, document.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "内容有误，重新发布" in page.text


def test_staff_and_credentials_go_through_the_stack(
    app, document, desk, monkeypatch
) -> None:
    call(app, "/policies/")
    assert call(app, "/policies/")["X-Page-Cache"] == "hit"
    staff = Client()
    staff.force_login(desk.editor)
    session = staff.cookies["sessionid"].value
    reached: list[str] = []
    get_response = app.get_response

    def spy(request: Any) -> Any:
        reached.append(request.path)
        return get_response(request)

    monkeypatch.setattr(app, "get_response", spy)
    for extra in (
        {"HTTP_COOKIE": f"sessionid={session}"},
        {"HTTP_COOKIE": "messages=x"},
        {"HTTP_AUTHORIZATION": "Token abc"},
    ):
        answer = call(app, "/policies/", **extra)
        assert answer.status == 200
        assert "X-Page-Cache" not in answer.headers, extra
    assert len(reached) == 3
    # Staff stored nothing: the anonymous entry is still answered first.
    reached.clear()
    assert call(app, "/policies/")["X-Page-Cache"] == "hit"
    assert reached == []


def test_elder_mode_and_query_strings_have_their_own_entries(app, document) -> None:
    call(app, "/policies/")
    plain = call(app, "/policies/")
    elder = call(app, "/policies/", HTTP_COOKIE="elder_mode=1")
    assert elder["X-Page-Cache"] == "miss"
    assert 'class="elder"' in elder.text
    assert 'class="elder"' not in plain.text
    assert call(app, "/policies/", HTTP_COOKIE="elder_mode=1")["X-Page-Cache"] == "hit"
    query = call(app, "/policies/?q=养老")
    assert query["X-Page-Cache"] == "miss"
    assert TITLE_A not in query.text


def test_what_the_stack_refuses_is_refused_though_the_page_is_stored(
    app, document, settings
) -> None:
    call(app, "/policies/")
    settings.ALLOWED_HOSTS = ["portal.example"]
    assert call(app, "/policies/").status == 400
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    redirecting = PageCacheHandler()
    assert call(redirecting, "/policies/").status == 301


def test_a_cache_outage_goes_to_django(app, document, monkeypatch) -> None:
    call(app, "/policies/")

    class Broken:
        def __getattr__(self, name: str) -> Any:
            raise ConnectionError("redis is down")

    monkeypatch.setattr(caching, "cache", Broken())
    answer = call(app, "/policies/")
    assert answer.status == 200
    assert TITLE_A in answer.text
    assert "X-Page-Cache" not in answer.headers


def test_unregistered_and_unknown_paths_cost_no_cache_round_trip(monkeypatch) -> None:
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    factory = RequestFactory()
    for url in ("/no-such-page/", "/requests/apply/", "/api/v1/policies/", "/static/x"):
        assert cache_handler.cached_answer(factory.get(url)) is None, url
    assert counting.calls == []


def test_each_host_has_its_own_entry(app, document, settings) -> None:
    # Feeds carry absolute links built from the Host header.
    settings.ALLOWED_HOSTS = ["testserver", "www.portal.example"]
    call(app, "/feed/")
    assert call(app, "/feed/")["X-Page-Cache"] == "hit"
    other = call(app, "/feed/", HTTP_HOST="www.portal.example")
    assert other["X-Page-Cache"] == "miss"
    assert "http://www.portal.example/" in other.text
    assert "http://testserver/" not in other.text
