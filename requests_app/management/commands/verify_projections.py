"""Recompute every application's stored state from its events and report differences."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from portal.selectors import work_calendar
from requests_app.selectors import projection_mismatches
from requests_app.services import fee_pauses_clock


class Command(BaseCommand):
    help = "核对依申请公开申请的状态和答复期限是否与办理记录一致"

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for mismatch in projection_mismatches(
            work_calendar(), fee_pauses_clock=fee_pauses_clock()
        ):
            count += 1
            self.stdout.write(
                f"申请 #{mismatch.application_id} {mismatch.field}: "
                f"记录值 {mismatch.stored!r}，按办理记录应为 {mismatch.derived!r}"
            )
        if count:
            raise CommandError(f"发现 {count} 处不一致。")
        self.stdout.write(self.style.SUCCESS("全部一致。"))
