from __future__ import annotations

import pytest

from portal import health

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_all_usable(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] in {"eager", "ok"}


def test_healthz_is_503_when_the_broker_is_unreachable(client, settings) -> None:
    from portal.celery import app

    app.conf.task_always_eager = False
    previous = app.conf.broker_url
    # A closed port on this machine: nothing listens there, so the check fails fast.
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = previous
    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["status"] == "error"


def test_healthz_is_503_when_the_cache_fails(client, settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    from django.core.cache import caches

    caches._settings = None  # type: ignore[attr-defined]
    try:
        assert health.check_cache() == "error"
    finally:
        caches._settings = None  # type: ignore[attr-defined]
