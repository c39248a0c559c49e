"""意见征集 writes: comments while open, moderation, adoption, closing, the feedback report."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from interaction.consultation_rules import Phase, fingerprint, near_identical, phase
from interaction.models import (
    Adoption,
    Comment,
    CommentStatus,
    Consultation,
    FeedbackReport,
    RejectionReason,
)
from portal import roles

# How many earlier distinct opinions a new comment is compared with for near-copies.
GROUP_CANDIDATES = 300


class ConsultationError(Exception):
    """A refused step (message in Chinese, safe to show)."""


def _today(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def current_phase(consultation: Consultation, *, now: datetime.datetime) -> Phase:
    answered = (
        FeedbackReport.objects.public().filter(consultation=consultation).exists()
    )
    return phase(
        consultation.opens_on,
        consultation.closes_on,
        today=_today(now),
        closed=consultation.closed_at is not None,
        answered=answered,
    )


def _require_staff(consultation: Consultation, actor: Any) -> None:
    if roles.is_office_admin(actor):
        return
    if not (
        roles.has_role(actor, roles.INTERACTION_HANDLER)
        and actor.organisation_id == consultation.organisation_id
    ):
        raise ConsultationError("只有本单位的互动办理人可以处理征集意见。")


@transaction.atomic
def submit_comment(
    consultation: Consultation,
    *,
    content: str,
    name: str = "",
    contact: str = "",
    article: int | None = None,
    now: datetime.datetime,
) -> Comment:
    """Take a comment while the consultation is open; group it with earlier copies.

    The comment waits for moderation before it is shown. Identical text (after folding
    width, case, spaces and punctuation) or near-identical text joins the earlier
    opinion's group, so a mass campaign is counted honestly and read once.
    """
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_public:
        raise ConsultationError("该意见征集不存在或尚未发布。")
    if current_phase(consultation, now=now) != Phase.OPEN:
        raise ConsultationError("该意见征集不在征集期内，不能提交意见。")
    articles = consultation.articles
    if article is not None and (article < 1 or (articles and article > articles)):
        raise ConsultationError(f"征求意见稿共 {articles} 条，请填写正确的条款序号。")
    print_ = fingerprint(content)
    group = (
        Comment.objects.filter(consultation=consultation, fingerprint=print_)
        .order_by("id")
        .first()
    )
    if group is None:
        for candidate in Comment.objects.filter(
            consultation=consultation, group__isnull=True
        ).order_by("-id")[:GROUP_CANDIDATES]:
            if near_identical(candidate.content, content):
                group = candidate
                break
    if group is not None and group.group_id is not None:
        group = group.group
    return Comment.objects.create(
        consultation=consultation,
        name=name,
        contact=contact,
        article=article,
        content=content,
        submitted_at=now,
        fingerprint=print_,
        group=group,
    )


@transaction.atomic
def approve_comment(comment: Comment, *, actor: Any, now: datetime.datetime) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require_staff(comment.consultation, actor)
    if comment.status != CommentStatus.PENDING:
        raise ConsultationError("该意见已审核。")
    comment.status = CommentStatus.APPROVED
    comment.moderated_by = actor
    comment.moderated_at = now
    comment.save(update_fields=["status", "moderated_by", "moderated_at"])
    return comment


@transaction.atomic
def reject_comment(
    comment: Comment,
    *,
    actor: Any,
    reason: str,
    note: str = "",
    now: datetime.datetime,
) -> Comment:
    """Withhold a comment, keeping the reason; the count by reason is public."""
    if reason not in RejectionReason.values:
        raise ConsultationError("请选择未通过原因。")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require_staff(comment.consultation, actor)
    if comment.status != CommentStatus.PENDING:
        raise ConsultationError("该意见已审核。")
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = reason
    comment.rejection_note = note
    comment.moderated_by = actor
    comment.moderated_at = now
    comment.save(
        update_fields=[
            "status",
            "rejection_reason",
            "rejection_note",
            "moderated_by",
            "moderated_at",
        ]
    )
    return comment


@transaction.atomic
def record_adoption(
    comment: Comment, *, actor: Any, adoption: str, reason: str
) -> Comment:
    """Record whether an approved opinion (and its copies) was adopted, and why."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _require_staff(comment.consultation, actor)
    if comment.status != CommentStatus.APPROVED:
        raise ConsultationError("只能对已通过审核的意见填写采纳情况。")
    if adoption not in Adoption.values:
        raise ConsultationError("请选择采纳情况。")
    if adoption != Adoption.ADOPTED and not reason.strip():
        raise ConsultationError("部分采纳或未采纳的意见须说明理由。")
    Comment.objects.filter(pk=comment.pk).update(
        adoption=adoption, adoption_reason=reason
    )
    Comment.objects.filter(group=comment, status=CommentStatus.APPROVED).update(
        adoption=adoption, adoption_reason=reason
    )
    comment.refresh_from_db()
    return comment


def close_due_consultations(*, now: datetime.datetime) -> int:
    """Close every consultation whose last day has passed (idempotent, catches up).

    A conditional UPDATE claims each row, so a second run, or two beat runs at
    once, close nothing twice.
    """
    return Consultation.objects.filter(
        closed_at__isnull=True, closes_on__lt=_today(now)
    ).update(closed_at=now)


@transaction.atomic
def prepare_feedback_report(
    consultation: Consultation, *, actor: Any, body: str, now: datetime.datetime
) -> FeedbackReport:
    """Create the draft 意见采纳情况 with the figures frozen from the comments."""
    from interaction.selectors_consultations import comment_figures

    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_staff(consultation, actor)
    if current_phase(consultation, now=now) in (Phase.UPCOMING, Phase.OPEN):
        raise ConsultationError("征集截止后才能发布意见采纳情况。")
    if not body.strip():
        raise ConsultationError("请填写采纳情况说明。")
    existing = FeedbackReport.objects.filter(consultation=consultation).first()
    if existing is not None:
        return existing
    return FeedbackReport.objects.create(
        consultation=consultation,
        organisation_id=consultation.organisation_id,
        author=actor,
        title=f"关于《{consultation.title}》征求意见采纳情况的说明",
        body=body,
        figures=comment_figures(consultation),
    )
