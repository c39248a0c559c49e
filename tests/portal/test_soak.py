"""Soak: thousands of 依申请公开 filings at once through the API, each stored exactly once.

Requests only: the 书记/区长信箱 letters are built on another branch and get their own
soak when they land. PostgreSQL only (SQLite serialises every writer, so concurrency
there proves nothing). The count is ``SOAK_REQUESTS`` (2,000 by default, as in CI).
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from requests_app.models import Application, ApplicationEvent
from tests.portal.factories import OrganisationFactory
from tests.requests_app.factories import resident_id

COUNT = int(os.environ.get("SOAK_REQUESTS", "2000"))
THREADS = int(os.environ.get("SOAK_THREADS", "16"))
RAISED = {
    "anon": "1000000/minute",
    "user": "1000000/minute",
    "filing": "1000000/minute",
}

pytestmark = [
    pytest.mark.soak,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def raised_throttles(settings, monkeypatch) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **RAISED}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }
    # DRF copies the rates onto the throttle class when it is imported.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def _payload(n: int, unit_code: str) -> dict[str, str]:
    return {
        "applicant_type": "natural",
        "name": f"压测申请人{n}",
        "id_type": "resident_id",
        "id_number": resident_id(n),
        "phone": f"138{n:08d}",
        "description": f"压测第{n}号：请公开本单位2025年度部门预算说明。",
        "delivery_method": "online",
        "form": "electronic",
        "organisation": unit_code,
    }


def test_concurrent_filings_are_each_stored_once_with_one_serial_and_one_event(
    raised_throttles,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the soak runs on PostgreSQL (set DATABASE_URL)")
    unit = OrganisationFactory(name="济阳区财政局", code="czj")
    results: dict[int, tuple[int, str]] = {}
    lock = threading.Lock()

    def worker(numbers: range) -> None:
        client = APIClient()
        try:
            for n in numbers:
                response = client.post(
                    "/api/v1/requests/", _payload(n, unit.code), format="json"
                )
                body = response.json()
                serial = (
                    body.get("serial_number", "")
                    if response.status_code == 201
                    else str(body)
                )
                with lock:
                    results[n] = (response.status_code, serial)
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [
        threading.Thread(target=worker, args=(range(i, COUNT, THREADS),))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    statuses = Counter(status for status, _ in results.values())
    assert statuses == {201: COUNT}, statuses
    serials = [serial for _, serial in results.values()]
    assert len(set(serials)) == COUNT

    stored = Application.objects.filter(organisation=unit)
    assert stored.count() == COUNT
    names = Counter(stored.values_list("name", flat=True))
    assert set(names) == {f"压测申请人{n}" for n in range(COUNT)}
    assert max(names.values()) == 1
    assert sorted(stored.values_list("serial_number", flat=True)) == sorted(serials)
    per_application = Counter(
        ApplicationEvent.objects.filter(application__organisation=unit).values_list(
            "application_id", flat=True
        )
    )
    assert len(per_application) == COUNT
    assert set(per_application.values()) == {1}
    print(f"\nsoak: {COUNT} filings on {THREADS} threads in {elapsed:.1f}s")
