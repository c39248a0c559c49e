"""A unit's staff see and change only their unit's rows in admin; the office sees all."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal import roles
from portal.models import CalendarOverride, Organisation
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units() -> tuple[Organisation, Organisation]:
    return OrganisationFactory(
        name="济阳区人力资源和社会保障局", code="rsj"
    ), OrganisationFactory(name="济阳区教育和体育局", code="jtj")


def test_department_editor_lists_and_changes_only_own_unit(client, units) -> None:
    own, other = units
    editor = UserFactory(organisation=own, roles=[roles.EDITOR])
    client.force_login(editor)

    listing = client.get(reverse("admin:portal_organisation_changelist"))
    assert listing.status_code == 200
    assert own.name in listing.content.decode()
    assert other.name not in listing.content.decode()

    assert (
        client.get(
            reverse("admin:portal_organisation_change", args=[own.pk])
        ).status_code
        == 200
    )
    # Out of scope: the admin cannot even find the row (redirects to the index with a notice).
    response = client.get(reverse("admin:portal_organisation_change", args=[other.pk]))
    assert response.status_code == 302

    response = client.post(
        reverse("admin:portal_organisation_change", args=[other.pk]),
        {
            "disclosure_office": "篡改",
            "office_address": "",
            "office_hours": "",
            "office_phone": "",
            "office_fax": "",
            "office_email": "",
        },
    )
    other.refresh_from_db()
    assert other.disclosure_office != "篡改"


def test_department_editor_edits_own_contact_but_not_tree_fields(client, units) -> None:
    own, other = units
    client.force_login(UserFactory(organisation=own, roles=[roles.EDITOR]))
    response = client.post(
        reverse("admin:portal_organisation_change", args=[own.pk]),
        {
            "disclosure_office": "区人社局办公室",
            "office_address": "纬二路 1 号",
            "office_hours": "工作日",
            "office_phone": "0531-84230001",
            "office_fax": "",
            "office_email": "",
            "name": "改名",
            "parent": other.pk,
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.disclosure_office == "区人社局办公室"
    assert own.name == "济阳区人力资源和社会保障局"
    assert own.parent_id is None


def test_office_admin_lists_every_unit(client, units) -> None:
    office = OrganisationFactory(
        name="济阳区人民政府办公室", code="office", kind=Organisation.Kind.OFFICE
    )
    client.force_login(UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN]))
    content = client.get(
        reverse("admin:portal_organisation_changelist")
    ).content.decode()
    for unit in units:
        assert unit.name in content
    other = units[1]
    assert (
        client.get(
            reverse("admin:portal_organisation_change", args=[other.pk])
        ).status_code
        == 200
    )


def test_staff_without_office_role_cannot_open_calendar_or_users(client, units) -> None:
    client.force_login(UserFactory(organisation=units[0], roles=[roles.EDITOR]))
    assert (
        client.get(reverse("admin:portal_calendaroverride_changelist")).status_code
        == 403
    )
    assert client.get(reverse("admin:portal_user_changelist")).status_code == 403


def test_visible_to_on_the_queryset(units) -> None:
    own, other = units
    editor = UserFactory(organisation=own)
    assert list(Organisation.objects.visible_to(editor)) == [own]
    office_admin = UserFactory(organisation=own, roles=[roles.OFFICE_ADMIN])
    assert set(Organisation.objects.visible_to(office_admin)) >= {own, other}


def test_role_groups_exist_with_permissions() -> None:
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_ROLES) <= names
    office = Group.objects.get(name=roles.OFFICE_ADMIN)
    assert office.permissions.filter(codename="change_calendaroverride").exists()


class TestOrganisationTree:
    def test_a_unit_cannot_become_its_own_ancestor(self, client, units) -> None:
        parent, child = units
        child.parent = parent
        child.save()
        office = OrganisationFactory(
            name="办公室", code="office", kind=Organisation.Kind.OFFICE
        )
        client.force_login(UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN]))
        data = {
            "name": parent.name,
            "short_name": parent.short_name,
            "code": parent.code,
            "kind": parent.kind,
            "parent": child.pk,
            "sort_order": 1,
            "is_active": "on",
            "disclosure_office": "",
            "office_address": "",
            "office_hours": "",
            "office_phone": "",
            "office_fax": "",
            "office_email": "",
        }
        response = client.post(
            reverse("admin:portal_organisation_change", args=[parent.pk]), data
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "形成循环" in body
        assert parent.name in body  # what was typed is kept in the form
        parent.refresh_from_db()
        assert parent.parent_id is None

    def test_the_service_refuses_a_self_parent(self, units) -> None:
        from django.core.exceptions import ValidationError

        from portal.services import organisation_set_parent

        unit = units[0]
        with pytest.raises(ValidationError):
            organisation_set_parent(unit, unit)


class TestCalendarOverrideAdmin:
    @pytest.fixture
    def office_client(self, client):
        office = OrganisationFactory(
            name="办公室", code="office", kind=Organisation.Kind.OFFICE
        )
        client.force_login(UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN]))
        return client

    def test_bad_date_is_answered_in_chinese_and_kept(self, office_client) -> None:
        response = office_client.post(
            reverse("admin:portal_calendaroverride_add"),
            {"date": "2027-02-30", "is_workday": "on", "note": "春节调休"},
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert "输入一个有效的日期" in body
        assert "春节调休" in body
        assert not CalendarOverride.objects.exists()

    def test_duplicate_date_is_refused(self, office_client) -> None:
        CalendarOverride.objects.create(date=datetime.date(2027, 2, 6), is_workday=True)
        response = office_client.post(
            reverse("admin:portal_calendaroverride_add"),
            {"date": "2027-02-06", "note": "x"},
        )
        assert response.status_code == 200
        assert "已存在" in response.content.decode()
        assert CalendarOverride.objects.count() == 1

    def test_changelist_warns_about_unknown_years(self, office_client) -> None:
        import time_machine

        office_admin = UserFactory(roles=[roles.OFFICE_ADMIN])
        with time_machine.travel(
            datetime.datetime(2030, 11, 20, 10, tzinfo=datetime.UTC)
        ):
            office_client.force_login(office_admin)
            body = office_client.get(
                reverse("admin:portal_calendaroverride_changelist")
            ).content.decode()
        assert "尚无 2030 年的节假日数据" in body
        assert "尚无 2031 年的节假日数据" in body

    def test_override_changes_selector_calendar(self) -> None:
        from portal.selectors import add_workdays, is_workday
        from portal.services import calendar_override_set

        day = datetime.date(2031, 1, 1)
        assert is_workday(day)
        calendar_override_set(day, is_workday=False, note="元旦")
        assert not is_workday(day)
        assert add_workdays(datetime.date(2030, 12, 31), 1) == datetime.date(2031, 1, 2)
