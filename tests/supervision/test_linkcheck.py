"""The website link checker: pure link handling, and a real crawl of a live local server.

The crawl runs only against a live server of the portal bound to 127.0.0.1; every URL
it requests is recorded and checked to be on that server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from portal.models import ProofFinding
from portal.services import index_publish
from supervision import linkcheck
from supervision.models import LinkFinding, Notice, PublicNotice
from supervision.services.notices import publish_notice
from supervision.services.sitecheck import run_link_check
from supervision.tasks import check_links_task
from tests.supervision.conftest import at, office_desk, through_review

BASE = "http://127.0.0.1:8000"


def test_extract_links_resolves_and_skips_non_http() -> None:
    html = """
      <a href="/a/">A</a> <a href="b/?x=1#top">B</a> <a href="#top">top</a>
      <a href="mailto:x@jiyang.gov.cn">m</a> <a href="javascript:void(0)">j</a>
      <img src="/static/logo.png"> <a href="https://www.gov.cn/">gov</a> <a href="/a/">again</a>
    """
    assert linkcheck.extract_links(html, f"{BASE}/p/") == [
        f"{BASE}/a/",
        f"{BASE}/p/b/?x=1",
        f"{BASE}/static/logo.png",
        "https://www.gov.cn/",
    ]


def test_origin_and_broken_status() -> None:
    assert linkcheck.same_origin(f"{BASE}/x", BASE)
    assert not linkcheck.same_origin("http://127.0.0.1:8001/x", BASE)
    assert not linkcheck.same_origin("https://127.0.0.1:8000/x", BASE)
    assert (
        linkcheck.is_broken(404)
        and linkcheck.is_broken(500)
        and linkcheck.is_broken(None)
    )
    assert not linkcheck.is_broken(200) and not linkcheck.is_broken(405)


def test_external_links_are_not_fetched_unless_switched_on() -> None:
    pages = {
        f"{BASE}/": '<a href="https://gone.example/x">x</a><a href="/ok/">ok</a>',
        f"{BASE}/ok/": "ok",
    }
    seen: list[tuple[str, str]] = []

    def fetch(url: str, method: str) -> linkcheck.Response:
        seen.append((url, method))
        if url in pages:
            return linkcheck.Response(200, "text/html", pages[url].encode())
        return linkcheck.Response(404)

    off = linkcheck.crawl(BASE, ["/"], fetch=fetch)
    assert off.problems == []
    assert all(url.startswith(BASE) for url, _m in seen)
    on = linkcheck.crawl(
        BASE, ["/"], fetch=fetch, check_external=True, external_fetch=fetch
    )
    assert [(p.kind, p.link_url) for p in on.problems] == [
        ("broken_external", "https://gone.example/x")
    ]
    # HEAD first; GET only when HEAD is refused.
    assert ("https://gone.example/x", "HEAD") in seen
    assert ("https://gone.example/x", "GET") not in seen


def test_redirects_off_site_are_not_followed() -> None:
    seen: list[str] = []

    def fetch(url: str, method: str) -> linkcheck.Response:
        seen.append(url)
        if url == f"{BASE}/":
            return linkcheck.Response(200, "text/html", b'<a href="/out/">o</a>')
        return linkcheck.Response(302, location="https://elsewhere.example/")

    result = linkcheck.crawl(BASE, ["/"], fetch=fetch)
    assert result.problems == []
    assert all(url.startswith(BASE) for url in seen)


@pytest.fixture
def local_server(transactional_db) -> Iterator[str]:
    """A live server of the portal on 127.0.0.1 (never another address)."""
    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection
    thread = LiveServerThread(
        "127.0.0.1", StaticFilesHandler, connections_override=shared, port=0
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


def test_weekly_check_finds_a_deliberately_broken_link(local_server, cast) -> None:
    notice = Notice.objects.create(
        year=2024,
        kind=Notice.Kind.PRAISE,
        title="表扬通报",
        body="正文",
        is_public=True,
    )
    notice.organisations.set([cast.unit])
    publish_notice(notice, actor=cast.office, now=at(2024, 12, 1))
    notice = through_review(notice.publication, office_desk(cast))
    # A published policy whose page does not exist: the home page links to it.
    index_publish(
        cast.other_unit,
        section="policies",
        title="失效的文件链接",
        url="/policies/documents/999999/",
        published_at=at(2024, 12, 2),
        organisation=cast.unit,
    )
    # An external link on the home page: never fetched with the switch off.
    index_publish(
        cast.liaison,
        section="policies",
        title="外部链接",
        url="https://www.gov.cn/zhengce/",
        published_at=at(2024, 12, 3),
        organisation=cast.unit,
    )
    # The published notice (its version row written by publishing) carries an
    # unconfirmed proofreading finding.
    notice_type = ContentType.objects.get_for_model(PublicNotice)
    ProofFinding.objects.create(
        content_type=notice_type,
        object_id=str(notice.pk),
        version=1,
        field="body",
        start=0,
        end=2,
        matched="正文",
        category="wrong_word",
        severity=2,
    )

    requested: list[str] = []

    def fetch(url: str, method: str) -> linkcheck.Response:
        assert url.startswith(local_server + "/"), url
        requested.append(url)
        return linkcheck.http_fetch(url, method, timeout=20)

    run = run_link_check(now=at(2024, 12, 8), base_url=local_server, fetch=fetch)
    assert run.pages_checked >= 3 and not run.external_checked
    findings = {
        (f.kind, f.page_url, f.link_url) for f in LinkFinding.objects.filter(run=run)
    }
    broken = local_server + "/policies/documents/999999/"
    assert ("broken_internal", "/", broken) in findings
    assert ("page_unreachable", "/policies/documents/999999/", "") in findings
    assert ("proofreading", f"/supervision/notices/{notice.pk}/", "") in findings
    assert not any(kind == "broken_external" for kind, _p, _l in findings)
    assert all("gov.cn" not in url for url in requested)
    # Nothing else on the portal's pages is broken.
    assert {link for kind, _p, link in findings if kind == "broken_internal"} == {
        broken
    }
    unreachable = LinkFinding.objects.get(run=run, kind="page_unreachable")
    assert unreachable.organisation == cast.unit


def test_task_records_a_run_even_with_nothing_listening(db, settings) -> None:
    # Port 9 on 127.0.0.1 (discard) is closed: the home page is unreachable.
    settings.SUPERVISION_SITE_BASE_URL = "http://127.0.0.1:9"
    result = check_links_task.delay().get()
    assert result["pages"] == 1
    assert LinkFinding.objects.get().kind == "page_unreachable"


def test_beat_runs_the_link_check_weekly_and_reminders_daily(settings) -> None:
    entries = {e["task"]: e["schedule"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    weekly = entries["supervision.check_links"]
    assert weekly.day_of_week == {0}  # Sunday
    assert len(entries["supervision.send_reminders"].day_of_week) == 7
