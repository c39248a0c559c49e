"""Celery tasks of supervision: thin adapters over services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from supervision.services.reminders import send_supervision_reminders
from supervision.services.sitecheck import run_link_check

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="supervision.send_reminders", **RETRY)
def send_reminders_task() -> dict[str, int]:
    result = send_supervision_reminders(timezone.now())
    return {
        "tasks": result.tasks.sent,
        "activities": result.activities.sent,
        "accounts": result.accounts.sent,
    }


@shared_task(name="supervision.check_links", **RETRY)
def check_links_task() -> dict[str, int]:
    run = run_link_check(now=timezone.now())
    return {"run": run.pk, "pages": run.pages_checked, "links": run.links_checked}
