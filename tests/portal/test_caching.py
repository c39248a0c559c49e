"""The whole-page cache of public pages: served from the cache to anonymous visitors,
retired the moment what a page shows changes, never for staff or personal pages."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import ResolverMatch
from django.utils import timezone

from policies import services
from portal import caching
from portal.models import Organisation, SiteSettings
from portal.publishing import services as publishing
from portal.services import site_settings_changed
from tests.policies.factories import DocumentFactory, publish

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache]
NOW = timezone.now()
TITLE_A = "济阳区关于支持高校毕业生就业创业的若干措施"
TITLE_B = "济阳区城乡居民养老保险补贴办法"


def _get(client: Client, url: str, **extra: str) -> HttpResponse:
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def _text(response: HttpResponse) -> str:
    return response.content.decode()


def _pages(document_url: str) -> dict[str, str]:
    return {
        "home": "/",
        "list": "/policies/",
        "document": document_url,
        "search": "/search/?q=济阳区",
        "policies_feed": "/policies/feed/",
        "site_feed": "/feed/",
        "sitemap": "/sitemap-content.xml",
    }


def _warm(client: Client, pages: dict[str, str]) -> None:
    """Fetch every page twice; the second answer must come from the cache."""
    for name, url in pages.items():
        _get(client, url)
        assert _get(client, url)["X-Page-Cache"] == "hit", name


def test_publication_status_change_and_withdrawal_show_at_once_everywhere(
    client, desk
) -> None:
    first = publish(
        DocumentFactory(organisation=desk.unit, title=TITLE_A, issuers=[desk.unit]),
        desk,
    )
    pages = _pages(first.get_absolute_url())
    _warm(client, pages)

    # A publication: every listing shows the new document at once.
    second = publish(
        DocumentFactory(organisation=desk.unit, title=TITLE_B, issuers=[desk.unit]),
        desk,
    )
    for name, url in pages.items():
        response = _get(client, url)
        assert response["X-Page-Cache"] == "miss", name
        if name in ("sitemap", "search"):  # search highlights the matched words
            assert second.get_absolute_url() in _text(response), name
        elif name != "document":
            assert TITLE_B in _text(response), name
    _warm(client, pages)

    # A validity status change: the list and the document page show it at once,
    # and every page listing the document is rendered afresh.
    services.change_status(
        first,
        "repealed",
        actor=None,
        changed_on=datetime.date(2024, 7, 1),
        reason="已被新文件替代",
        now=NOW,
    )
    for name, url in pages.items():
        assert _get(client, url)["X-Page-Cache"] == "miss", name
    assert "废止" in _text(_get(client, pages["document"]))
    assert "废止" in _text(_get(client, "/policies/?status=repealed"))
    assert TITLE_A not in _text(_get(client, "/policies/?status=effective"))
    _warm(client, pages)

    # A withdrawal: the document leaves every list, search, feed and the sitemap.
    publishing.withdraw(first, actor=desk.final, reason="内容有误，重新发布")
    for name, url in pages.items():
        response = _get(client, url) if name != "document" else client.get(url)
        if name in ("sitemap", "search"):
            for end in ('"', "<"):
                assert first.get_absolute_url() + end not in _text(response), name
            assert second.get_absolute_url() in _text(response), name
        elif name != "document":
            assert TITLE_A not in _text(response), name
            assert TITLE_B in _text(response), name


def test_organisation_rename_and_site_settings_retire_every_page(client, desk) -> None:
    document = publish(
        DocumentFactory(organisation=desk.unit, title=TITLE_A, issuers=[desk.unit]),
        desk,
    )
    pages = {"home": "/", "document": document.get_absolute_url()}
    _warm(client, pages)
    Organisation.objects.filter(pk=desk.unit.pk).update(name="济阳区人社局（新名）")
    for name, url in pages.items():
        assert _get(client, url)["X-Page-Cache"] == "miss", name
    _warm(client, pages)
    settings_row = SiteSettings.objects.order_by("pk").first() or SiteSettings()
    settings_row.icp_number = "鲁ICP备99999999号"
    settings_row.save()
    site_settings_changed()
    for name, url in pages.items():
        response = _get(client, url)
        assert response["X-Page-Cache"] == "miss", name
        assert "鲁ICP备99999999号" in _text(response), name


def test_elder_mode_and_query_strings_get_their_own_entries(client, desk) -> None:
    publish(DocumentFactory(organisation=desk.unit, title=TITLE_A), desk)
    plain = _get(client, "/policies/")
    assert _get(client, "/policies/")["X-Page-Cache"] == "hit"
    assert _get(client, "/policies/?q=养老")["X-Page-Cache"] == "miss"
    assert TITLE_A not in _text(_get(client, "/policies/?q=养老"))
    client.cookies["elder_mode"] = "1"
    elder = _get(client, "/policies/")
    assert elder["X-Page-Cache"] == "miss"
    assert 'class="elder"' in _text(elder)
    assert 'class="elder"' not in _text(plain)


def test_staff_never_get_a_cached_page(client, desk) -> None:
    publish(DocumentFactory(organisation=desk.unit, title=TITLE_A), desk)
    _warm(client, {"list": "/policies/"})
    staff = Client()
    staff.force_login(desk.editor)
    for _ in range(2):
        response = _get(staff, "/policies/")
        assert "X-Page-Cache" not in response
    # A staff visit stores nothing either: the anonymous entry is still the same.
    assert _get(client, "/policies/")["X-Page-Cache"] == "hit"


def test_conditional_get_answers_304(client, desk) -> None:
    publish(DocumentFactory(organisation=desk.unit, title=TITLE_A), desk)
    for url in ("/policies/", "/policies/feed/", "/feed/"):
        first = _get(client, url)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert first["Cache-Control"] == "no-cache"
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    publish(DocumentFactory(organisation=desk.unit, title=TITLE_B), desk)
    response = client.get("/policies/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert TITLE_B in _text(response)


def test_personal_pages_are_never_cached(client) -> None:
    # The filing form carries a CSRF token bound to the visitor: not registered, and
    # two visitors get their own tokens.
    first = _get(client, "/requests/apply/")
    assert "X-Page-Cache" not in first
    other = Client()
    second = _get(other, "/requests/apply/")
    assert "X-Page-Cache" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert "X-Page-Cache" not in _get(client, "/requests/track/")


def _registered_request(url_name: str) -> HttpRequest:
    request = RequestFactory().get("/test-page/")
    request.resolver_match = ResolverMatch(
        lambda r: None, (), {}, url_name=url_name, app_names=[], namespaces=[]
    )
    return request


@pytest.mark.parametrize("personal", ["csrf", "cookie", "private"])
def test_a_registered_page_that_turns_personal_is_not_stored(personal: str) -> None:
    caching.register_page("test-personal-page")

    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("<form>…</form>")
        if personal == "csrf":
            get_token(request)
        elif personal == "cookie":
            response.set_cookie("seen", "1")
        else:
            response["Cache-Control"] = "private"
        return response

    middleware = caching.PublicPageCacheMiddleware(view)
    for _ in range(2):
        request = _registered_request("test-personal-page")
        assert middleware.process_view(request, view, (), {}) is None
        response = middleware(request)
        assert "X-Page-Cache" not in response


def test_a_session_or_a_pending_message_bypasses_the_cache() -> None:
    caching.register_page("test-plain-page")
    middleware = caching.PublicPageCacheMiddleware(lambda r: HttpResponse("ok"))
    warm = _registered_request("test-plain-page")
    assert middleware.process_view(warm, lambda r: None, (), {}) is None
    middleware(warm)
    hit = _registered_request("test-plain-page")
    assert middleware.process_view(hit, lambda r: None, (), {}) is not None
    for cookie in ("sessionid", "messages"):
        request = _registered_request("test-plain-page")
        request.COOKIES[cookie] = "x"
        assert middleware.process_view(request, lambda r: None, (), {}) is None


def test_writes_in_a_transaction_retire_pages_once_it_commits(
    django_capture_on_commit_callbacks, settings
) -> None:
    settings.PAGE_CACHE_BUMP_EACH_WRITE = False  # as in production
    before = caching.versions(["organisations"])["organisations"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            Organisation.objects.create(name="济阳区测试局", code="test-unit")
            Organisation.objects.filter(code="test-unit").update(name="改名")
            # Nothing retired while the writes are invisible to other requests …
            assert caching.versions(["organisations"])["organisations"] == before
    # … and retired once, when they commit.
    assert len(callbacks) == 1
    assert caching.versions(["organisations"])["organisations"] == before + 1


def test_a_rolled_back_block_does_not_lose_the_bump_after_commit(
    django_capture_on_commit_callbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Organisation.objects.create(name="济阳区测试局", code="test-unit")
                    raise RuntimeError
            except RuntimeError:
                pass
            Organisation.objects.create(name="济阳区另一局", code="test-two")
    assert len(callbacks) == 1


class _BrokenCache:
    def __getattr__(self, name: str) -> object:
        def fail(*args: object, **kwargs: object) -> None:
            raise ConnectionError("redis is down")

        return fail


def test_a_cache_outage_serves_pages_uncached_and_lets_writes_through(
    client, desk, monkeypatch
) -> None:
    monkeypatch.setattr(caching, "cache", _BrokenCache())
    document = publish(DocumentFactory(organisation=desk.unit, title=TITLE_A), desk)
    response = _get(client, "/policies/")
    assert TITLE_A in _text(response)
    assert "X-Page-Cache" not in response
    assert _get(client, document.get_absolute_url())


def test_a_cached_sitemap_keeps_its_robots_header(client, desk) -> None:
    publish(DocumentFactory(organisation=desk.unit, title=TITLE_A), desk)
    first = _get(client, "/sitemap-content.xml")
    second = _get(client, "/sitemap-content.xml")
    assert second["X-Page-Cache"] == "hit"
    assert second["X-Robots-Tag"] == first["X-Robots-Tag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_page_that_used_a_csp_nonce_is_not_stored() -> None:
    caching.register_page("test-nonce-page")

    def view(request: HttpRequest) -> HttpResponse:
        request._csp_nonce = "abc"  # what django-csp sets once a template asks
        return HttpResponse("<script nonce='abc'></script>")

    middleware = caching.PublicPageCacheMiddleware(view)
    for _ in range(2):
        request = _registered_request("test-nonce-page")
        assert middleware.process_view(request, view, (), {}) is None
        assert "X-Page-Cache" not in middleware(request)
