from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings

from portal import roles
from portal.models import Organisation, User
from tests.portal.factories import OrganisationFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The property tests are pure and fast, but a loaded CI machine can stall one example
# past hypothesis' 200 ms deadline and fail it as "flaky"; time is not what they test.
hypothesis_settings.register_profile("no-deadline", deadline=None)
hypothesis_settings.load_profile("no-deadline")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A fixed aware datetime in local time (services take ``now`` as an argument)."""
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def unit(db) -> Organisation:
    return OrganisationFactory(
        name="济阳区住房和城乡建设局", code="zjj", office_email="zjj@jiyang.gov.cn"
    )


@pytest.fixture
def other_unit(db) -> Organisation:
    return OrganisationFactory(name="济阳区自然资源局", code="zrj")


@pytest.fixture
def handler(unit) -> User:
    return UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])


@pytest.fixture
def office_admin(db) -> User:
    office = OrganisationFactory(name="济南市济阳区人民政府办公室", code="office")
    return UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN])
