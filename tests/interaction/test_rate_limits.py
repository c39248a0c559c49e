"""Interaction's public writes share the portal's rate limits (portal/throttles.py).

The client is the address the trusted proxy reports (portal/clients.py): a changing
``X-Forwarded-For`` does not make a new client. Only accepted letters, comments and
registrations count; a refusal says how long to wait and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interaction.models import Letter
from tests.interaction.conftest import Cast
from tests.interaction.test_api import LETTER
from tests.interaction.test_public_pages import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limits(settings) -> Iterator[None]:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "filing": "2/hour",
            "tracking": "3/hour",
        },
    }
    yield


def spoofed(i: int) -> dict[str, str]:
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{i}", "REMOTE_ADDR": "198.51.100.7"}


def test_letter_api_with_changing_forwarded_for_is_throttled(cast: Cast) -> None:
    api = APIClient()
    responses = [
        api.post("/api/v1/mailbox/letters/", LETTER, format="json", **spoofed(i))
        for i in range(4)
    ]
    assert [r.status_code for r in responses] == [201, 201, 429, 429]
    assert "提交过于频繁，请" in responses[2].json()["detail"]
    assert "分钟后再试" in responses[2].json()["detail"]
    assert Letter.objects.count() == 2


def test_letter_form_with_changing_forwarded_for_is_throttled(client, cast) -> None:
    for i in range(2):
        response = client.post(reverse("interaction:letter-write"), GOOD, **spoofed(i))
        assert "interaction/letter_done.html" in [t.name for t in response.templates]
    response = client.post(reverse("interaction:letter-write"), GOOD, **spoofed(9))
    html = response.content.decode()
    assert "提交过于频繁，请" in html and "分钟后再试" in html
    assert "公交线路咨询" in html  # what was typed is kept
    assert Letter.objects.count() == 2


def test_refused_input_does_not_count(client, cast: Cast) -> None:
    api = APIClient()
    for _ in range(3):
        bad = api.post(
            "/api/v1/mailbox/letters/", {**LETTER, "phone": ""}, format="json"
        )
        assert bad.status_code == 400
        page = client.post(reverse("interaction:letter-write"), {**GOOD, "content": ""})
        assert page.status_code == 200
    codes = [
        api.post("/api/v1/mailbox/letters/", LETTER, format="json").status_code
        for _ in range(2)
    ]
    assert codes == [201, 201]


def test_behind_one_trusted_proxy_another_client_is_not_affected(
    cast: Cast, settings
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    api = APIClient()

    def post(client_ip: str) -> int:
        return api.post(
            "/api/v1/mailbox/letters/",
            LETTER,
            format="json",
            HTTP_X_FORWARDED_FOR=f"{client_ip}, 192.0.2.1",
            REMOTE_ADDR="172.18.0.2",
        ).status_code

    # Only the address the proxy appended counts; the client's own claims do not.
    assert [post(f"10.0.0.{i}") for i in range(3)] == [201, 201, 429]
    assert (
        api.post(
            "/api/v1/mailbox/letters/",
            LETTER,
            format="json",
            HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.2",
            REMOTE_ADDR="172.18.0.2",
        ).status_code
        == 201
    )
