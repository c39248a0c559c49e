"""Celery tasks of proactive disclosure: thin adapters over services, safe to rerun."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from disclosure.subscriptions import send_digests


@shared_task(name="disclosure.send_subscription_digests")
def send_subscription_digests_task() -> int:
    """Send each confirmed subscription today's digest (once per day, by marker)."""
    return send_digests(timezone.now())
