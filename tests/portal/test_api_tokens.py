"""Harvester tokens: issued in admin, shown once, stored hashed, revocable, counted at
the client's own rate; a full harvest runs through where the anonymous limit stops."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from portal import roles
from portal.api_tokens import hash_token, issue_api_client
from portal.models import ApiClient
from portal.publishing import services as publishing
from tests.policies.factories import DocumentFactory, publish
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_anonymous_limit(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    rates["anon"] = "3/minute"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = rates


def _harvest(api: APIClient, url: str) -> tuple[list[dict], list[int]]:
    rows: list[dict] = []
    statuses: list[int] = []
    next_url: str | None = url
    while next_url:
        response = api.get(next_url)
        statuses.append(response.status_code)
        if response.status_code != 200:
            break
        rows.extend(response.json()["results"])
        next_url = response.json()["next"]
    return rows, statuses


def test_a_token_harvests_everything_where_the_anonymous_limit_stops(
    desk, small_anonymous_limit
) -> None:
    documents = [
        publish(DocumentFactory(organisation=desk.unit, issuers=[desk.unit]), desk)
        for _ in range(14)
    ]
    for document in documents[:6]:
        publishing.withdraw(document, actor=desk.final, reason="已被新文件替代")
    since = quote((timezone.now() - datetime.timedelta(days=1)).isoformat())
    listing = f"/api/v1/policies/?updated_since={since}&page_size=2"
    removals = f"/api/v1/policies/removed/?updated_since={since}&page_size=2"

    anonymous = APIClient()
    _rows, statuses = _harvest(anonymous, listing)
    assert statuses[-1] == 429  # the anonymous limit still holds

    _client, token = issue_api_client(name="济南市图书馆", rate="100/minute")
    harvester = APIClient()
    harvester.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    rows, statuses = _harvest(harvester, listing)
    assert set(statuses) == {200} and len(statuses) == 4
    assert {row["id"] for row in rows} == {d.pk for d in documents[6:]}
    removed, statuses = _harvest(harvester, removals)
    assert set(statuses) == {200} and len(statuses) == 3
    assert {row["id"] for row in removed} == {d.pk for d in documents[:6]}


def test_a_token_is_held_to_its_own_rate(desk) -> None:
    _client, token = issue_api_client(name="慢速采集方", rate="2/minute")
    harvester = APIClient()
    harvester.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    codes = [harvester.get("/api/v1/policies/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "Retry-After" in harvester.get("/api/v1/policies/")


def test_revoked_or_unknown_tokens_are_refused_and_use_is_recorded() -> None:
    client, token = issue_api_client(name="济南市图书馆")
    assert client.token_hash == hash_token(token)
    assert token not in str(ApiClient.objects.filter(pk=client.pk).values().get())
    harvester = APIClient()
    harvester.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert harvester.get("/api/v1/policies/").status_code == 200
    client.refresh_from_db()
    assert client.last_used_at is not None
    client.revoked = True
    client.save()
    # 403, not 401: the first authentication scheme (the staff session) names no
    # WWW-Authenticate challenge, and DRF answers 403 then.
    response = harvester.get("/api/v1/policies/")
    assert response.status_code == 403
    assert response.json()["detail"] == "令牌无效或已吊销。"
    harvester.credentials(HTTP_AUTHORIZATION="Token jy_not-a-token")
    assert harvester.get("/api/v1/policies/").status_code == 403


def test_a_token_grants_no_writes() -> None:
    _client, token = issue_api_client(name="济南市图书馆")
    harvester = APIClient()
    harvester.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert harvester.post("/api/v1/policies/", {}).status_code in (401, 403, 405)


def test_the_office_issues_a_token_shown_once(desk) -> None:
    office = UserFactory(organisation=desk.unit, roles=[roles.OFFICE_ADMIN])
    staff = Client()
    staff.force_login(office)
    response = staff.post(
        "/admin/portal/apiclient/add/",
        {"name": "济南市图书馆", "contact": "", "rate": "6000/minute"},
        follow=True,
    )
    assert response.status_code == 200
    token = re.search(r"jy_[\w-]+", response.content.decode()).group(0)
    client = ApiClient.objects.get(name="济南市图书馆")
    assert client.token_hash == hash_token(token)
    assert (
        token
        not in staff.get(
            f"/admin/portal/apiclient/{client.pk}/change/"
        ).content.decode()
    )
    # A bad rate is refused with a Chinese message and nothing is saved.
    response = staff.post(
        "/admin/portal/apiclient/add/", {"name": "另一方", "rate": "很多"}
    )
    assert "请按“次数/时段”填写" in response.content.decode()
    assert not ApiClient.objects.filter(name="另一方").exists()


def test_other_staff_cannot_issue_tokens(desk) -> None:
    staff = Client()
    staff.force_login(desk.editor)
    assert staff.get("/admin/portal/apiclient/").status_code == 403
    assert staff.get("/admin/portal/apiclient/add/").status_code == 403
