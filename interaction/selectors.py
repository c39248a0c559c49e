"""Reads of public interaction. Every public list starts from the models' ``public()``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from interaction.models import (
    Consultation,
    Interview,
    Letter,
    OpenMonthEvent,
    PublishedLetter,
    Registration,
    RegistrationStatus,
)
from interaction.services.mailbox import query_code_matches, reply_working_days
from interaction.workflow import LetterStatus, Step, project
from portal import roles
from portal.checkdigits import is_valid_serial
from portal.models import Organisation
from portal.selectors import work_calendar
from portal.workdays import WorkCalendar

SERIAL_PREFIX = "XX"
PUBLIC_LETTER_FIELDS = (
    "id",
    "category",
    "subject",
    "reply",
    "content",
    "received_on",
    "replied_on",
    "published_at",
    "organisation__name",
)


# --- mailbox -----------------------------------------------------------------------
def get_letter_for_writer(serial_number: str, query_code: str) -> Letter | None:
    """Return the letter when serial and query code match; None otherwise (no hint which)."""
    serial = serial_number.strip().upper()
    if not is_valid_serial(SERIAL_PREFIX, serial) or not query_code.strip():
        return None
    letter = (
        Letter.objects.select_related("organisation")
        .filter(serial_number=serial)
        .first()
    )
    if letter is None or not query_code_matches(letter, query_code):
        return None
    return letter


def public_letters(query: str = "") -> QuerySet[PublishedLetter]:
    """Published replies (the one visibility rule), newest first, optionally searched."""
    queryset = (
        PublishedLetter.objects.public()
        .select_related("organisation")
        .only(*PUBLIC_LETTER_FIELDS)
        .order_by("-published_at", "-id")
    )
    query = query.strip()
    if query:
        queryset = queryset.filter(
            Q(subject__icontains=query)
            | Q(content__icontains=query)
            | Q(reply__icontains=query)
        )
    return queryset  # type: ignore[return-value]


def public_letter_page(pk: int) -> PublishedLetter | None:
    return (
        PublishedLetter.objects.public_pages()
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )


def letters_due_for_reminders(
    today: datetime.date, calendar: WorkCalendar
) -> QuerySet[Letter]:
    """Open letters whose deadline is at most one working day away (or passed)."""
    horizon = calendar.add_workdays(today, 1)
    return Letter.objects.open().filter(due_date__lte=horizon).order_by("due_date")


def letter_handler_emails(letter: Letter) -> list[str]:
    """The handling unit's 互动办理人; the office administrators while unassigned."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if letter.organisation_id is None:
        users = users.filter(groups__name=roles.OFFICE_ADMIN)
    else:
        users = users.filter(
            organisation_id=letter.organisation_id,
            groups__name=roles.INTERACTION_HANDLER,
        )
    return sorted(set(users.values_list("email", flat=True)))


def letter_history(letter: Letter) -> list[Any]:
    return list(letter.events.select_related("actor", "unit").order_by("at", "id"))


def staff_letters(user: Any) -> QuerySet[Letter]:
    return Letter.objects.visible_to(user).select_related("organisation")


@dataclass(frozen=True)
class MailboxStatistics:
    """The 互动交流/留言办理 figures of the website annual report (国办函〔2018〕12号)."""

    year: int
    received: int
    replied: int
    average_reply_working_days: float | None
    published: int


def mailbox_statistics(
    year: int,
    organisation: Organisation | None = None,
    *,
    calendar: WorkCalendar | None = None,
) -> MailboxStatistics:
    """Return letters received in ``year``, those replied, the mean working days from
    receipt to first reply, and replies published (for one unit when given)."""
    letters = Letter.objects.filter(submitted_at__year=year)
    published = PublishedLetter.objects.public().filter(letter__submitted_at__year=year)
    if organisation is not None:
        letters = letters.filter(organisation=organisation)
        published = published.filter(organisation=organisation)
    replied_rows = list(
        letters.filter(first_replied_at__isnull=False).values_list(
            "submitted_at", "first_replied_at"
        )
    )
    calendar = calendar or work_calendar()
    from django.utils import timezone

    spans = [
        calendar.workdays_between(
            timezone.localtime(received).date(), timezone.localtime(replied).date()
        )
        for received, replied in replied_rows
    ]
    return MailboxStatistics(
        year=year,
        received=letters.count(),
        replied=len(replied_rows),
        average_reply_working_days=(
            round(sum(spans) / len(spans), 1) if spans else None
        ),
        published=published.count(),
    )


