"""The shared reminder mechanism works for any model, once per record and threshold."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from portal.models import Organisation
from portal.reminders.models import ReminderSent
from portal.reminders.sweep import reminders_for, send_once, sweep
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 3, 3, 6, 30, tzinfo=datetime.UTC)


def test_sweep_sends_each_record_and_threshold_once() -> None:
    # Organisations stand in for "any model": the mechanism knows no domain app.
    units = OrganisationFactory.create_batch(3)
    sent: list[tuple[int, str]] = []

    def send(unit: Organisation, threshold: str) -> list[str]:
        sent.append((unit.pk, threshold))
        return [f"{unit.code}@example.com"]

    due = [(unit, "3d") for unit in units]
    first = sweep(due, send=send, now=NOW)
    second = sweep(due, send=send, now=NOW + datetime.timedelta(hours=1))
    assert (first.sent, first.skipped) == (3, 0)
    assert (second.sent, second.skipped) == (0, 3)
    assert len(sent) == 3
    # A new threshold for the same record is a new reminder.
    assert sweep([(units[0], "1d")], send=send, now=NOW).sent == 1
    markers = reminders_for(units[0])
    assert [m.threshold for m in markers] == ["3d", "1d"]
    assert markers[0].recipients == f"{units[0].code}@example.com"


def test_a_failed_send_releases_the_claim() -> None:
    unit = OrganisationFactory()

    def broken(unit: Organisation, threshold: str) -> list[str]:
        raise ConnectionError("smtp down")

    with pytest.raises(ConnectionError):
        send_once(unit, "overdue", send=broken, now=NOW)
    assert not ReminderSent.objects.exists()
    assert send_once(unit, "overdue", send=lambda u, t: [], now=NOW)


def test_a_concurrent_claim_is_settled_by_the_unique_constraint() -> None:
    unit = OrganisationFactory()
    calls: list[str] = []
    # Another process inserted the marker between our batch check and our claim.
    with transaction.atomic():
        assert send_once(unit, "5d", send=lambda u, t: calls.append(t) or [], now=NOW)
    assert not send_once(unit, "5d", send=lambda u, t: calls.append(t) or [], now=NOW)
    assert calls == ["5d"]


def test_the_switch_turns_reminders_off(settings) -> None:
    settings.REMINDERS_ENABLED = False
    unit = OrganisationFactory()
    result = sweep([(unit, "1d")], send=lambda u, t: ["x@example.com"], now=NOW)
    assert result.disabled and result.sent == 0
    assert not ReminderSent.objects.exists()


def test_one_failing_send_does_not_stop_the_others(caplog) -> None:
    units = OrganisationFactory.create_batch(3)
    bad = units[1]

    def send(unit: Organisation, threshold: str) -> list[str]:
        if unit == bad:
            raise ValueError("bad-recipient@example.com refused")
        return ["ok@example.com"]

    result = sweep([(u, "1d") for u in units], send=send, now=NOW)
    assert (result.sent, result.failed) == (2, 1)
    assert "bad-recipient" not in caplog.text
    # The failed one is retried by the next run; the sent ones are not.
    retry = sweep([(u, "1d") for u in units], send=lambda u, t: [], now=NOW)
    assert (retry.sent, retry.skipped) == (1, 2)


def test_a_new_due_date_gets_new_reminders() -> None:
    """A marker belongs to the due date it warned about (issue 8 §5)."""
    unit = OrganisationFactory()
    sent: list[tuple[str, datetime.date | None]] = []

    def send(obj: Organisation, threshold: str) -> list[str]:
        sent.append((threshold, None))
        return []

    old_due, new_due = datetime.date(2025, 9, 30), datetime.date(2025, 11, 1)
    assert sweep([(unit, "1d", old_due)], send=send, now=NOW).sent == 1
    assert sweep([(unit, "1d", old_due)], send=send, now=NOW).skipped == 1
    assert sweep([(unit, "1d", new_due)], send=send, now=NOW).sent == 1
    assert not send_once(unit, "1d", send=send, now=NOW, due_on=new_due)
    markers = reminders_for(unit)
    assert [(m.threshold, m.due_on) for m in markers] == [
        ("1d", old_due),
        ("1d", new_due),
    ]
    assert len(sent) == 2


def test_reminders_without_a_due_date_are_still_sent_once() -> None:
    unit = OrganisationFactory()
    assert send_once(unit, "overdue", send=lambda u, t: [], now=NOW)
    with transaction.atomic():
        assert not send_once(unit, "overdue", send=lambda u, t: [], now=NOW)
    assert ReminderSent.objects.count() == 1
