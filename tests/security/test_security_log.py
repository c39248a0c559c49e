"""The security log (issue 14 §5): logins, failed logins, lock-outs, refusals on staff
pages and reveals of personal data, readable (only) by the office role, purged after
the retention period, with no applicant's personal data in it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.security.models import SecurityEvent
from portal.security.services import purge_security_log, record_security_event
from requests_app import services
from requests_app.choices import Channel
from tests.portal.factories import UserFactory
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> int:
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}
    ).status_code


def test_logins_failures_and_lockouts_are_logged_with_the_client_address(
    settings,
) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    user = UserFactory()
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert _login(client, user.username, "pw") == 302
    assert _login(client, user.username, "wrong") == 200
    assert _login(client, user.username, "wrong") == 429
    events = list(SecurityEvent.objects.order_by("pk"))
    # axes announces the lock-out from inside the failure it counts.
    assert sorted(e.kind for e in events) == [
        "lockout",
        "login",
        "login_failed",
        "login_failed",
    ]
    assert {e.client_address for e in events} == {"203.0.113.7"}
    assert events[0].user == user and events[-1].username == user.username
    assert all("wrong" not in e.detail for e in events)


def test_a_refusal_on_a_staff_page_is_logged() -> None:
    editor = UserFactory(roles=[roles.EDITOR])
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("requests:staff-dashboard")).status_code == 403
    event = SecurityEvent.objects.get(kind="denied")
    assert event.user == editor and event.path == reverse("requests:staff-dashboard")
    # A public 404 or a 403 outside the staff area is not a security event.
    assert client.get("/no-such-page/").status_code == 404
    assert SecurityEvent.objects.filter(kind="denied").count() == 1


def test_a_reveal_is_logged_without_the_revealed_values(unit) -> None:
    office = UserFactory(organisation=unit, roles=[roles.OFFICE_ADMIN])
    application = ApplicationFactory(
        organisation=unit,
        channel=Channel.IN_PERSON,
        phone="13912345678",
        address="济阳街道安全日志路 88 号",
    )
    data = services.reveal_personal_data(application, user=office, now=timezone.now())
    event = SecurityEvent.objects.get(kind="pii_reveal")
    assert event.user == office and f"#{application.pk}" in event.detail
    row = " ".join(str(v) for v in SecurityEvent.objects.values_list().get(pk=event.pk))
    for value in (data.id_number, data.phone, data.address, data.name):
        assert value and value not in row


def test_only_the_office_role_reads_the_log_and_nobody_edits_it(unit) -> None:
    record_security_event(SecurityEvent.Kind.LOGIN_FAILED, username="someone")
    url = reverse("admin:security_securityevent_changelist")
    office = Client()
    office.force_login(UserFactory(organisation=unit, roles=[roles.OFFICE_ADMIN]))
    page = office.get(url)
    assert page.status_code == 200 and "someone" in page.content.decode()
    event = SecurityEvent.objects.get(username="someone")
    assert office.get(reverse("admin:security_securityevent_add")).status_code == 403
    detail = reverse("admin:security_securityevent_change", args=[event.pk])
    assert office.post(detail, {"username": "x"}).status_code == 403
    delete = reverse("admin:security_securityevent_delete", args=[event.pk])
    assert office.post(delete, {"post": "yes"}).status_code == 403
    for role in (roles.REQUEST_HANDLER, roles.EDITOR):
        other = Client()
        other.force_login(UserFactory(organisation=unit, roles=[role]))
        assert other.get(url).status_code == 403
    assert SecurityEvent.objects.filter(username="someone").count() == 1


def test_the_purge_keeps_the_retention_period_and_is_idempotent(settings) -> None:
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    old = record_security_event(SecurityEvent.Kind.LOGIN, username="old")
    fresh = record_security_event(SecurityEvent.Kind.LOGIN, username="fresh")
    SecurityEvent.objects.filter(pk=old.pk).update(at=now - datetime.timedelta(days=31))
    SecurityEvent.objects.filter(pk=fresh.pk).update(
        at=now - datetime.timedelta(days=29)
    )
    assert purge_security_log(now=now) == 1
    assert purge_security_log(now=now) == 0
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["fresh"]


def test_the_purge_runs_daily_from_beat(settings) -> None:
    from portal.security.tasks import purge_security_log_task

    entry = settings.CELERY_BEAT_SCHEDULE["security-purge-log"]
    assert entry["task"] == purge_security_log_task.name
    assert purge_security_log_task.delay().get() == 0
