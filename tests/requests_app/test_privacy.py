"""Personal data of seeded applicants never reaches a public page, the API, an export,
a log line or an e-mail; identity numbers are encrypted; whole values are logged views."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from portal import demo, roles
from portal.models import User
from requests_app import crypto, services
from requests_app.demo import seed_demo_applications
from requests_app.models import Application, PersonalDataAccess, TypicalCase
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> list[Application]:
    units = demo.seed_organisations()
    demo.seed_staff(units)
    assert "10 件申请" in seed_demo_applications()
    assert seed_demo_applications() == "已存在，跳过"  # idempotent
    return list(Application.objects.all())


def secrets_of(applications: list[Application]) -> list[str]:
    values = []
    for application in applications:
        id_number = crypto.decrypt(application.id_number_encrypted)
        if id_number:
            values.append(id_number)
        values += [application.phone, application.address]
    return [v for v in values if v]


def test_demo_covers_every_state(seeded) -> None:
    from requests_app.workflow import Status

    assert {a.status for a in seeded} == set(Status.values)


def test_identity_numbers_are_stored_encrypted_with_a_lookup_hash(seeded) -> None:
    natural = [a for a in seeded if a.applicant_type == "natural"]
    plain = crypto.decrypt(natural[0].id_number_encrypted)
    assert len(plain) == 18
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_encrypted, id_number_hash FROM requests_app_application"
        )
        raw = " ".join(" ".join(row) for row in cursor.fetchall())
    for application in natural:
        assert crypto.decrypt(application.id_number_encrypted) not in raw
    assert (
        Application.objects.filter(
            id_number_hash=crypto.lookup_hash(plain.lower())
        ).count()
        == 1
    )
    assert natural[0].id_number_masked == plain[:4] + "*" * 10 + plain[-4:]


def test_public_pages_api_and_exports_hold_no_personal_data(client, seeded) -> None:
    secrets = secrets_of(seeded)
    assert len(secrets) >= 20
    case = TypicalCase.objects.get()
    pages = [
        "/",
        reverse("requests:index"),
        reverse("requests:apply"),
        reverse("requests:track"),
        reverse("requests:case-list"),
        reverse("requests:case-detail", args=[case.pk]),
        "/api/v1/request-cases/",
        f"/api/v1/request-cases/{case.pk}/",
        "/api/schema/",
    ]
    staff = User.objects.get(username="admin")
    api = APIClient()
    api.force_authenticate(staff)
    texts = [client.get(url).content.decode() for url in pages]
    texts.append(api.get("/api/v1/request-records/?page_size=500").content.decode())
    for text in texts:
        for secret in secrets:
            assert secret not in text
    # Applicant names stay out of the public case too.
    for application in seeded:
        assert application.name not in texts[5]


def test_admin_lists_and_forms_show_masked_values(client, seeded) -> None:
    secrets = [s for s in secrets_of(seeded) if len(s) == 18]
    # A unit handler who is not the handler of these applications.
    other = UserFactory(
        organisation=User.objects.get(username="handler").organisation,
        roles=[roles.REQUEST_HANDLER],
    )
    client.force_login(other)
    listing = client.get(reverse("admin:requests_app_application_changelist"))
    assert listing.status_code == 200
    text = listing.content.decode()
    application = Application.objects.filter(applicant_type="natural").first()
    change = client.get(
        reverse("admin:requests_app_application_change", args=[application.pk])
    ).content.decode()
    detail = client.get(
        reverse("requests:staff-detail", args=[application.pk])
    ).content.decode()
    for page in (text, change, detail):
        for secret in secrets:
            assert secret not in page
    assert application.id_number_masked in change
    assert application.phone not in detail


def test_only_the_handler_and_office_see_the_whole_number_and_it_is_logged(
    client, seeded, caplog
) -> None:
    application = Application.objects.filter(
        applicant_type="natural", handler__isnull=False
    ).first()
    plain = crypto.decrypt(application.id_number_encrypted)
    outsider = UserFactory(
        organisation=application.organisation, roles=[roles.REQUEST_HANDLER]
    )
    client.force_login(outsider)
    url = reverse("requests:staff-personal-data", args=[application.pk])
    assert client.post(url).status_code == 403
    assert not PersonalDataAccess.objects.exists()

    client.force_login(application.handler)
    with caplog.at_level(logging.INFO):
        response = client.post(url)
    assert response.status_code == 200
    assert plain in response.content.decode()
    access = PersonalDataAccess.objects.get()
    assert access.user == application.handler and access.field == "personal_data"
    assert application.phone in response.content.decode()
    assert plain not in caplog.text
    assert f"application={application.pk}" in caplog.text


def test_logs_and_reminder_mails_of_a_filing_hold_no_personal_data(
    client, seeded, caplog, settings, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail

    from requests_app.choices import Channel
    from tests.requests_app.factories import ApplicationFactory

    application_log = logging.getLogger("requests_app")
    with caplog.at_level(logging.DEBUG):
        application = ApplicationFactory(
            organisation=seeded[0].organisation, channel=Channel.IN_PERSON
        )
        application_log.info(
            "filed %s by %s", application.serial_number, application.phone
        )
        services.send_deadline_reminders(now=application.submitted_at)
    # The configured log filter masks what a careless log call would leak.
    from portal.logging import RedactPersonalDataFilter

    redact = RedactPersonalDataFilter()
    records = [
        r for r in caplog.records if r.name.startswith(("requests_app", "portal"))
    ]
    assert records
    for record in records:
        redact.filter(record)
        assert application.phone not in record.getMessage()
    for message in mail.outbox:
        assert application.phone not in message.body
