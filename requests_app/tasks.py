"""Celery tasks of on-request disclosure: thin adapters over services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from requests_app import services

# A dropped database connection is worth a retry; everything else is a bug to see.
RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="requests_app.send_deadline_reminders", **RETRY)
def send_deadline_reminders_task() -> dict[str, int]:
    result = services.send_deadline_reminders(now=timezone.now())
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}


@shared_task(name="requests_app.close_lapsed_applications", **RETRY)
def close_lapsed_applications_task() -> dict[str, int]:
    result = services.close_lapsed_applications(now=timezone.now())
    return {"closed": result.closed}
