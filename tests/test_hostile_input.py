"""Hostile input anywhere answers 400 or 404, never a 500 — on SQLite and PostgreSQL.

Each case is one row of a table; later issues add rows (or new tables) rather than
new modules. A case names the request and the status codes it may answer.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from rest_framework.test import APIClient

from portal.models import User
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

# Lists that take ``updated_since`` (public and staff).
UPDATED_SINCE_LISTS = [
    "/api/v1/policies/",
    "/api/v1/policies/removed/",
    "/api/v1/interpretations/",
    "/api/v1/request-records/",
    "/policies/",
]

# Offsets Python accepts but PostgreSQL refuses (beyond ±15:59), and other oddities.
BAD_MOMENTS = [
    "2024-01-01T00:00:00+23:59",
    "2024-01-01T00:00:00-16:00",
    "",  # sent empty: refused, not ignored (issue 14 §2)
    "2024-13-01",
    "2024-01-01T00:00:00\x00",
]

DEEP_JSON = "[" * 100_000 + "]" * 100_000


@dataclass(frozen=True)
class Case:
    """One hostile request: method, path, and what it may answer."""

    id: str
    method: str
    path: str
    allowed: tuple[int, ...] = (400, 404)
    data: Any = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    as_staff: bool = False


def _basic(username: str, password: str = "x") -> dict[str, str]:  # noqa: S107
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


CASES: list[Case] = [
    *(
        Case(
            f"updated_since-{url}-{moment!r}",
            "get",
            url,
            data={"updated_since": moment},
            as_staff=url.startswith("/api/v1/request-records/"),
            # The HTML list re-displays the filter form with its message.
            allowed=(200, 400) if url == "/policies/" else (400,),
        )
        for url in UPDATED_SINCE_LISTS
        for moment in BAD_MOMENTS
    ),
    # Basic auth is being switched off; whatever it does, a NUL is no 500.
    Case(
        "basic-auth-nul-user",
        "get",
        "/api/v1/policies/",
        allowed=(200, 400, 401, 403),
        headers=_basic("ad\x00min"),
    ),
    Case(
        "basic-auth-nul-password",
        "get",
        "/api/v1/request-records/",
        allowed=(400, 401, 403),
        headers=_basic("admin", "p\x00w"),
    ),
    Case(
        "admin-autocomplete-nul-term",
        "get",
        "/admin/autocomplete/",
        data={
            "app_label": "portal",
            "model_name": "user",
            "field_name": "organisation",
            "term": "济阳\x00",
        },
        allowed=(200, 400, 403),
        as_staff=True,
    ),
    Case("nul-in-path", "get", "/policies/%00/", allowed=(400, 404)),
    Case(
        "admin-login-nul-user",
        "post",
        "/admin/login/",
        data=urlencode({"username": "ad\x00min", "password": "x"}),
        content_type="application/x-www-form-urlencoded",
        allowed=(200, 400),
    ),
    Case(
        "admin-changelist-nul-search",
        "get",
        "/admin/portal/organisation/",
        data={"q": "济阳\x00"},
        allowed=(200, 400),
        as_staff=True,
    ),
    *(
        Case(f"non-numeric-id-{path}", "get", path, allowed=(404,))
        for path in [
            "/api/v1/policies/abc/",
            "/api/v1/interpretations/abc/",
            "/api/v1/disclosures/abc/",
            "/api/v1/organisations/abc/",
            "/api/v1/request-cases/abc/",
            "/api/v1/policies/9223372036854775808/",
            "/api/v1/policies/-1/",
        ]
    ),
    Case("deep-json-filing", "post", "/api/v1/requests/", data=DEEP_JSON),
    Case("deep-json-track", "post", "/api/v1/requests/track/", data=DEEP_JSON),
    *(
        Case(
            f"interpretations-document-{value}",
            "get",
            "/policies/interpretations/",
            data={"document": value},
            allowed=(200, 400, 404),
        )
        for value in ["9223372036854775808", "-9223372036854775809", "1e400", "abc"]
    ),
    Case(
        "api-interpretations-document-overflow",
        "get",
        "/api/v1/interpretations/",
        data={"document": "9223372036854775808"},
        allowed=(200, 400),
    ),
    Case(
        "api-policies-issuer-overflow",
        "get",
        "/api/v1/policies/",
        data={"issuer": "9223372036854775808"},
        allowed=(200, 400),
    ),
]


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(is_superuser=True)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_not_crashed(case: Case, superuser: User) -> None:
    client: Client = APIClient() if case.path.startswith("/api/") else Client()
    client.raise_request_exception = False
    if case.as_staff:
        client.force_login(superuser)
    if case.method == "get":
        response = client.get(case.path, case.data, **case.headers)
    else:
        response = client.post(
            case.path, case.data, content_type=case.content_type, **case.headers
        )
    assert response.status_code in case.allowed, (
        response.status_code,
        response.content[:300],
    )
