"""Garbage in any public or staff input gives a Chinese message or a 4xx, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from requests_app.models import Application
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "'; DROP TABLE x; --",
    "\x00",
    "９" * 300,
    "<script>alert(1)</script>",
    "-1",
    "１２",
]


@pytest.mark.parametrize("value", NASTY)
def test_public_pages_survive_garbage(client, unit, value: str) -> None:
    for url, params in [
        (reverse("requests:case-list"), {"q": value, "topic": value, "page": value}),
        (reverse("requests:index"), {"page": value}),
    ]:
        assert client.get(url, params).status_code == 200
    response = client.post(
        reverse("requests:track"), {"serial_number": value, "query_code": value}
    )
    assert response.status_code in (200, 404)
    response = client.post(
        reverse("requests:apply"),
        {
            field: value
            for field in [
                "organisation",
                "applicant_type",
                "name",
                "id_type",
                "id_number",
                "phone",
                "description",
                "delivery_method",
                "form",
                "email",
            ]
        },
    )
    assert response.status_code == 200
    assert "申请未提交" in response.content.decode()
    assert Application.objects.count() == 0


@pytest.mark.parametrize("value", NASTY)
def test_api_survives_garbage(unit, value: str) -> None:
    api = APIClient()
    response = api.post(
        "/api/v1/requests/",
        {
            "applicant_type": value,
            "name": value,
            "description": value,
            "organisation": value,
        },
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        "/api/v1/requests/track/",
        {"serial_number": value, "query_code": value},
        format="json",
    )
    assert response.status_code in (400, 404)
    assert (
        api.post(
            "/api/v1/requests/", "not json", content_type="application/json"
        ).status_code
        == 400
    )


@pytest.mark.parametrize("value", NASTY)
def test_staff_steps_survive_garbage(client, unit, handler, value: str) -> None:
    application = ApplicationFactory(organisation=unit)
    client.force_login(handler)
    for action in [
        "correction",
        "extend",
        "fee",
        "reply",
        "consult",
        "transfer",
        "assign",
        "outcome",
    ]:
        response = client.post(
            reverse("requests:staff-action", args=[application.pk, action]),
            {
                "items": value,
                "applicant_due": value,
                "days": value,
                "approver": value,
                "reason": value,
                "notice_sent_on": value,
                "method": value,
                "quantity": value,
                "reply_type": value,
                "body": value,
                "delivery_method": value,
                "party": value,
                "party_name": value,
                "sent_on": value,
                "to_organisation": value,
                "handler": value,
                "proceeding": value,
                "filed_on": value,
                "result": value,
            },
        )
        # Refused steps show the form again with what was typed (400), never a 500.
        assert response.status_code in (302, 400), action
    assert (
        client.get(reverse("requests:staff-dashboard"), {"page": value}).status_code
        == 200
    )
    assert (
        client.get(
            reverse("requests:staff-analysis"), {"start": value, "end": value}
        ).status_code
        == 200
    )
    application.refresh_from_db()
    assert application.events.count() == 1


@pytest.mark.parametrize("value", NASTY)
def test_read_apis_survive_garbage(unit, handler, value: str) -> None:
    api = APIClient()
    for params in ({"topic": value}, {"reply_type": value}, {"page": value}):
        assert api.get("/api/v1/request-cases/", params).status_code in (200, 400, 404)
    api.force_authenticate(handler)
    for params in (
        {"status": value},
        {"updated_since": value},
        {"topic": value},
        {"cursor": value},
    ):
        assert api.get("/api/v1/request-records/", params).status_code in (
            200,
            400,
            404,
        )
