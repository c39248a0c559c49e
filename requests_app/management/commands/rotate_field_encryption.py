"""Re-encrypt every encrypted field under the current ``FIELD_ENCRYPTION_KEY``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from requests_app import crypto
from requests_app.models import Application

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt stored identity numbers under FIELD_ENCRYPTION_KEY and recompute "
        "their look-up hashes. Run after moving the previous key to "
        "FIELD_ENCRYPTION_OLD_KEYS; afterwards that old key only serves query codes."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Application.objects.exclude(id_number_encrypted="").only(
            "pk", "id_number_encrypted", "id_number_hash"
        )
        changed: list[Application] = []
        # One transaction: a value no key opens stops the run with nothing written.
        with transaction.atomic():
            for application in (
                rows.select_for_update().order_by("pk").iterator(chunk_size=BATCH)
            ):
                try:
                    plain = crypto.decrypt(application.id_number_encrypted)
                    application.id_number_encrypted = crypto.rotate(
                        application.id_number_encrypted
                    )
                except crypto.DecryptionError as exc:
                    raise CommandError(
                        f"申请 #{application.pk} 的证件号码无法用已配置的密钥解密，"
                        "未做任何修改。请检查 FIELD_ENCRYPTION_OLD_KEYS。"
                    ) from exc
                application.id_number_hash = crypto.lookup_hash(plain)
                changed.append(application)
                if len(changed) >= BATCH:
                    self._save(changed)
                    changed = []
            self._save(changed)
        total = rows.count()
        self.stdout.write(f"已用当前密钥重新加密 {total} 条证件号码。")

    def _save(self, applications: list[Application]) -> None:
        if applications:
            Application.objects.bulk_update(
                applications, ["id_number_encrypted", "id_number_hash"]
            )
