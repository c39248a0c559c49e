"""Roles and scope of the 依申请公开 staff workbench and staff API (issue 8 §2).

Every staff URL refuses a member of staff without the 依申请公开 role (403) and finds
nothing of another unit's applications (404, or not listed).
"""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from portal import roles
from portal.models import User
from requests_app import services
from requests_app.choices import Channel
from requests_app.forms.steps import AssignHandlerForm
from requests_app.models import Application, PersonalDataAccess
from requests_app.workflow import EventKind, Status
from tests.portal.factories import UserFactory
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(unit) -> Application:
    return ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)


@pytest.fixture
def office_editor(unit) -> User:
    return UserFactory(organisation=unit, roles=[roles.EDITOR])


@pytest.fixture
def interaction(unit) -> User:
    return UserFactory(organisation=unit, roles=[roles.INTERACTION_HANDLER])


@pytest.fixture
def stranger(other_unit) -> User:
    """A 依申请公开 handler — of another unit."""
    return UserFactory(organisation=other_unit, roles=[roles.REQUEST_HANDLER])


def staff_get_urls(application: Application) -> list[str]:
    return [
        reverse("requests:staff-dashboard"),
        reverse("requests:staff-register"),
        reverse("requests:staff-analysis"),
        reverse("requests:staff-cases"),
        reverse("requests:staff-detail", args=[application.pk]),
        reverse("requests:staff-letter", args=[application.pk, "html"]),
        reverse("requests:staff-letter", args=[application.pk, "pdf"]),
    ]


def staff_post_urls(application: Application) -> list[str]:
    return [
        reverse("requests:staff-personal-data", args=[application.pk]),
        reverse("requests:staff-approve-attachment", args=[application.pk, 1]),
        reverse("requests:staff-action", args=[application.pk, "confirm"]),
        reverse("requests:staff-action", args=[application.pk, "assign"]),
        reverse("requests:staff-register"),
    ]


@pytest.mark.parametrize("who", ["office_editor", "interaction"])
def test_staff_without_the_role_are_refused_everywhere(
    client, application, who, request
) -> None:
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in staff_get_urls(application):
        assert client.get(url).status_code == 403, url
    for url in staff_post_urls(application):
        assert client.post(url, {"handler": str(user.pk)}).status_code == 403, url
    application.refresh_from_db()
    assert application.handler is None and application.status == Status.REGISTERED
    assert not PersonalDataAccess.objects.exists()


def test_staff_of_another_unit_find_nothing(client, application, stranger) -> None:
    client.force_login(stranger)
    for url in staff_get_urls(application)[:4]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert application.serial_number not in response.content.decode(), url
    for url in staff_get_urls(application)[4:]:
        assert client.get(url).status_code == 404, url
    for url in staff_post_urls(application)[:-1]:
        assert client.post(url).status_code == 404, url
    assert not PersonalDataAccess.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, application) -> None:
    for url in staff_get_urls(application):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_handler_role_opens_the_workbench(client, application, handler) -> None:
    client.force_login(handler)
    for url in staff_get_urls(application)[:5]:
        assert client.get(url).status_code == 200, url


def test_export_api_needs_the_view_permission(
    application, handler, office_editor, interaction, stranger
) -> None:
    api = APIClient()
    for user in (office_editor, interaction):
        api.force_authenticate(user)
        assert api.get("/api/v1/request-records/").status_code == 403
    api.force_authenticate(stranger)
    response = api.get("/api/v1/request-records/")
    assert response.status_code == 200 and response.json()["results"] == []
    api.force_authenticate(handler)
    results = api.get("/api/v1/request-records/").json()["results"]
    assert [row["serial_number"] for row in results] == [application.serial_number]


def test_api_refuses_basic_auth(application, handler) -> None:
    handler.set_password("a-long-password-42")
    handler.save()
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION="Basic "
        + base64.b64encode(f"{handler.username}:a-long-password-42".encode()).decode()
    )
    assert api.get("/api/v1/request-records/").status_code in (401, 403)


def test_assign_offers_and_accepts_only_holders_of_the_handler_role(
    client, unit, application, handler, interaction, office_editor
) -> None:
    colleague = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    offered = set(
        AssignHandlerForm(application=application, user=handler)
        .fields["handler"]
        .queryset  # type: ignore[attr-defined]
    )
    assert offered == {handler, colleague}
    client.force_login(handler)
    detail = client.get(reverse("requests:staff-detail", args=[application.pk]))
    assert interaction.username not in detail.content.decode()

    # The form refuses the interaction handler, and so does the service.
    response = client.post(
        reverse("requests:staff-action", args=[application.pk, "assign"]),
        {"handler": str(interaction.pk)},
    )
    assert response.status_code == 400
    with pytest.raises(ValidationError, match="依申请公开办理人"):
        services.assign_handler(
            application, actor=handler, handler=interaction, now=timezone.now()
        )
    application.refresh_from_db()
    assert application.handler is None
    assert not services.can_see_personal_data(interaction, application)


def test_assignment_records_who_assigned_whom(unit, application, handler) -> None:
    colleague = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    event = services.assign_handler(
        application, actor=handler, handler=colleague, now=timezone.now()
    )
    event.refresh_from_db()
    assert event.kind == EventKind.HANDLER_ASSIGNED
    assert event.actor == handler
    assert event.payload["handler_id"] == colleague.pk
    assert event.payload["assigned_by_id"] == handler.pk


def test_a_handler_who_loses_the_role_no_longer_sees_personal_data(
    unit, application, handler
) -> None:
    colleague = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    services.assign_handler(
        application, actor=handler, handler=colleague, now=timezone.now()
    )
    application.refresh_from_db()
    assert services.can_see_personal_data(colleague, application)
    colleague.groups.clear()
    colleague = User.objects.get(pk=colleague.pk)  # drop the permission cache
    assert not services.can_see_personal_data(colleague, application)
