"""The daily tasks: reminders 5/3/1 working days before due and overdue, each once,
safe to run twice or late; lapsed 补正/fee periods closed once."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from portal.reminders.models import ReminderSent
from portal.reminders.sweep import reminders_for
from requests_app import services
from requests_app.choices import Channel
from requests_app.tasks import (
    close_lapsed_applications_task,
    send_deadline_reminders_task,
)
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(unit, handler):
    # Received Mon 2025-03-03 in person: due Mon 2025-03-31.
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 3, 11))
    assert application.due_date == datetime.date(2025, 3, 31)
    return application


def run_on(day: datetime.datetime) -> dict[str, int]:
    with time_machine.travel(day, tick=False):
        result = send_deadline_reminders_task.delay().get()
    assert result.pop("failed") == 0
    return result


def test_reminders_go_out_once_per_threshold(running, handler) -> None:
    assert run_on(at(2025, 3, 21, 6)) == {"sent": 0, "skipped": 0}  # 6 days left
    assert run_on(at(2025, 3, 24, 6)) == {"sent": 1, "skipped": 0}  # 5 days left
    assert run_on(at(2025, 3, 24, 7)) == {"sent": 0, "skipped": 1}  # ran twice
    assert run_on(at(2025, 3, 26, 6))["sent"] == 1  # 3 days left
    assert run_on(at(2025, 3, 28, 6))["sent"] == 1  # 1 day left
    assert run_on(at(2025, 3, 28, 9))["sent"] == 0
    assert run_on(at(2025, 4, 1, 6))["sent"] == 1  # overdue
    assert run_on(at(2025, 4, 2, 6)) == {"sent": 0, "skipped": 0}  # not selected again
    thresholds = [m.threshold for m in reminders_for(running)]
    assert thresholds == ["5d", "3d", "1d", "overdue"]
    assert len(mail.outbox) == 4
    message = mail.outbox[0]
    assert set(message.to) == {handler.email, "zjj@jiyang.gov.cn"}
    assert running.serial_number in message.subject
    # No personal data of the applicant in the e-mail.
    assert running.name not in message.body and running.phone not in message.body


def test_a_late_run_sends_only_the_most_urgent_reminder(running) -> None:
    # The beat process was down for a week: one reminder, not a burst.
    assert run_on(at(2025, 3, 28, 6)) == {"sent": 1, "skipped": 0}
    assert [m.threshold for m in reminders_for(running)] == ["1d"]
    assert run_on(at(2025, 3, 28, 6)) == {"sent": 0, "skipped": 1}


def test_paused_and_answered_applications_get_no_reminders(running, handler) -> None:
    services.start_consultation(
        running,
        actor=handler,
        party="third_party",
        party_name="某公司",
        now=at(2025, 3, 20),
    )
    assert run_on(at(2025, 3, 28, 6))["sent"] == 0
    assert not ReminderSent.objects.exists()


def test_close_lapsed_task_runs_twice_safely(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.start_review(application, actor=handler, now=at(2025, 3, 3, 11))
    services.issue_correction_notice(
        application,
        actor=handler,
        items=["请说明所需信息的时间范围"],
        applicant_due=datetime.date(2025, 3, 10),
        now=at(2025, 3, 4),
    )
    with time_machine.travel(
        at(
            2025,
            3,
            12,
            6,
        ),
        tick=False,
    ):
        assert close_lapsed_applications_task.delay().get() == {"closed": 1}
        assert close_lapsed_applications_task.delay().get() == {"closed": 0}
    assert application.events.filter(kind="correction_lapsed").count() == 1


def test_an_extension_re_arms_the_reminders_for_the_new_due_date(
    running, handler
) -> None:
    """5/3/1-day reminders sent for 03-31 are sent again before the extended date."""
    for day in (24, 26, 28):
        assert run_on(at(2025, 3, day, 6))["sent"] == 1
    services.extend_deadline(
        running,
        actor=handler,
        days=20,
        approver="王主任",
        reason="需要调取档案",
        notice_sent_on=datetime.date(2025, 3, 28),
        now=at(2025, 3, 28, 10),
    )
    running.refresh_from_db()
    new_due = running.due_date
    assert new_due is not None and new_due > datetime.date(2025, 4, 20)
    day = datetime.date(2025, 3, 29)
    while day <= new_due:
        run_on(at(day.year, day.month, day.day, 6))
        day += datetime.timedelta(days=1)
    markers = [(m.threshold, m.due_on) for m in reminders_for(running)]
    old_due = datetime.date(2025, 3, 31)
    assert markers == [
        ("5d", old_due),
        ("3d", old_due),
        ("1d", old_due),
        ("5d", new_due),
        ("3d", new_due),
        ("1d", new_due),
    ]
    assert len(mail.outbox) == 6
