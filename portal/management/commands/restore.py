"""``manage.py restore PATH``: bring back a ``backup`` archive and verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import backup


class Command(BaseCommand):
    help = "从备份归档恢复数据库与上传文件，并核对关键数据表的行数与校验和"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="backup 命令生成的归档文件")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="目标数据库非空时不再询问，直接覆盖",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        using = options["database"]
        if options["interactive"] and not backup.database_is_empty(using):
            answer = input("目标数据库已有数据，恢复将覆盖全部内容。输入 yes 继续：")
            if answer.strip() != "yes":
                raise CommandError("已取消恢复。")
        try:
            result = backup.restore_backup(path, using=using)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for label, table in result.tables.items():
            self.stdout.write(f"  {label:<32} {table.rows:>9} 行  一致")
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{path}（备份时间 {result.manifest.created_at}，"
                f"上传文件 {result.media_files} 个）"
            )
        )
