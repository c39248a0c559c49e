"""Celery tasks of the site core (thin adapters over selectors and services)."""

from __future__ import annotations

import socket

from celery import shared_task


@shared_task(name="portal.ping")
def ping(value: int) -> dict[str, object]:
    """Answer with ``value + 1`` and the worker's host name (proves the broker path)."""
    return {"value": value + 1, "host": socket.gethostname()}


# Tasks of the shared mechanisms, so autodiscovery (which imports portal.tasks) sees them.
from portal.publishing.tasks import publish_due_task  # noqa: E402

__all__ = ["ping", "publish_due_task"]
