from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from portal import roles
from portal.models import Organisation, User
from portal.publishing import services as publishing
from supervision import services
from supervision.models import Task, WorkPoint
from tests.conftest import Desk
from tests.portal.factories import OrganisationFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A fixed aware datetime in local time (services take ``now`` as an argument)."""
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@dataclass
class Cast:
    office: User
    unit: Organisation
    liaison: User
    other_unit: Organisation
    other_liaison: User
    no_role: User  # staff of the unit without the liaison role


@pytest.fixture
def cast(db) -> Cast:
    office_unit = OrganisationFactory(
        name="济南市济阳区人民政府办公室", code="office", kind=Organisation.Kind.OFFICE
    )
    unit = OrganisationFactory(
        name="济阳区人力资源和社会保障局", code="rsj", office_email="rsj@jiyang.gov.cn"
    )
    other = OrganisationFactory(name="济阳区自然资源局", code="zrj")
    return Cast(
        office=UserFactory(organisation=office_unit, roles=[roles.OFFICE_ADMIN]),
        unit=unit,
        liaison=UserFactory(organisation=unit, roles=[roles.SUPERVISION_LIAISON]),
        other_unit=other,
        other_liaison=UserFactory(
            organisation=other, roles=[roles.SUPERVISION_LIAISON]
        ),
        no_role=UserFactory(organisation=unit, roles=[roles.EDITOR]),
    )


@pytest.fixture
def work_point(db) -> WorkPoint:
    return WorkPoint.objects.create(year=2024, number=12, title="加强组织领导")


def make_task(
    cast: Cast,
    work_point: WorkPoint,
    *,
    deadline: datetime.date = datetime.date(2024, 11, 30),
    unit: Organisation | None = None,
    title: str = "召开专题会议",
) -> Task:
    return services.assign_task(
        work_point,
        unit or cast.unit,
        title=title,
        deadline=deadline,
        actor=cast.office,
        now=at(2024, 7, 1),
    )


@pytest.fixture
def task(cast, work_point) -> Task:
    return make_task(cast, work_point)


def office_desk(cast) -> Desk:
    office = cast.office.organisation
    return Desk(
        unit=office,
        editor=UserFactory(organisation=office, roles=[roles.EDITOR]),
        first=UserFactory(organisation=office, roles=[roles.REVIEW_FIRST]),
        second=UserFactory(organisation=office, roles=[roles.REVIEW_SECOND]),
        final=UserFactory(organisation=office, roles=[roles.REVIEW_FINAL]),
    )


def through_review(record, desk: Desk):
    record = publishing.submit(record, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    return record
