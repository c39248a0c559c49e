"""Export every public document as JSON lines or XLSX (the city library's full feed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from policies.exchange import export_row, write_jsonl, write_xlsx
from policies.selectors import documents_for_export


class Command(BaseCommand):
    help = "导出全部已发布政策文件（JSON Lines 或 XLSX）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", help="输出文件路径（.jsonl 或 .xlsx）")
        parser.add_argument(
            "--base-url", default="", help="网址前缀，如 https://zwgk.jiyang.gov.cn"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: str = options["output"]
        rows = (
            export_row(d, options["base_url"])
            for d in documents_for_export(timezone.now()).iterator(chunk_size=500)
        )
        if output.endswith(".xlsx"):
            with open(output, "wb") as handle:
                count = write_xlsx(rows, handle)
        else:
            with open(output, "w", encoding="utf-8") as handle:
                count = write_jsonl(rows, handle)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 件文件到 {output}"))
