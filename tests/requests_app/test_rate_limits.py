"""Rate limits of filing and tracking hold behind a proxy (issue 8 §3).

A client is the address the trusted proxy reports: a changing ``X-Forwarded-For`` does
not make a new client. Only accepted filings and failed look-ups count, and a refusal
says how long to wait and whom to call.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from portal.clients import client_address
from portal.models import SiteSettings
from requests_app.models import Application
from tests.requests_app.factories import ApplicationFactory
from tests.requests_app.test_api import NATURAL
from tests.requests_app.test_public_pages import form_data

pytestmark = pytest.mark.django_db

OFFICE_PHONE = "0531-84236000"


@pytest.fixture(autouse=True)
def small_limits(settings) -> Iterator[None]:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "3/hour",
            "tracking": "4/hour",
        },
    }
    row = SiteSettings.objects.order_by("pk").first() or SiteSettings()
    row.contact_phone = OFFICE_PHONE
    row.save()
    yield


def spoofed(i: int) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{i}", "REMOTE_ADDR": "198.51.100.7"}


def test_page_filings_with_changing_forwarded_for_are_throttled(client, unit) -> None:
    codes = [
        client.post(
            reverse("requests:apply"), form_data(unit), **spoofed(i)
        ).status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Application.objects.count() == 3


def test_api_filings_with_changing_forwarded_for_are_throttled(unit) -> None:
    api = APIClient()
    codes = [
        api.post(
            "/api/v1/requests/",
            {**NATURAL, "organisation": unit.code},
            format="json",
            **spoofed(i),
        ).status_code
        for i in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    assert Application.objects.count() == 3


def test_page_lookups_with_changing_forwarded_for_are_throttled(client, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    codes = [
        client.post(
            reverse("requests:track"),
            {"serial_number": application.serial_number, "query_code": f"GUESS{i:03d}"},
            **spoofed(i),
        ).status_code
        for i in range(6)
    ]
    assert codes == [404] * 4 + [429] * 2


def test_api_lookups_with_changing_forwarded_for_are_throttled(unit) -> None:
    application = ApplicationFactory(organisation=unit)
    api = APIClient()
    codes = [
        api.post(
            "/api/v1/requests/track/",
            {"serial_number": application.serial_number, "query_code": f"X{i:07d}"},
            format="json",
            **spoofed(i),
        ).status_code
        for i in range(6)
    ]
    assert codes == [404] * 4 + [429] * 2


def test_behind_one_trusted_proxy_the_proxy_reported_address_counts(
    client, unit, settings
) -> None:
    """With one proxy, only the address it appended is used; the rest is a claim."""
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [
        client.post(
            reverse("requests:apply"),
            form_data(unit),
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 192.0.2.1",
            REMOTE_ADDR="172.18.0.2",
        ).status_code
        for i in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    # Another real client (another address appended by the proxy) is not affected.
    other = client.post(
        reverse("requests:apply"),
        form_data(unit),
        HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.2",
        REMOTE_ADDR="172.18.0.2",
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "198.51.100.7"),
        (1, "1.2.3.4, 5.6.7.8", "5.6.7.8"),
        (2, "1.2.3.4, 5.6.7.8", "1.2.3.4"),
        (3, "5.6.7.8", "5.6.7.8"),
        (1, "", "198.51.100.7"),
        (1, "not-an-address", ""),
    ],
)
def test_client_address(settings, rf, proxies, forwarded, expected) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_typos_do_not_count_toward_the_filing_limit(client, unit) -> None:
    for _ in range(6):
        response = client.post(
            reverse("requests:apply"), form_data(unit, id_number="123")
        )
        assert response.status_code == 200
    for _ in range(3):
        assert (
            client.post(reverse("requests:apply"), form_data(unit)).status_code == 302
        )
    assert Application.objects.count() == 3


def test_successful_lookups_do_not_count(client, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    good = {
        "serial_number": application.serial_number,
        "query_code": application._query_code,
    }
    for _ in range(6):
        assert client.post(reverse("requests:track"), good).status_code == 200


def test_refusal_says_how_long_to_wait_and_whom_to_call(client, unit) -> None:
    for _ in range(3):
        client.post(reverse("requests:apply"), form_data(unit))
    response = client.post(reverse("requests:apply"), form_data(unit))
    body = response.content.decode()
    assert response.status_code == 429
    # Fixed windows of the period: the wait is what is left of this one.
    assert re.search(r"提交过于频繁，请(1小时|\d+分钟)后再试", body)
    assert OFFICE_PHONE in body
    assert 'value="张三"' in body  # what was typed is kept
    assert 0 < int(response["Retry-After"]) <= 3600

    api = APIClient()
    refused = api.post(
        "/api/v1/requests/", {**NATURAL, "organisation": unit.code}, format="json"
    )
    assert refused.status_code == 429
    assert OFFICE_PHONE in refused.json()["detail"]
    assert re.search(r"请(1小时|\d+分钟)后再试", refused.json()["detail"])
    assert int(refused["Retry-After"]) > 0


def test_refused_filings_save_nothing(client, unit) -> None:
    for _ in range(5):
        client.post(reverse("requests:apply"), form_data(unit))
    assert Application.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_of_filings_cannot_slip_under_the_limit(unit) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("parallel requests need a database that takes concurrent writers")
    threads = 8
    barrier = threading.Barrier(threads)
    codes: list[int] = []

    def worker(i: int) -> None:
        try:
            barrier.wait()
            response = APIClient().post(
                "/api/v1/requests/",
                {**NATURAL, "organisation": unit.code},
                format="json",
                **spoofed(i),
            )
            codes.append(response.status_code)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert sorted(codes) == [201] * 3 + [429] * 5
    assert Application.objects.count() == 3
