"""Celery tasks of annual reports: thin adapters over the services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from disclosure.reports import services

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="disclosure.reports.run_generation")
def run_generation_task(run_pk: int) -> int:
    run = services.run_generation(run_pk, now=timezone.now())
    return run.done if run else 0


@shared_task(name="disclosure.reports.draft_last_year", **RETRY)
def draft_last_year_reports_task() -> int:
    now = timezone.now()
    today = timezone.localdate(now)
    return services.draft_last_year_reports(today=today, now=now)


@shared_task(name="disclosure.reports.remind_unpublished", **RETRY)
def remind_unpublished_reports_task() -> dict[str, int]:
    now = timezone.now()
    today = timezone.localdate(now)
    result = services.remind_unpublished_reports(today=today, now=now)
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}
