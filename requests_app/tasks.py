"""Celery tasks of on-request disclosure: thin adapters over services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from requests_app import services


@shared_task(name="requests_app.send_deadline_reminders")
def send_deadline_reminders_task() -> dict[str, int]:
    result = services.send_deadline_reminders(now=timezone.now())
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}


@shared_task(name="requests_app.close_lapsed_applications")
def close_lapsed_applications_task() -> dict[str, int]:
    result = services.close_lapsed_applications(now=timezone.now())
    return {"closed": result.closed}
