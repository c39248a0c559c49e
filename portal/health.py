"""Health checks of the database, the cache and the Celery broker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from portal.celery import app as celery_app


@dataclass(frozen=True)
class HealthReport:
    database: str
    cache: str
    broker: str

    @property
    def healthy(self) -> bool:
        return all(
            v in {"ok", "eager"} for v in (self.database, self.cache, self.broker)
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "status": "ok" if self.healthy else "error",
            "database": self.database,
            "cache": self.cache,
            "broker": self.broker,
        }


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not usable"
        return "error"
    return "ok"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # noqa: BLE001
        return "error"
    return "ok" if ok else "error"


def check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001
        return "error"
    return "ok"


def health_report() -> HealthReport:
    return HealthReport(
        database=check_database(), cache=check_cache(), broker=check_broker()
    )
