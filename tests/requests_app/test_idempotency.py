"""Filing the same submission twice files once (issue 8 §3).

A double click, a re-sent form or an API retry would otherwise start a second statutory
deadline. The API takes an ``Idempotency-Key`` header, the page a one-time form token.
"""

from __future__ import annotations

import datetime
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from requests_app import services
from requests_app.models import Application, FilingKey
from tests.requests_app.test_api import NATURAL
from tests.requests_app.test_public_pages import form_data

pytestmark = pytest.mark.django_db


def file_by_api(unit, key: str, **overrides: str):  # type: ignore[no-untyped-def]
    return APIClient().post(
        "/api/v1/requests/",
        {**NATURAL, "organisation": unit.code, **overrides},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_an_api_retry_with_the_same_key_returns_the_first_application(unit) -> None:
    first = file_by_api(unit, "retry-1")
    again = file_by_api(unit, "retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same serial number and query code
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1
    other = file_by_api(unit, "retry-2")
    assert other.json()["serial_number"] != first.json()["serial_number"]


def test_a_key_reused_for_different_content_is_refused(unit) -> None:
    assert file_by_api(unit, "k").status_code == 201
    response = file_by_api(unit, "k", description="另一项申请的内容描述")
    assert response.status_code == 409
    assert "幂等键已用于内容不同的另一份申请" in response.content.decode()
    assert Application.objects.count() == 1


def test_a_refused_filing_does_not_use_up_the_key(unit) -> None:
    bad = file_by_api(unit, "typo", id_number="123")
    assert bad.status_code == 400
    assert not FilingKey.objects.exists()
    assert file_by_api(unit, "typo").status_code == 201


def test_retries_do_not_count_toward_the_filing_limit(unit, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "2/hour",
        },
    }
    codes = [file_by_api(unit, "same").status_code for _ in range(4)]
    assert codes == [201] * 4
    assert file_by_api(unit, "new").status_code == 201
    assert file_by_api(unit, "newer").status_code == 429


def test_the_key_expires_after_the_window(unit) -> None:
    data = services.ApplicationInput(
        applicant_type="natural",
        name="王五",
        phone="13805310003",
        description="请公开某项信息",
        delivery_method="email",
        form="electronic",
        id_type="resident_id",
        id_number="11010519491231002X",
        email="w@example.com",
    )
    now = timezone.now()
    first = services.submit_application_once("k", data, organisation=unit, now=now)
    later = services.submit_application_once(
        "k", data, organisation=unit, now=now + datetime.timedelta(minutes=61)
    )
    assert not later.replayed
    assert (
        later.submission.application.pk != first.submission.application.pk
    )  # a new filing after the window
    assert FilingKey.objects.count() == 1  # the stale key was purged


def without_csrf(html: str) -> str:
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", html)


def test_the_page_form_sent_twice_files_once(client, unit) -> None:
    page = client.get(reverse("requests:apply")).content.decode()
    assert 'name="form_token"' in page
    data = form_data(unit, form_token="token-from-the-page-0001")
    first = client.post(reverse("requests:apply"), data)
    receipt = without_csrf(client.get(first["Location"]).content.decode())
    second = client.post(reverse("requests:apply"), data)
    assert first.status_code == second.status_code == 302
    # The same serial number and query code are shown again.
    assert without_csrf(client.get(second["Location"]).content.decode()) == receipt
    assert Application.objects.get().serial_number in receipt


def test_a_bad_form_keeps_its_token(client, unit) -> None:
    data = form_data(unit, form_token="token-kept-0001", id_number="123")
    response = client.post(reverse("requests:apply"), data)
    assert response.status_code == 200
    assert 'value="token-kept-0001"' in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_api_retries_file_once(unit) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks on the unique key are what is tested (PostgreSQL)")
    threads = 6
    barrier = threading.Barrier(threads)
    results: list[tuple[int, dict[str, str]]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            response = file_by_api(unit, "concurrent-key")
            results.append((response.status_code, response.json()))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not errors
    assert [code for code, _ in results] == [201] * threads
    assert len({body["serial_number"] for _, body in results}) == 1
    assert len({body["query_code"] for _, body in results}) == 1
    assert Application.objects.count() == 1


def test_the_staff_registration_form_has_no_token(client, handler) -> None:
    client.force_login(handler)
    page = client.get(reverse("requests:staff-register")).content.decode()
    assert "form_token" not in page and "Form token" not in page
