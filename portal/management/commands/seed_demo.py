"""Load demo data: organisations, site settings, staff logins, and each app's demo content.

Idempotent: every row is keyed on a natural key, so running it twice creates nothing new.
Apps add their demo content through ``portal.demo_registry``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from portal import demo, demo_registry


class Command(BaseCommand):
    help = "载入演示数据（可重复执行，不会产生重复记录）"

    def handle(self, *args: Any, **options: Any) -> None:
        units = demo.seed_organisations()
        logins = demo.seed_staff(units)
        for name, seeder in demo_registry.seeders():
            summary = seeder()
            self.stdout.write(f"  {name}: {summary}")
        self.stdout.write(
            self.style.SUCCESS(
                f"机构 {len(units)} 个，演示账号（密码均为 {demo.DEMO_PASSWORD}）："
            )
        )
        for login in logins:
            self.stdout.write(
                f"  {login.username:<16} {login.role:<10} {login.organisation}"
            )
