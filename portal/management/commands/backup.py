"""``manage.py backup [PATH]``: the database and the media files into one archive."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import backup

_FILESYSTEM = "django.core.files.storage.FileSystemStorage"


class Command(BaseCommand):
    help = "备份数据库与上传文件（含校验清单）到一个归档文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="归档文件路径；省略时写入 backups/portal-<时间>.tar.gz",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(options["path"] or f"backups/portal-{stamp}.tar.gz")
        try:
            manifest = backup.create_backup(path, using=options["database"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if settings.STORAGES["default"]["BACKEND"] != _FILESYSTEM:
            self.stderr.write(
                self.style.WARNING(
                    "上传文件存放在对象存储中，未包含在本归档内；请使用存储桶的版本控制或复制备份。"
                )
            )
        for label, table in manifest.tables.items():
            self.stdout.write(
                f"  {label:<32} {table.rows:>9} 行  {table.checksum[:16]}"
            )
        media = sum(
            1 for name in manifest.files if name.startswith(backup.MEDIA_PREFIX)
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（{manifest.vendor}，上传文件 {media} 个）"
            )
        )
