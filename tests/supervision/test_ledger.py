"""The task ledger: reports, acceptance and return, scope, evidence, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.reminders.sweep import reminders_for
from supervision import selectors, services
from supervision.models import TaskEvent
from supervision.services.reminders import send_task_reminders
from supervision.workflow import InvalidTransition, TaskStatus
from tests.supervision.conftest import at, make_task

pytestmark = pytest.mark.django_db


def test_unit_reports_submits_and_office_accepts(cast, task) -> None:
    assert task.status == TaskStatus.ASSIGNED
    services.report_progress(
        task,
        actor=cast.liaison,
        text="已制定方案",
        evidence_url="https://www.jiyang.gov.cn/x",
        now=at(2024, 8, 1),
    )
    assert task.status == TaskStatus.IN_PROGRESS
    assert task.progress_text == "已制定方案"
    services.submit_completion(
        task, actor=cast.liaison, text="会议已召开", now=at(2024, 9, 1)
    )
    assert task.status == TaskStatus.SUBMITTED
    services.accept_task(task, actor=cast.office, now=at(2024, 9, 3))
    assert task.status == TaskStatus.DONE
    assert task.completed_on == datetime.date(2024, 9, 3)
    kinds = list(task.events.values_list("kind", flat=True))
    assert kinds == ["assigned", "progress_reported", "submitted", "accepted"]
    assert TaskEvent.objects.filter(task=task, actor=cast.office).count() == 2


def test_office_returns_with_a_reason_and_unit_resubmits(cast, task) -> None:
    services.submit_completion(
        task, actor=cast.liaison, text="完成", now=at(2024, 9, 1)
    )
    with pytest.raises(ValidationError):
        services.return_task(task, actor=cast.office, reason="  ", now=at(2024, 9, 2))
    services.return_task(task, actor=cast.office, reason="缺佐证", now=at(2024, 9, 2))
    assert task.status == TaskStatus.RETURNED
    services.submit_completion(
        task, actor=cast.liaison, text="已补充", now=at(2024, 9, 5)
    )
    assert task.status == TaskStatus.SUBMITTED
    assert task.progress_text == "已补充"


def test_a_unit_cannot_report_on_another_units_task(cast, task) -> None:
    with pytest.raises(PermissionDenied):
        services.report_progress(
            task, actor=cast.other_liaison, text="冒报", now=at(2024, 8, 1)
        )
    with pytest.raises(PermissionDenied):
        services.report_progress(
            task, actor=cast.no_role, text="无角色", now=at(2024, 8, 1)
        )
    assert task.events.count() == 1


def test_only_the_office_accepts(cast, task) -> None:
    services.submit_completion(
        task, actor=cast.liaison, text="完成", now=at(2024, 9, 1)
    )
    with pytest.raises(PermissionDenied):
        services.accept_task(task, actor=cast.liaison, now=at(2024, 9, 2))
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED


def test_steps_out_of_order_are_refused(cast, task) -> None:
    with pytest.raises(InvalidTransition):
        services.accept_task(task, actor=cast.office, now=at(2024, 9, 2))
    services.submit_completion(
        task, actor=cast.liaison, text="完成", now=at(2024, 9, 1)
    )
    services.accept_task(task, actor=cast.office, now=at(2024, 9, 2))
    with pytest.raises(InvalidTransition):
        services.report_progress(
            task, actor=cast.liaison, text="再报", now=at(2024, 9, 3)
        )


def test_empty_progress_and_bad_evidence_file_save_nothing(cast, task) -> None:
    with pytest.raises(ValidationError):
        services.report_progress(task, actor=cast.liaison, text=" ", now=at(2024, 8, 1))
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        services.report_progress(
            task,
            actor=cast.liaison,
            text="有附件",
            evidence_file=fake,
            now=at(2024, 8, 1),
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.ASSIGNED
    assert task.events.count() == 1


def test_work_point_progress_for_the_annual_report(cast, work_point) -> None:
    first = make_task(cast, work_point, title="召开会议")
    make_task(cast, work_point, title="组织培训", deadline=datetime.date(2024, 12, 20))
    make_task(cast, work_point, title="别家的", unit=cast.other_unit)
    services.report_progress(
        first, actor=cast.liaison, text="已召开", now=at(2024, 8, 1)
    )
    services.record_activity(
        cast.unit,
        kind="meeting",
        title="专题会议",
        held_on=datetime.date(2024, 3, 1),
        participants=20,
        actor=cast.liaison,
        today=datetime.date(2024, 8, 1),
    )
    progress = selectors.work_point_progress(cast.unit, 2024)
    assert [t.title for t in progress.tasks] == ["召开会议", "组织培训"]
    assert progress.tasks[0].progress_text == "已召开"
    assert progress.tasks[0].status_label == "推进中"
    assert (progress.meetings, progress.trainings) == (1, 0)
    assert not progress.activities_met
    assert selectors.work_point_progress(cast.unit, 2025).tasks == ()


def test_reminders_for_at_risk_and_overdue_tasks_are_sent_once(
    cast, work_point
) -> None:
    soon = make_task(
        cast, work_point, title="快到期", deadline=datetime.date(2024, 10, 9)
    )
    late = make_task(
        cast, work_point, title="已逾期", deadline=datetime.date(2024, 9, 20)
    )
    far = make_task(
        cast, work_point, title="还早", deadline=datetime.date(2024, 12, 31)
    )
    submitted = make_task(
        cast, work_point, title="已报送", deadline=datetime.date(2024, 9, 1)
    )
    services.submit_completion(
        submitted, actor=cast.liaison, text="完成", now=at(2024, 8, 30)
    )
    now = at(2024, 9, 30)  # Monday before the National Day holiday
    first = send_task_reminders(now)
    assert first.sent == 2
    again = send_task_reminders(now)
    assert again.sent == 0 and again.skipped == 2
    assert [r.threshold for r in reminders_for(soon)] == ["at_risk"]
    assert [r.threshold for r in reminders_for(late)] == ["overdue"]
    assert reminders_for(far) == [] and reminders_for(submitted) == []
    assert len(mail.outbox) == 2
    assert cast.liaison.email in mail.outbox[0].to
    assert "rsj@jiyang.gov.cn" in mail.outbox[0].to
    # The at-risk task, once late, gets its own overdue reminder (a missed day catches up).
    later = send_task_reminders(at(2024, 10, 15))
    assert later.sent == 1
    assert {r.threshold for r in reminders_for(soon)} == {"at_risk", "overdue"}


def test_the_daily_task_can_run_twice(cast, work_point) -> None:
    import time_machine

    from supervision.tasks import send_reminders_task

    make_task(cast, work_point, title="已逾期", deadline=datetime.date(2024, 9, 20))
    with time_machine.travel(at(2024, 10, 8), tick=False):
        first = send_reminders_task.delay().get()
        second = send_reminders_task.delay().get()
    # The overdue task, and in Q4 both units short of meetings and trainings.
    assert first["tasks"] == 1 and first["activities"] >= 2
    assert second == {"tasks": 0, "activities": 0, "accounts": 0}


def test_verify_task_projections_finds_a_hand_edited_status(cast, task) -> None:
    from django.core.management import CommandError, call_command

    services.report_progress(task, actor=cast.liaison, text="推进", now=at(2024, 8, 1))
    call_command("verify_task_projections")
    type(task).objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    with pytest.raises(CommandError):
        call_command("verify_task_projections")
    mismatches = list(selectors.task_projection_mismatches())
    assert [(m.field, m.derived) for m in mismatches] == [
        ("status", TaskStatus.IN_PROGRESS)
    ]
