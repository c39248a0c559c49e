"""Writes of the task ledger: one function per workflow step, each in a transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from portal.attachments import (
    DOCUMENT_KINDS,
    JPEG,
    MAX_ATTACHMENT_BYTES,
    PNG,
    check_file,
)
from portal.models import IndexEntry, Organisation
from portal.roles import SUPERVISION_LIAISON, has_role, is_office_admin
from supervision.models import Task, TaskEvent, WorkPoint
from supervision.workflow import LedgerEvent, TaskEventKind, check_transition, project

EVIDENCE_KINDS = DOCUMENT_KINDS | {PNG, JPEG}


def _local_date(now: datetime.datetime) -> datetime.date:
    return timezone.localdate(now)


def can_report(user: Any, task: Task) -> bool:
    """Return True when ``user`` may report on ``task``: its own unit's liaison."""
    return (
        has_role(user, SUPERVISION_LIAISON)
        and getattr(user, "organisation_id", None) == task.organisation_id
    )


def _append(
    task: Task,
    kind: TaskEventKind,
    *,
    actor: Any,
    now: datetime.datetime,
    text: str = "",
    **evidence: Any,
) -> TaskEvent:
    """Check the step, write its event row and store the new projection."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    history = [
        LedgerEvent(TaskEventKind(e.kind), _local_date(e.at), e.text)
        for e in locked.events.order_by("at", "id")
    ]
    current = project(history).status if history else None
    check_transition(current, kind)
    event = TaskEvent.objects.create(
        task=locked, kind=kind, actor=actor, at=now, text=text, **evidence
    )
    state = project([*history, LedgerEvent(kind, _local_date(now), text)])
    locked.status = state.status
    locked.progress_text = state.progress_text
    locked.last_reported_on = state.last_reported_on
    locked.completed_on = state.completed_on
    locked.save(
        update_fields=["status", "progress_text", "last_reported_on", "completed_on"]
    )
    task.refresh_from_db()
    return event


@transaction.atomic
def assign_task(
    work_point: WorkPoint,
    organisation: Organisation,
    *,
    title: str,
    deadline: datetime.date,
    actor: Any,
    now: datetime.datetime,
    description: str = "",
) -> Task:
    """Create a sub-task of ``work_point`` for ``organisation`` (office only)."""
    if actor is not None and not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以分派任务。")
    if deadline.year < work_point.year:
        raise ValidationError({"deadline": "完成时限不能早于工作要点所属年度。"})
    task = Task.objects.create(
        work_point=work_point,
        organisation=organisation,
        title=title,
        description=description,
        deadline=deadline,
    )
    _append(task, TaskEventKind.ASSIGNED, actor=actor, now=now)
    return task


def _evidence(
    evidence_entry: IndexEntry | None,
    evidence_url: str,
    evidence_file: UploadedFile | None,
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "evidence_entry": evidence_entry,
        "evidence_url": evidence_url,
    }
    if evidence_file is not None:
        data = evidence_file.read()
        evidence_file.seek(0)
        checked = check_file(data, EVIDENCE_KINDS, MAX_ATTACHMENT_BYTES)
        if isinstance(checked, str):
            raise ValidationError({"evidence_file": checked})
        values["evidence_file"] = evidence_file
    return values


def _unit_step(
    task: Task,
    kind: TaskEventKind,
    *,
    actor: Any,
    text: str,
    now: datetime.datetime,
    evidence_entry: IndexEntry | None,
    evidence_url: str,
    evidence_file: UploadedFile | None,
) -> TaskEvent:
    # 工作要点（十四）: each unit answers for its own tasks only.
    if not can_report(actor, task):
        raise PermissionDenied("只能报送本单位的任务。")
    if not text.strip():
        raise ValidationError({"text": "请填写工作进展。"})
    return _append(
        task,
        kind,
        actor=actor,
        now=now,
        text=text.strip(),
        **_evidence(evidence_entry, evidence_url, evidence_file),
    )


@transaction.atomic
def report_progress(
    task: Task,
    *,
    actor: Any,
    text: str,
    now: datetime.datetime,
    evidence_entry: IndexEntry | None = None,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
) -> TaskEvent:
    """Record the unit's progress on ``task`` with its evidence."""
    return _unit_step(
        task,
        TaskEventKind.PROGRESS_REPORTED,
        actor=actor,
        text=text,
        now=now,
        evidence_entry=evidence_entry,
        evidence_url=evidence_url,
        evidence_file=evidence_file,
    )


@transaction.atomic
def submit_completion(
    task: Task,
    *,
    actor: Any,
    text: str,
    now: datetime.datetime,
    evidence_entry: IndexEntry | None = None,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
) -> TaskEvent:
    """Report ``task`` as done; it waits for the office's acceptance."""
    return _unit_step(
        task,
        TaskEventKind.SUBMITTED,
        actor=actor,
        text=text,
        now=now,
        evidence_entry=evidence_entry,
        evidence_url=evidence_url,
        evidence_file=evidence_file,
    )


@transaction.atomic
def accept_task(task: Task, *, actor: Any, now: datetime.datetime) -> TaskEvent:
    """Mark a submitted task done (office only)."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以验收任务。")
    return _append(task, TaskEventKind.ACCEPTED, actor=actor, now=now)


@transaction.atomic
def return_task(
    task: Task, *, actor: Any, reason: str, now: datetime.datetime
) -> TaskEvent:
    """Send a submitted task back to its unit with the reason (office only)."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以退回任务。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由。"})
    return _append(
        task, TaskEventKind.RETURNED, actor=actor, now=now, text=reason.strip()
    )
