"""Run the website check and store its findings by unit (weekly, DESIGN: Time-driven work)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max

from portal.models import IndexEntry, ProofFinding, PublishedVersion
from supervision import linkcheck
from supervision.models import LinkCheckRun, LinkFinding

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _proofreading_findings(entries: list[IndexEntry]) -> list[tuple[IndexEntry, int]]:
    """Published records whose published version has unconfirmed proofreading findings."""
    keys = {(e.content_type_id, e.object_id): e for e in entries}
    if not keys:
        return []
    versions = {
        (row["content_type"], row["object_id"]): row["v"]
        for row in PublishedVersion.objects.filter(
            content_type__in={ct for ct, _o in keys}
        )
        .values("content_type", "object_id")
        .annotate(v=Max("version"))
    }
    counts: dict[tuple[int, str], int] = {}
    for row in (
        ProofFinding.objects.filter(
            content_type__in={ct for ct, _o in keys}, overridden_at__isnull=True
        )
        .values("content_type", "object_id", "version")
        .annotate(n=Count("pk"))
    ):
        key = (row["content_type"], row["object_id"])
        if key in keys and versions.get(key) == row["version"]:
            counts[key] = row["n"]
    return [(keys[key], n) for key, n in counts.items()]


def run_link_check(
    *,
    now: datetime.datetime,
    base_url: str | None = None,
    check_external: bool | None = None,
    fetch: linkcheck.Fetch = linkcheck.http_fetch,
) -> LinkCheckRun:
    """Crawl the home page and every published page, and record what is broken."""
    # Optional settings (defaults here so the project runs without them): the
    # portal's own address as the checker reaches it, and the external-link switch.
    base = str(
        base_url or getattr(settings, "SUPERVISION_SITE_BASE_URL", DEFAULT_BASE_URL)
    ).rstrip("/")
    external = (
        bool(getattr(settings, "SUPERVISION_CHECK_EXTERNAL_LINKS", False))
        if check_external is None
        else check_external
    )
    max_pages = int(getattr(settings, "SUPERVISION_LINK_CHECK_MAX_PAGES", 2000))
    run = LinkCheckRun.objects.create(
        started_at=now, base_url=base, external_checked=external
    )
    entries = list(
        IndexEntry.objects.only(
            "id", "url", "organisation_id", "content_type_id", "object_id"
        ).order_by("-published_at")[:max_pages]
    )
    owner: dict[str, Any] = {}
    for entry in entries:
        owner.setdefault(_path(entry.url), entry.organisation_id)
    result = linkcheck.crawl(
        base,
        ["/", *[entry.url for entry in entries]],
        fetch=fetch,
        max_pages=max_pages,
        check_external=external,
    )
    findings = [
        LinkFinding(
            run=run,
            kind=problem.kind,
            page_url=_path(problem.page_url)[:500],
            link_url=problem.link_url[:500],
            status_code=problem.status,
            detail=problem.detail[:300],
            organisation_id=owner.get(_path(problem.page_url)),
        )
        for problem in result.problems
    ]
    findings += [
        LinkFinding(
            run=run,
            kind=LinkFinding.Kind.PROOFREADING,
            page_url=_path(entry.url)[:500],
            detail=f"{n} 处未确认的校对问题",
            organisation_id=entry.organisation_id,
        )
        for entry, n in _proofreading_findings(entries)
    ]
    LinkFinding.objects.bulk_create(findings)
    run.pages_checked = result.pages_checked
    run.links_checked = result.links_checked
    run.finished_at = now
    run.save(update_fields=["pages_checked", "links_checked", "finished_at"])
    return run
