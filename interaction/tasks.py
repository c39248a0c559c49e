"""Celery tasks of interaction: thin adapters over services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from interaction.services import consultations, mailbox

RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="interaction.send_letter_reminders", **RETRY)
def send_letter_reminders_task() -> dict[str, int]:
    result = mailbox.send_letter_reminders(now=timezone.now())
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}


@shared_task(name="interaction.close_due_consultations", **RETRY)
def close_due_consultations_task() -> dict[str, int]:
    return {"closed": consultations.close_due_consultations(now=timezone.now())}
