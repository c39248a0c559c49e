"""Writes of interviews, commitments and the hotline import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from interaction.hotline import RowError, parse_csv
from interaction.models import (
    Commitment,
    CommitmentProgress,
    CommitmentStatus,
    HotlineRecord,
    Interview,
    InterviewQuestion,
    QuestionStatus,
)
from portal import roles


class ProgrammeError(Exception):
    """A refused step (message in Chinese, safe to show)."""


def _require_unit_staff(organisation_id: int, actor: Any) -> None:
    if roles.is_office_admin(actor):
        return
    if not (
        roles.has_role(actor, roles.INTERACTION_HANDLER)
        and actor.organisation_id == organisation_id
    ):
        raise ProgrammeError("只有本单位的互动办理人可以办理。")


@transaction.atomic
def ask_question(
    interview: Interview, *, content: str, name: str = "", now: datetime.datetime
) -> InterviewQuestion:
    """Take a question in advance: only for an announced interview not yet held."""
    if not interview.is_public:
        raise ProgrammeError("访谈不存在或尚未发布。")
    if now >= interview.scheduled_at:
        raise ProgrammeError("访谈已开始，不再接收提问。")
    return InterviewQuestion.objects.create(
        interview=interview, content=content, name=name, submitted_at=now
    )


@transaction.atomic
def answer_question(
    question: InterviewQuestion, *, actor: Any, answer: str
) -> InterviewQuestion:
    question = InterviewQuestion.objects.select_for_update().get(pk=question.pk)
    _require_unit_staff(question.interview.organisation_id, actor)
    if not answer.strip():
        raise ProgrammeError("答复内容不能为空。")
    question.status = QuestionStatus.ANSWERED
    question.answer = answer
    question.save(update_fields=["status", "answer"])
    return question


@transaction.atomic
def reject_question(question: InterviewQuestion, *, actor: Any) -> InterviewQuestion:
    question = InterviewQuestion.objects.select_for_update().get(pk=question.pk)
    _require_unit_staff(question.interview.organisation_id, actor)
    question.status = QuestionStatus.REJECTED
    question.save(update_fields=["status"])
    return question


def commitment_status(
    percent: int, deadline: datetime.date, today: datetime.date
) -> CommitmentStatus:
    """未开始 / 推进中 / 已完成, or 滞后 once the deadline passed unfinished (pure)."""
    if percent >= 100:
        return CommitmentStatus.DONE
    if today > deadline:
        return CommitmentStatus.DELAYED
    return CommitmentStatus.IN_PROGRESS if percent > 0 else CommitmentStatus.NOT_STARTED


@transaction.atomic
def report_progress(
    commitment: Commitment,
    *,
    actor: Any,
    percent: int,
    text: str,
    reported_on: datetime.date,
) -> CommitmentProgress:
    """Record a progress update and project the commitment's status and percentage."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _require_unit_staff(commitment.organisation_id, actor)
    if not 0 <= percent <= 100:
        raise ProgrammeError("完成进度应在0到100之间。")
    if not text.strip():
        raise ProgrammeError("请填写进展情况。")
    progress = CommitmentProgress.objects.create(
        commitment=commitment, reported_on=reported_on, percent=percent, text=text
    )
    commitment.percent = percent
    commitment.status = commitment_status(percent, commitment.deadline, reported_on)
    commitment.save(update_fields=["percent", "status"])
    return progress


@dataclass(frozen=True)
class ImportResult:
    created: int
    duplicates: int
    errors: list[RowError]


def import_hotline_csv(text: str) -> ImportResult:
    """Import a 12345/window CSV: good rows are saved, bad rows reported by line.

    A row whose (source, 工单号) is already stored is counted as a duplicate, so the
    same export can be imported twice without double counting.
    """
    rows, errors = parse_csv(text)
    existing = set(
        HotlineRecord.objects.filter(
            reference__in=[r.reference for r in rows]
        ).values_list("source", "reference")
    )
    fresh = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.source, row.reference)
        if key in existing or key in seen:
            continue
        seen.add(key)
        fresh.append(
            HotlineRecord(
                source=row.source,
                reference=row.reference,
                received_on=row.received_on,
                topic=row.topic,
                question=row.question,
                unit_name=row.unit_name,
            )
        )
    with transaction.atomic():
        HotlineRecord.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    return ImportResult(
        created=len(fresh), duplicates=len(rows) - len(fresh), errors=errors
    )
