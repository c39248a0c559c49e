"""Reads of proactive disclosure; every public path goes through ``public_items``."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from disclosure.models import InformationItem


def public_items(now: datetime.datetime | None = None) -> QuerySet[InformationItem]:
    """Items the public may see in lists, feeds, the API and exports."""
    return InformationItem.objects.public(now).select_related("organisation")


def item_page(pk: int) -> InformationItem | None:
    """Return the item whose page may be opened (public or withdrawn with notice)."""
    return (
        InformationItem.objects.public_pages()
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )
