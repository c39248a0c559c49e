"""Recompute every ledger task's stored state from its events and report differences."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from supervision.selectors import task_projection_mismatches


class Command(BaseCommand):
    help = "核对工作台账任务的状态和进展是否与任务记录一致"

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for mismatch in task_projection_mismatches():
            count += 1
            self.stdout.write(
                f"任务 #{mismatch.task_id} {mismatch.field}: "
                f"记录值 {mismatch.stored!r}，按任务记录应为 {mismatch.derived!r}"
            )
        if count:
            raise CommandError(f"发现 {count} 处不一致。")
        self.stdout.write(self.style.SUCCESS("全部一致。"))
