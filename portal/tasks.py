"""Celery tasks of the site core (thin adapters over selectors and services)."""

from __future__ import annotations

import socket

from celery import shared_task


@shared_task(name="portal.ping")
def ping(value: int) -> dict[str, object]:
    """Answer with ``value + 1`` and the worker's host name (proves the broker path)."""
    return {"value": value + 1, "host": socket.gethostname()}
