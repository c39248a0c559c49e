"""Reads of consultations. Every public read starts from ``Consultation.objects.public()``."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from interaction.consultation_rules import Phase, phase
from interaction.models import (
    Adoption,
    Comment,
    CommentStatus,
    Consultation,
    FeedbackReport,
    RejectionReason,
)


def _with_answered(queryset: Any) -> Any:
    return queryset.annotate(
        answered=Exists(
            FeedbackReport.objects.public().filter(consultation=OuterRef("pk"))
        )
    )


def phase_of(consultation: Any, today: datetime.date) -> Phase:
    return phase(
        consultation.opens_on,
        consultation.closes_on,
        today=today,
        closed=consultation.closed_at is not None,
        answered=bool(getattr(consultation, "answered", False)),
    )


def public_consultations() -> QuerySet[Consultation]:
    return _with_answered(
        Consultation.objects.public()
        .select_related("organisation")
        .defer("draft_text", "explanation", "expert_opinion", "risk_assessment")
        .order_by("-opens_on", "-id")
    )


def consultation_page(pk: int) -> Consultation | None:
    return (
        _with_answered(
            Consultation.objects.public_pages().select_related("organisation")
        )
        .filter(pk=pk)
        .first()
    )


def public_feedback(consultation: Consultation) -> FeedbackReport | None:
    return FeedbackReport.objects.public().filter(consultation=consultation).first()


@dataclass
class OpinionGroup:
    comment: Comment
    copies: int  # approved copies besides the comment itself


@dataclass
class ArticleOpinions:
    article: int | None
    groups: list[OpinionGroup] = field(default_factory=list)


def approved_opinions(consultation: Consultation) -> list[ArticleOpinions]:
    """Approved opinions, one entry per group of copies, grouped by article (2 queries)."""
    approved = Comment.objects.filter(
        consultation=consultation, status=CommentStatus.APPROVED
    )
    copies = dict(
        approved.filter(group__isnull=False)
        .values("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    by_article: dict[int | None, list[OpinionGroup]] = defaultdict(list)
    for comment in approved.filter(group__isnull=True).only(
        "id",
        "name",
        "article",
        "content",
        "submitted_at",
        "adoption",
        "adoption_reason",
    ):
        by_article[comment.article].append(
            OpinionGroup(comment, copies.get(comment.pk, 0))
        )
    return [
        ArticleOpinions(article, groups)
        for article, groups in sorted(
            by_article.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)
        )
    ]


def rejected_counts(consultation: Consultation) -> list[tuple[str, int]]:
    """How many comments were withheld, by reason (shown in public)."""
    rows = dict(
        Comment.objects.filter(consultation=consultation, status=CommentStatus.REJECTED)
        .values("rejection_reason")
        .annotate(n=Count("id"))
        .values_list("rejection_reason", "n")
    )
    return [
        (str(label), rows[value])
        for value, label in RejectionReason.choices
        if value in rows
    ]


def comment_figures(consultation: Consultation) -> dict[str, Any]:
    """The feedback report's figures: received, shown, withheld, distinct opinions and
    adoption per article."""
    comments = Comment.objects.filter(consultation=consultation)
    totals = comments.aggregate(
        received=Count("id"),
        approved=Count("id", filter=Q(status=CommentStatus.APPROVED)),
        rejected=Count("id", filter=Q(status=CommentStatus.REJECTED)),
        distinct=Count(
            "id", filter=Q(status=CommentStatus.APPROVED, group__isnull=True)
        ),
    )
    per_article: dict[str, dict[str, int]] = {}
    rows = (
        comments.filter(status=CommentStatus.APPROVED)
        .values("article", "adoption")
        .annotate(n=Count("id"))
    )
    for row in rows:
        key = f"第{row['article']}条" if row["article"] else "总体意见"
        bucket = per_article.setdefault(
            key, {value: 0 for value in Adoption.values} | {"pending": 0}
        )
        bucket[row["adoption"] or "pending"] += row["n"]
    return {**totals, "per_article": per_article}


def consultations_overdue_feedback(today: datetime.date) -> QuerySet[Consultation]:
    """Closed consultations without a published feedback report: overdue for the office."""
    return (
        _with_answered(Consultation.objects.public().select_related("organisation"))
        .filter(closes_on__lt=today, answered=False)
        .order_by("closes_on")
    )


def today() -> datetime.date:
    return timezone.localdate()


PHASE_LABELS = dict(Phase.choices)
