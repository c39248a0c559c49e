"""Recompute the search columns of every entry in the publication index.

Run after the tokenizer changes (its tables in ``portal/cjk.py`` included) or on a
database whose entries predate the search columns.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal.models import IndexEntry
from portal.search.fields import search_fields


class Command(BaseCommand):
    help = "重新计算全站检索索引的分词与检索向量"

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for entry in IndexEntry.objects.all().iterator(chunk_size=500):
            for name, value in search_fields(
                entry.title, entry.summary, entry.body
            ).items():
                setattr(entry, name, value)
            entry.save(update_fields=["search_tokens", "search_vector", "search_lossy"])
            count += 1
        self.stdout.write(f"已重建 {count} 条检索索引。")
