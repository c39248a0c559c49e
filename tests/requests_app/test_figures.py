"""Per-unit 依申请公开 counts that supervision's scorecard reads (requests_app/figures.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from requests_app import figures
from requests_app.choices import Channel
from tests.portal.factories import OrganisationFactory
from tests.requests_app.factories import ApplicationFactory
from tests.supervision.conftest import at

pytestmark = pytest.mark.django_db


def test_overdue_and_late_counts_per_unit(django_assert_num_queries) -> None:
    unit, other = OrganisationFactory(), OrganisationFactory()
    ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=at(2024, 3, 1))
    ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=at(2024, 3, 4))
    ApplicationFactory(
        organisation=other, channel=Channel.IN_PERSON, now=at(2024, 12, 20)
    )
    today = datetime.date(2024, 6, 1)
    with django_assert_num_queries(1):
        assert figures.overdue_applications_by_unit(2024, today) == {unit.pk: 2}
    assert figures.overdue_applications_by_unit(2023, today) == {}
    with django_assert_num_queries(1):
        assert figures.late_replies_by_unit(2024) == {}


def test_supervision_reads_no_requests_table_itself() -> None:
    source = (
        Path(figures.__file__)
        .parent.parent.joinpath("supervision", "figures.py")
        .read_text()
    )
    assert 'get_model("requests_app"' not in source
    assert "requests_app.figures" in source
