"""Meetings and trainings: the compliance table and the Q4 reminder."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal.reminders.sweep import reminders_for
from supervision import selectors, services
from supervision.models import Activity
from supervision.services.reminders import send_activity_reminders
from tests.supervision.conftest import at

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 10, 8)


def record(cast, unit, kind, held_on, actor=None) -> Activity:
    return services.record_activity(
        unit,
        kind=kind,
        title="政务公开专题",
        held_on=held_on,
        participants=15,
        actor=actor or cast.office,
        today=TODAY,
    )


def test_compliance_table_per_unit_and_year(cast) -> None:
    record(cast, cast.unit, "meeting", datetime.date(2024, 3, 1), cast.liaison)
    record(cast, cast.unit, "training", datetime.date(2024, 5, 1), cast.liaison)
    record(cast, cast.other_unit, "meeting", datetime.date(2024, 4, 1))
    record(cast, cast.other_unit, "training", datetime.date(2023, 11, 1))  # last year
    rows = {row.organisation.code: row for row in selectors.compliance_table(2024)}
    assert rows["rsj"].met
    assert (rows["zrj"].meetings, rows["zrj"].trainings) == (1, 0)
    assert not rows["zrj"].met
    assert not rows["office"].met
    # A unit's liaison sees its own row only.
    own = selectors.compliance_table(2024, cast.liaison)
    assert [row.organisation.code for row in own] == ["rsj"]


def test_future_dates_and_other_units_are_refused(cast) -> None:
    with pytest.raises(ValidationError):
        record(
            cast, cast.unit, "meeting", TODAY + datetime.timedelta(days=1), cast.liaison
        )
    with pytest.raises(PermissionDenied):
        record(
            cast, cast.other_unit, "meeting", datetime.date(2024, 3, 1), cast.liaison
        )
    with pytest.raises(ValidationError):
        services.record_activity(
            cast.unit,
            kind="meeting",
            title="无人参加",
            held_on=datetime.date(2024, 3, 1),
            participants=0,
            actor=cast.liaison,
            today=TODAY,
        )
    assert Activity.objects.count() == 0


def test_q4_reminder_goes_once_to_units_short_of_an_activity(cast) -> None:
    record(cast, cast.unit, "meeting", datetime.date(2024, 3, 1))
    record(cast, cast.unit, "training", datetime.date(2024, 5, 1))
    record(cast, cast.other_unit, "meeting", datetime.date(2024, 4, 1))
    assert send_activity_reminders(at(2024, 9, 30)).sent == 0  # not yet Q4
    first = send_activity_reminders(at(2024, 10, 8))
    assert first.sent == 2  # the other unit and the office itself
    assert send_activity_reminders(at(2024, 10, 9)).sent == 0
    assert reminders_for(cast.unit) == []
    assert [r.threshold for r in reminders_for(cast.other_unit)] == ["activities-2024"]
    body = next(m.body for m in mail.outbox if cast.other_liaison.email in m.to)
    assert "尚未录入专题培训" in body and "尚未录入专题会议" not in body
