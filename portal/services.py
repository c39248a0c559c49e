"""Writes of the site core: organisations, calendar overrides, site settings, the
publication index."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models, transaction

from portal.caching import bump, record_name
from portal.models import CalendarOverride, IndexEntry, Organisation
from portal.search.fields import search_fields
from portal.selectors import SITE_SETTINGS_CACHE_KEY


def site_settings_changed() -> None:
    """Drop the cached site settings so the next page shows the saved values."""
    cache.delete(SITE_SETTINGS_CACHE_KEY)
    bump("settings")


@transaction.atomic
def organisation_set_parent(
    organisation: Organisation, parent: Organisation | None
) -> None:
    """Move ``organisation`` under ``parent``; refuses a move that would make a loop."""
    organisation.parent = parent
    organisation.full_clean()
    organisation.save(update_fields=["parent", "updated_at"])


def calendar_override_set(
    day: datetime.date, *, is_workday: bool, note: str = ""
) -> CalendarOverride:
    """Record that ``day`` is (not) a working day, overriding the package data."""
    override, _created = CalendarOverride.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note}
    )
    return override


def index_publish(
    obj: models.Model,
    *,
    section: str,
    title: str,
    url: str,
    published_at: datetime.datetime,
    organisation: Organisation | None = None,
    summary: str = "",
    body: str = "",
) -> IndexEntry:
    """Write or refresh ``obj``'s entry in the publication index.

    Call it whenever ``obj`` becomes publicly visible or its public text changes.
    """
    content_type = ContentType.objects.get_for_model(obj)
    defaults: dict[str, Any] = {
        "section": section,
        "title": title[:300],
        "url": url,
        "published_at": published_at,
        "organisation": organisation,
        "summary": summary,
        "body": body,
        **search_fields(title, summary, body),
    }
    entry, _created = IndexEntry.objects.update_or_create(
        content_type=content_type, object_id=str(obj.pk), defaults=defaults
    )
    # Retire every cached page that lists or shows it (see portal.caching).
    bump("index", f"section:{section}", record_name(obj))
    return entry


def index_withdraw(obj: models.Model) -> int:
    """Remove ``obj`` from the publication index (withdrawn, unpublished or deleted)."""
    content_type = ContentType.objects.get_for_model(obj)
    entries = IndexEntry.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    )
    sections = set(entries.values_list("section", flat=True))
    deleted, _ = entries.delete()
    bump("index", record_name(obj), *(f"section:{s}" for s in sorted(sections)))
    return deleted
