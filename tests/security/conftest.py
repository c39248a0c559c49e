from __future__ import annotations

import pytest

from portal.models import Organisation
from tests.portal.factories import OrganisationFactory


@pytest.fixture
def unit(db) -> Organisation:
    return OrganisationFactory(name="济阳区安全测试局", code="aqcs")
