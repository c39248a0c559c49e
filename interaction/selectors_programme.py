"""Reads of interviews, meetings, commitments, and the staff analysis page."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from interaction.hotline import top_terms
from interaction.models import (
    Comment,
    Commitment,
    CommitmentProgress,
    ExecutiveMeeting,
    HotlineRecord,
    Interview,
    InterviewQuestion,
    Letter,
    MeetingAttendee,
    QuestionStatus,
)
from portal.models import IndexEntry
from portal.search.query import matching, parse_query


def public_interviews() -> QuerySet[Interview]:
    return (
        Interview.objects.public()
        .select_related("organisation")
        .defer("transcript")
        .order_by("-scheduled_at", "-id")
    )


def interview_page(pk: int) -> Interview | None:
    return (
        Interview.objects.public_pages()
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )


def answered_questions(interview: Interview) -> list[InterviewQuestion]:
    return list(
        interview.questions.filter(status=QuestionStatus.ANSWERED).order_by(
            "submitted_at", "id"
        )
    )


def public_meetings() -> QuerySet[ExecutiveMeeting]:
    return (
        ExecutiveMeeting.objects.public()
        .select_related("organisation")
        .order_by("-held_on", "-id")
    )


def meeting_page(pk: int) -> ExecutiveMeeting | None:
    return (
        ExecutiveMeeting.objects.public_pages()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("attendees", queryset=MeetingAttendee.objects.order_by("id"))
        )
        .filter(pk=pk)
        .first()
    )


def public_commitments(year: int) -> QuerySet[Commitment]:
    return (
        Commitment.objects.public()
        .filter(year=year)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=CommitmentProgress.objects.order_by("-reported_on", "-id"),
            )
        )
        .order_by("organisation__sort_order", "organisation_id", "deadline", "id")
    )


def commitment_years() -> list[int]:
    return list(
        Commitment.objects.public()
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


# --- analysis (staff) ------------------------------------------------------------------
@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    letters: int
    comments: int
    questions: int
    hotline: int

    @property
    def total(self) -> int:
        return self.letters + self.comments + self.questions + self.hotline


@dataclass(frozen=True)
class AskedTopic:
    topic: str
    count: int
    answers: list[IndexEntry]  # policies or interpretations that answer it; [] = gap


@dataclass(frozen=True)
class Analysis:
    start: datetime.date
    end: datetime.date
    months: list[MonthRow]
    by_unit: list[tuple[str, int]]
    terms: list[tuple[str, int]]
    topics: list[AskedTopic]
    peak: int


def _per_month(queryset: Any, field: str) -> dict[datetime.date, int]:
    rows = (
        queryset.annotate(m=TruncMonth(field))
        .values("m")
        .annotate(n=Count("id"))
        .values_list("m", "n")
    )
    result: dict[datetime.date, int] = {}
    for month, n in rows:
        if isinstance(month, datetime.datetime):
            month = (
                timezone.localtime(month).date()
                if timezone.is_aware(month)
                else month.date()
            )
        result[month.replace(day=1)] = n
    return result


def answering_entries(topic: str, limit: int = 3) -> list[IndexEntry]:
    """Published policies and interpretations whose text contains ``topic``."""
    query = parse_query(topic[:50])
    if not query.is_searchable:
        return []
    candidates = IndexEntry.objects.filter(section__in=["policies", "interpretations"])
    return list(matching(candidates, query).order_by("-published_at")[:limit])


def interaction_analysis(start: datetime.date, end: datetime.date) -> Analysis:
    """Group letters, comments, interview questions and hotline records by month, unit
    and topic over ``start``–``end`` (inclusive), for decisions to take into account."""
    letters = Letter.objects.filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    comments = Comment.objects.filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    questions = InterviewQuestion.objects.filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    hotline = HotlineRecord.objects.filter(received_on__gte=start, received_on__lte=end)
    series = [
        _per_month(letters, "submitted_at"),
        _per_month(comments, "submitted_at"),
        _per_month(questions, "submitted_at"),
        _per_month(hotline, "received_on"),
    ]
    months = sorted({m for s in series for m in s})
    rows = [MonthRow(m, *(s.get(m, 0) for s in series)) for m in months]
    units: Counter[str] = Counter()
    for name, n in (
        letters.exclude(organisation=None)
        .values_list("organisation__name")
        .annotate(n=Count("id"))
    ):
        units[name] += n
    for name, n in (
        hotline.exclude(unit_name="").values_list("unit_name").annotate(n=Count("id"))
    ):
        units[name] += n
    texts = [
        *letters.values_list("subject", flat=True)[:5000],
        *comments.values_list("content", flat=True)[:5000],
        *questions.values_list("content", flat=True)[:5000],
        *hotline.values_list("question", flat=True)[:5000],
    ]
    topic_counts = (
        hotline.values("topic").annotate(n=Count("id")).order_by("-n", "topic")[:10]
    )
    topics = [
        AskedTopic(row["topic"], row["n"], answering_entries(row["topic"]))
        for row in topic_counts
    ]
    return Analysis(
        start=start,
        end=end,
        months=rows,
        by_unit=units.most_common(15),
        terms=top_terms(texts, 20),
        topics=topics,
        peak=max((r.total for r in rows), default=0),
    )
