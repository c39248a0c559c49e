"""Site-wide feed and sitemap, read from the publication index only."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed

from portal.models import IndexEntry


class LatestEntriesFeed(Feed):
    title = "济阳区政务公开平台 · 最新发布"
    link = "/"
    description = "济南市济阳区政务公开平台最新发布的信息"

    def items(self) -> list[IndexEntry]:
        # The search columns are large and a feed item never shows them.
        return list(
            IndexEntry.objects.defer("search_tokens", "search_vector", "body").order_by(
                "-published_at", "-id"
            )[:50]
        )

    def item_title(self, item: IndexEntry) -> str:
        return item.title

    def item_description(self, item: IndexEntry) -> str:
        return item.summary

    def item_link(self, item: IndexEntry) -> str:
        return item.url

    def item_pubdate(self, item: IndexEntry) -> datetime.datetime:
        return item.published_at


class IndexSitemap(Sitemap):
    """Every published item; withdrawn or unpublished items have no index entry."""

    limit = 5000

    def items(self) -> Any:
        return IndexEntry.objects.order_by("id").only("url", "updated_at")

    def location(self, item: IndexEntry) -> str:
        return item.url

    def lastmod(self, item: IndexEntry) -> datetime.datetime:
        return item.updated_at
