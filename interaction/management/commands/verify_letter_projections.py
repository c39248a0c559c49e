"""Recompute every mailbox letter's stored state from its events and report differences."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from interaction.selectors import letter_projection_mismatches
from portal.selectors import work_calendar


class Command(BaseCommand):
    help = "核对区长信箱来信的状态、承办单位和答复期限是否与办理记录一致"

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = letter_projection_mismatches(work_calendar())
        for m in mismatches:
            self.stdout.write(
                f"来信 #{m.letter_id} {m.field}: 记录值 {m.stored!r}，按办理记录应为 {m.derived!r}"
            )
        if mismatches:
            raise CommandError(f"发现 {len(mismatches)} 处不一致。")
        self.stdout.write(self.style.SUCCESS("全部一致。"))
