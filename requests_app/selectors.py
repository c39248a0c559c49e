"""Reads of on-request disclosure. Every staff read starts from ``visible_to(user)``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property

from portal.reminders.models import ReminderSent
from portal.workdays import WorkCalendar
from requests_app import crypto, deadlines, ids

# Moved to requests_app.annual_report; re-exported for existing callers.
from requests_app.annual_report import (  # noqa: F401
    ANNUAL_REPORT_COLUMNS,
    AnnualRequestCounts,
    annual_report_counts,
)
from requests_app.choices import ApplicantType, AttachmentCheck
from requests_app.models import (
    Application,
    ApplicationEvent,
    Attachment,
    Reply,
    ReplyTemplate,
    TypicalCase,
)
from requests_app.workflow import Status


class NoCountPaginator(Paginator):
    """A paginator that never runs ``COUNT(*)``: it fetches one row more than a page.

    On a million applications the exact count costs more than the page itself.
    """

    MAX_PAGE = 10_000

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return 10**9

    def page(self, number: Any) -> Page:  # type: ignore[override]
        text = str(number)
        # ASCII only: int() also reads full-width digits of any length.
        number = int(text) if text.isascii() and text.isdigit() else 1
        number = min(max(1, number), self.MAX_PAGE)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        page = Page(rows[: self.per_page], number, self)
        page.has_next = lambda: len(rows) > self.per_page  # type: ignore[method-assign]
        return page


# --- public tracking ---------------------------------------------------------------------


def get_application_for_applicant(
    serial_number: str, query_code: str
) -> Application | None:
    """Return the application for a matching (serial number, query code) pair, else None.

    A wrong pair and an unknown serial both give None: no hint whether a serial exists.
    """
    serial = serial_number.strip().upper()
    if not ids.is_valid_serial_number(serial) or not query_code.strip():
        return None
    application = (
        Application.objects.filter(serial_number=serial)
        .select_related("reply", "organisation")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.order_by("at", "id").only(
                    "application_id", "kind", "on", "at", "status_after", "payload"
                ),
            )
        )
        .first()
    )
    if application is None or not crypto.query_code_matches(
        serial, query_code, application.query_code_hash
    ):
        return None
    return application


@dataclass(frozen=True)
class PublicEvent:
    kind: str
    label: str
    on: datetime.date
    note: str


# What the applicant sees of each step (never staff-internal reasons or names).
_PUBLIC_NOTES = {
    "correction_requested": lambda p: "需补正事项：" + "；".join(p.get("items", [])),
    "extended": lambda p: f"答复期限延长{p.get('days', 0)}个工作日",
    "fee_notice_issued": lambda p: f"应缴纳信息处理费{p.get('amount', 0)}元",
    "transferred": lambda p: f"转由{p.get('to_organisation', '')}办理",
}


def public_events(application: Application) -> list[PublicEvent]:
    rows = []
    for event in application.events.all():
        note_fn = _PUBLIC_NOTES.get(event.kind)
        rows.append(
            PublicEvent(
                kind=event.kind,
                label=event.get_kind_display(),
                on=event.on,
                note=note_fn(event.payload) if note_fn else "",
            )
        )
    return rows


def get_reply(application: Application) -> Reply | None:
    try:
        return application.reply
    except Reply.DoesNotExist:
        return None


# --- staff dashboard ---------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    application: Application
    days_left: int | None  # working days; None while the clock is stopped
    overdue: bool

    @property
    def days_late(self) -> int:
        return (
            -self.days_left if self.days_left is not None and self.days_left < 0 else 0
        )


def dashboard_queryset(user: Any) -> QuerySet[Application]:
    """The user's unit's open applications, earliest due first (overdue on top)."""
    return (
        Application.objects.open()
        .visible_to(user)
        .select_related("organisation", "handler")
        .only(
            "id",
            "serial_number",
            "status",
            "due_date",
            "clock_paused_since",
            "received_on",
            "submitted_at",
            "channel",
            "topic",
            "organisation__name",
            "handler__username",
            "handler__full_name",
        )
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )


def dashboard_page(
    user: Any, *, page: Any, today: datetime.date, calendar: WorkCalendar
) -> tuple[Page, list[DashboardRow]]:
    paginator = NoCountPaginator(dashboard_queryset(user), 25)
    current = paginator.page(page)
    rows = []
    for application in current.object_list:
        left = (
            deadlines.working_days_left(today, application.due_date, calendar=calendar)
            if application.due_date is not None
            else None
        )
        rows.append(DashboardRow(application, left, left is not None and left < 0))
    return current, rows


def unconfirmed_online_filings(
    user: Any, *, today: datetime.date, calendar: WorkCalendar, limit: int = 50
) -> list[Application]:
    """Online/fax filings not confirmed within one working day of submission."""
    cutoff_day = calendar.add_workdays(today, -1)
    cutoff = timezone.make_aware(
        datetime.datetime.combine(cutoff_day, datetime.time.min)
    )
    return list(
        Application.objects.visible_to(user)
        .filter(status=Status.PENDING_CONFIRMATION, submitted_at__lt=cutoff)
        .select_related("organisation")
        .only("id", "serial_number", "submitted_at", "channel", "organisation__name")
        .order_by("submitted_at", "id")[:limit]
    )


# --- time-driven work --------------------------------------------------------------------


def applications_due_for_reminders(
    today: datetime.date, calendar: WorkCalendar
) -> Iterator[Application]:
    """Running clocks due within 5 working days (or overdue and not yet told so)."""
    horizon = calendar.add_workdays(today, 5)
    overdue_sent = ReminderSent.objects.filter(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=Cast(
            OuterRef("pk"), output_field=ReminderSent._meta.get_field("object_id")
        ),
        threshold="overdue",
        due_on=OuterRef("due_date"),
    )
    return (
        Application.objects.clock_running()
        .filter(due_date__lte=horizon)
        .exclude(Exists(overdue_sent))
        .select_related("organisation", "handler")
        .only(
            "id",
            "serial_number",
            "due_date",
            "status",
            "organisation__name",
            "organisation__office_email",
            "handler__email",
        )
        .order_by("due_date", "id")
        .iterator(chunk_size=2000)
    )


def applications_past_applicant_due(today: datetime.date) -> list[Application]:
    return list(
        Application.objects.filter(
            status__in=[Status.AWAITING_CORRECTION, Status.AWAITING_PAYMENT],
            applicant_due__lt=today,
        ).order_by("id")
    )


def applicant_pieces_before(application: Application) -> int:
    """Count the same applicant's applications earlier in the same natural month.

    《信息处理费管理办法》第四条: 同一申请人一个自然月内累计申请件数.
    """
    local = timezone.localtime(application.submitted_at)
    month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if application.applicant_type == ApplicantType.NATURAL:
        if not application.id_number_hash:
            return 0
        same = Q(id_number_hash=application.id_number_hash)
    else:
        same = Q(credit_code=application.credit_code)
    return (
        Application.objects.filter(same)
        .filter(
            submitted_at__gte=month_start, submitted_at__lt=application.submitted_at
        )
        .exclude(pk=application.pk)
        .count()
    )


# --- staff detail, templates, analysis, export --------------------------------------------


def staff_application(user: Any, pk: int) -> Application | None:
    return (
        Application.objects.visible_to(user)
        .select_related("organisation", "handler")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "at", "id"
                ),
            ),
            "attachments",
            "review_outcomes",
        )
        .filter(pk=pk)
        .first()
    )


def reply_templates_for(user: Any) -> QuerySet[ReplyTemplate]:
    organisation_id = getattr(user, "organisation_id", None)
    return ReplyTemplate.objects.filter(is_active=True).filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    )


@dataclass(frozen=True)
class AnalysisCounts:
    by_topic: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    by_unit_month: list[dict[str, Any]]
    fees_total: int


def analysis(user: Any, *, start: datetime.date, end: datetime.date) -> AnalysisCounts:
    """Applications by topic, by area and by unit per month, in ``[start, end]``."""
    base = Application.objects.visible_to(user).filter(
        submitted_at__date__gte=start, submitted_at__date__lte=end
    )
    by_topic = list(
        base.values("topic").annotate(total=Count("id")).order_by("-total", "topic")
    )
    by_area = list(
        base.exclude(area="")
        .values("area")
        .annotate(total=Count("id"))
        .order_by("-total", "area")[:30]
    )
    by_unit_month = list(
        base.annotate(month=TruncMonth("submitted_at"))
        .values("organisation__name", "month")
        .annotate(total=Count("id"))
        .order_by("month", "organisation__name")
    )
    fees = base.filter(events__kind="fee_paid").aggregate(total=Sum("fee_amount"))
    return AnalysisCounts(by_topic, by_area, by_unit_month, int(fees["total"] or 0))


def export_queryset(user: Any) -> QuerySet[Application]:
    """Application records and states for the city platform: no personal data."""
    return (
        Application.objects.visible_to(user)
        .select_related("organisation", "reply")
        .only(
            "id",
            "serial_number",
            "organisation__name",
            "organisation__code",
            "channel",
            "applicant_type",
            "legal_person_kind",
            "topic",
            "submitted_at",
            "received_on",
            "status",
            "due_date",
            "extension_days",
            "fee_amount",
            "updated_at",
            "reply__reply_type",
            "reply__reason",
            "reply__replied_on",
        )
        .order_by("-id")
    )


# --- case library ------------------------------------------------------------------------


def public_cases(query: str = "", topic: str = "") -> QuerySet[TypicalCase]:
    """The one rule for what the public sees of the case library."""
    cases = TypicalCase.objects.filter(is_public=True).select_related("organisation")
    return _filter_cases(cases, query, topic)


def staff_cases(user: Any, query: str = "", topic: str = "") -> QuerySet[TypicalCase]:
    """Staff see every case of the library (it exists to prepare answers)."""
    cases = TypicalCase.objects.select_related("organisation")
    if not getattr(user, "is_staff", False):
        cases = cases.filter(is_public=True)
    return _filter_cases(cases, query, topic)


def clean_query(text: str, limit: int = 50) -> str:
    """Return a search string without control characters (PostgreSQL refuses NUL)."""
    return "".join(c for c in text if c.isprintable()).strip()[:limit]


def _filter_cases(
    cases: QuerySet[TypicalCase], query: str, topic: str
) -> QuerySet[TypicalCase]:
    query = clean_query(query)
    if query:
        cases = cases.filter(
            Q(title__icontains=query)
            | Q(request_summary__icontains=query)
            | Q(handling__icontains=query)
        )
    if topic:
        cases = cases.filter(topic=topic)
    return cases.order_by("-published_at", "-id")


def get_public_case(pk: int) -> TypicalCase | None:
    return (
        public_cases()
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(
                    check_status__in=RELEASED_CHECKS
                ).only("id", "typical_case_id", "original_name", "size"),
                to_attr="released_attachments",
            )
        )
        .filter(pk=pk)
        .first()
    )


# Only files whose hidden-data check passed, or that a person reviewed, leave the office.
RELEASED_CHECKS = (AttachmentCheck.CLEAN, AttachmentCheck.APPROVED)


def get_public_case_attachment(case_pk: int, attachment_pk: int) -> Attachment | None:
    return Attachment.objects.filter(
        pk=attachment_pk,
        typical_case_id=case_pk,
        typical_case__is_public=True,
        check_status__in=RELEASED_CHECKS,
    ).first()


# --- projection check ----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectionMismatch:
    application_id: int
    field: str
    stored: Any
    derived: Any


def projection_mismatches(
    calendar: WorkCalendar, *, fee_pauses_clock: bool = True, batch: int = 2000
) -> Iterator[ProjectionMismatch]:
    """Recompute every application's projection from its events; yield differences."""
    from requests_app.workflow import ClockEvent, EventKind, InvalidTransition, project

    applications = Application.objects.only(
        "id",
        "status",
        "due_date",
        "clock_paused_since",
        "received_on",
        "extension_days",
    ).prefetch_related(
        Prefetch(
            "events",
            queryset=ApplicationEvent.objects.order_by("at", "id").only(
                "application_id", "kind", "on", "payload"
            ),
        )
    )
    for application in applications.iterator(chunk_size=batch):
        events = [
            ClockEvent(EventKind(e.kind), e.on, e.payload)
            for e in application.events.all()
        ]
        try:
            state = project(events, calendar, fee_pauses_clock=fee_pauses_clock)
        except InvalidTransition as exc:
            yield ProjectionMismatch(application.pk, "events", "", exc.message)
            continue
        for field in (
            "status",
            "due_date",
            "clock_paused_since",
            "received_on",
            "extension_days",
        ):
            stored, derived = getattr(application, field), getattr(state, field)
            if stored != derived:
                yield ProjectionMismatch(application.pk, field, stored, derived)


def deadline_for(
    application: Application,
    *,
    today: datetime.date,
    calendar: WorkCalendar,
    fee_pauses_clock: bool = True,
) -> deadlines.Deadline | None:
    """Return working days used and left as of ``today`` (None before receipt or while
    the corrected application is awaited: the period will start afresh)."""
    from requests_app.workflow import ClockEvent, EventKind, project

    events = [
        ClockEvent(EventKind(e.kind), e.on, e.payload) for e in application.events.all()
    ]
    state = project(events, calendar, fee_pauses_clock=fee_pauses_clock)
    if state.received_on is None or state.status == Status.AWAITING_CORRECTION:
        return None
    return deadlines.compute_deadline(
        state.received_on,
        today=today,
        calendar=calendar,
        pauses=state.pauses,
        extension_days=state.extension_days,
        restarted_on=state.restarted_on,
    )
