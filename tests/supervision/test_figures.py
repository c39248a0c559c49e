"""The scorecard counts other apps' figures per unit (依申请公开 overdue applications)."""

from __future__ import annotations

import datetime

import pytest

from requests_app.choices import Channel
from supervision import figures, selectors
from tests.requests_app.factories import ApplicationFactory
from tests.supervision.conftest import at

pytestmark = pytest.mark.django_db


def test_overdue_applications_count_on_the_units_scorecard(cast) -> None:
    overdue = ApplicationFactory(
        organisation=cast.unit, channel=Channel.IN_PERSON, now=at(2024, 3, 1)
    )
    ApplicationFactory(
        organisation=cast.other_unit, channel=Channel.IN_PERSON, now=at(2024, 12, 20)
    )
    assert overdue.due_date is not None and overdue.due_date < datetime.date(2024, 6, 1)
    today = datetime.date(2024, 6, 1)
    counts = figures.collect(2024, today)
    assert counts["overdue_applications"] == {cast.unit.pk: 1}
    assert counts["late_replies"] == {}
    rows = {row.organisation.pk: row for row in selectors.scorecard(2024, today)}
    assert rows[cast.unit.pk].overdue_applications == 1
    assert rows[cast.unit.pk].problems >= 1
    assert rows[cast.other_unit.pk].overdue_applications == 0
