"""The public API contract of interaction."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from interaction.models import Letter
from interaction.services import mailbox
from tests.conftest import Desk
from tests.interaction.conftest import NOW, Cast, make_event, publish_letter

pytestmark = pytest.mark.django_db

LETTER = {
    "category": "complaint",
    "subject": "路灯不亮",
    "content": "<b>城东路</b>路灯三天不亮。",
    "name": "赵六",
    "phone": "13700001111",
    "email": "zl@example.com",
    "allow_public": True,
}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_post_letter_answers_201_with_serial_and_query_code(api, cast: Cast) -> None:
    response = api.post("/api/v1/mailbox/letters/", LETTER, format="json")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"serial_number", "query_code"}
    letter = Letter.objects.get(serial_number=body["serial_number"])
    assert letter.category == "complaint" and letter.allow_public
    tracked = api.post("/api/v1/mailbox/track/", body, format="json")
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "submitted"
    assert (
        "phone" not in tracked.json() and "13700001111" not in tracked.content.decode()
    )
    wrong = api.post(
        "/api/v1/mailbox/track/", {**body, "query_code": "NOPE"}, format="json"
    )
    assert wrong.status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "praise", "category"),
        ("subject", "长" * 101, "subject"),
        ("phone", "abc", "phone"),
        ("content", "", "content"),
    ],
)
def test_bad_letters_are_400_and_save_nothing(
    api, cast: Cast, field: str, value: str, message: str
) -> None:
    response = api.post(
        "/api/v1/mailbox/letters/", {**LETTER, field: value}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()
    assert not Letter.objects.exists()


def test_replies_list_has_no_contact_data(api, cast: Cast, desk: Desk) -> None:
    publish_letter(cast, desk)
    mailbox.submit_letter(now=NOW, **LETTER)  # not replied: never listed
    response = api.get("/api/v1/mailbox/replies/")
    assert response.status_code == 200
    body = response.content.decode()
    assert response.json()["count"] == 1
    for secret in ("13912345678", "李四", "lisi@example.com", "13700001111"):
        assert secret not in body


def test_events_list_and_registration(api, cast: Cast) -> None:
    event = make_event(cast.unit, capacity=1)
    make_event(cast.unit, is_published=False, title="草稿活动")
    listed = api.get("/api/v1/events/").json()
    assert [e["id"] for e in listed["results"]] == [event.pk]
    url = f"/api/v1/events/{event.pk}/registrations/"
    first = api.post(url, {"name": "甲", "phone": "13900000001"}, format="json")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert first.json()["checkin_code"]
    second = api.post(url, {"name": "乙", "phone": "13900000002"}, format="json")
    assert second.json()["status"] == "waiting"
    assert second.json()["checkin_code"] is None
    again = api.post(url, {"name": "乙", "phone": "13900000002"}, format="json")
    assert again.status_code == 409 and "重复报名" in again.content.decode()


def test_writes_are_throttled(api, cast: Cast, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "2/hour",
        },
    }
    codes = [
        api.post("/api/v1/mailbox/letters/", LETTER, format="json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert Letter.objects.count() == 2
