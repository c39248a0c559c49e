"""Celery tasks of the policy library: thin adapters over services."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from policies import services


@shared_task(name="policies.apply_due_status_changes")
def apply_due_status_changes_task() -> int:
    """Daily: 施行日期 reached → 有效, 有效期至 passed → 失效 (idempotent, catches up)."""
    now = timezone.now()
    return services.apply_due_status_changes(timezone.localdate(now), now)


@shared_task(
    name="policies.run_import",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def run_import_task(job_id: int) -> None:
    """Run one bulk-import job (progress is written to the job row as it goes)."""
    from policies.importing import run_import

    run_import(job_id)