@dataclass(frozen=True)
class ConsultationStatistics:
    """征集调查 figures of the website annual report (国办函〔2018〕12号)."""

    year: int
    held: int
    comments: int
    results_published: int


def consultation_statistics(
    year: int, organisation: Organisation | None = None
) -> ConsultationStatistics:
    """Return public consultations opened in ``year``, every comment they received
    (moderated or not: the report counts what came in) and how many of them have a
    published 意见采纳情况 — one query."""
    from portal.publishing.models import ReviewState

    consultations = Consultation.objects.public().filter(opens_on__year=year)
    if organisation is not None:
        consultations = consultations.filter(organisation=organisation)
    figures = consultations.aggregate(
        held=Count("id", distinct=True),
        comments=Count("comments", distinct=True),
        results=Count(
            "feedback",
            filter=Q(
                feedback__review_state=ReviewState.PUBLISHED,
                feedback__published_at__isnull=False,
            ),
            distinct=True,
        ),
    )
    return ConsultationStatistics(
        year=year,
        held=figures["held"],
        comments=figures["comments"],
        results_published=figures["results"],
    )


@dataclass(frozen=True)
class InterviewStatistics:
    """在线访谈 figures of the website annual report (国办函〔2018〕12号)."""

    year: int
    held: int
    questions: int
    answered: int


def interview_statistics(
    year: int, organisation: Organisation | None = None
) -> InterviewStatistics:
    """Return public interviews held in ``year``, the questions sent in for them and
    those the guests answered — one query."""
    from interaction.models.programme import QuestionStatus

    interviews = Interview.objects.public().filter(scheduled_at__year=year)
    if organisation is not None:
        interviews = interviews.filter(organisation=organisation)
    figures = interviews.aggregate(
        held=Count("id", distinct=True),
        asked=Count("questions", distinct=True),
        answered=Count(
            "questions",
            filter=Q(questions__status=QuestionStatus.ANSWERED),
            distinct=True,
        ),
    )
    return InterviewStatistics(
        year=year,
        held=figures["held"],
        questions=figures["asked"],
        answered=figures["answered"],
    )


def letter_counts_by_status() -> dict[str, int]:
    rows = Letter.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# --- open-month events ---------------------------------------------------------------
def public_events() -> QuerySet[OpenMonthEvent]:
    return (
        OpenMonthEvent.objects.public()
        .select_related("organisation")
        .order_by("-starts_at", "-id")
    )


def public_event_page(pk: int) -> OpenMonthEvent | None:
    return public_events().filter(pk=pk).first()


def registration_by_code(code: str) -> Registration | None:
    code = code.strip().upper()
    if not code or len(code) > 12:
        return None
    return Registration.objects.select_related("event").filter(code=code).first()


def waiting_position(registration: Registration) -> int | None:
    """1-based place on the waiting list, or None when not waiting."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITING
    ).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def attendees(event: OpenMonthEvent) -> QuerySet[Registration]:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by(
        "created_at", "id"
    )


def event_counts(event: OpenMonthEvent) -> dict[str, int]:
    rows = event.registrations.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


OPEN_LETTER_STATES = (LetterStatus.SUBMITTED, LetterStatus.ASSIGNED)


@dataclass(frozen=True)
class ProjectionMismatch:
    letter_id: int
    field: str
    stored: object
    derived: object


def letter_projection_mismatches(calendar: WorkCalendar) -> list[ProjectionMismatch]:
    """Recompute each letter's state from its events and list stored values that differ."""
    mismatches = []
    letters = Letter.objects.prefetch_related("events").order_by("id")
    for letter in letters.iterator(chunk_size=500):
        events = sorted(letter.events.all(), key=lambda e: e.pk)  # insertion order
        steps = [Step(e.kind, e.at, e.unit_id) for e in events]
        state = project(steps, calendar=calendar, working_days=reply_working_days())
        for name, stored, derived in (
            ("status", letter.status, state.status),
            ("organisation", letter.organisation_id, state.unit_id),
            ("due_date", letter.due_date, state.due_date),
            ("reopens", letter.reopens, state.reopens),
        ):
            if stored != derived:
                mismatches.append(ProjectionMismatch(letter.pk, name, stored, derived))
    return mismatches
