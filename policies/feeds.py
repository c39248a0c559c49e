"""RSS feed of newly published documents (public ones only)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from policies.models import Document
from policies.selectors import document_list_rows, issuer_names, public_documents

FEED_SIZE = 30


class LatestDocumentsFeed(Feed):  # type: ignore[type-arg]
    title = "济阳区政府文件库 · 最新文件"
    description = "济南市济阳区人民政府及其部门最新发布的政策文件。"

    def link(self) -> str:
        return reverse("policies:document-list")

    def items(self) -> QuerySet[Document]:
        return document_list_rows(public_documents(timezone.now())).order_by(
            "-published_at", "-id"
        )[:FEED_SIZE]

    def item_title(self, item: Document) -> str:
        return f"{item.title}（{item.doc_number}）" if item.doc_number else item.title

    def item_description(self, item: Document) -> str:
        parts = ["发文机关：" + "、".join(issuer_names(item))]
        parts.append(f"效力状态：{item.get_status_display()}")
        return "；".join(parts)

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Document) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Document) -> datetime.datetime | None:
        return item.updated_at
