"""Celery tasks of the publishing mechanism."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal.publishing.services import publish_due


@shared_task(name="portal.publish_due")
def publish_due_task() -> int:
    """Publish scheduled records whose time has come (idempotent sweep)."""
    return publish_due(timezone.now())
