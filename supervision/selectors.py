"""Reads of supervision: ledger progress (also for the annual report), compliance,
new-media flags, the dashboard and the per-unit scorecard. Fixed query counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.models import Organisation
from portal.scoping import scope_queryset
from portal.workdays import WorkCalendar
from supervision import figures, rules
from supervision.models import (
    Activity,
    Inspection,
    LinkCheckRun,
    LinkFinding,
    NewMediaAccount,
    Repost,
    RepostRequirement,
    Task,
)
from supervision.workflow import (
    OPEN,
    InvalidTransition,
    LedgerEvent,
    TaskEventKind,
    TaskStatus,
    project,
)

# --- annual report interface -------------------------------------------------------


@dataclass(frozen=True)
class TaskProgress:
    work_point_number: int
    work_point_title: str
    title: str
    deadline: datetime.date
    status: str
    status_label: str
    progress_text: str
    last_reported_on: datetime.date | None
    completed_on: datetime.date | None


@dataclass(frozen=True)
class UnitProgress:
    """A unit's year in the ledger, as the annual report (年度报告) reads it."""

    year: int
    tasks: tuple[TaskProgress, ...]
    meetings: int
    trainings: int

    @property
    def activities_met(self) -> bool:
        return rules.Compliance(self.meetings, self.trainings).met


def activity_counts(organisation: Organisation, year: int) -> rules.Compliance:
    """Return how many 专题会议 and 专题培训 ``organisation`` held in ``year``."""
    counts = Activity.objects.filter(
        organisation=organisation, held_on__year=year
    ).aggregate(
        meetings=Count("pk", filter=Q(kind=Activity.Kind.MEETING)),
        trainings=Count("pk", filter=Q(kind=Activity.Kind.TRAINING)),
    )
    return rules.Compliance(counts["meetings"] or 0, counts["trainings"] or 0)


def work_point_progress(organisation: Organisation, year: int) -> UnitProgress:
    """Return ``organisation``'s work-point tasks of ``year`` with their progress text
    and status, and its meeting and training counts (2 queries)."""
    tasks = (
        Task.objects.filter(organisation=organisation, work_point__year=year)
        .select_related("work_point")
        .order_by("work_point__number", "deadline", "id")
    )
    counts = activity_counts(organisation, year)
    return UnitProgress(
        year=year,
        tasks=tuple(
            TaskProgress(
                work_point_number=task.work_point.number,
                work_point_title=task.work_point.title,
                title=task.title,
                deadline=task.deadline,
                status=task.status,
                status_label=str(TaskStatus(task.status).label),
                progress_text=task.progress_text,
                last_reported_on=task.last_reported_on,
                completed_on=task.completed_on,
            )
            for task in tasks
        ),
        meetings=counts.meetings,
        trainings=counts.trainings,
    )


# --- ledger ---------------------------------------------------------------------------


def tasks_for(user: Any, year: int | None = None) -> QuerySet[Task]:
    queryset = Task.objects.select_related("work_point", "organisation")
    if year is not None:
        queryset = queryset.filter(work_point__year=year)
    return scope_queryset(queryset, user)


def overdue_tasks(today: datetime.date) -> QuerySet[Task]:
    """Open tasks past their deadline (not yet submitted or accepted)."""
    return Task.objects.filter(status__in=list(OPEN), deadline__lt=today)


def at_risk_tasks(today: datetime.date, calendar: WorkCalendar) -> QuerySet[Task]:
    """Open tasks due within :data:`rules.AT_RISK_WORKING_DAYS` working days."""
    return Task.objects.filter(
        status__in=list(OPEN),
        deadline__gte=today,
        deadline__lt=rules.at_risk_before(today, calendar),
    )


def staff_task(user: Any, pk: int) -> Task | None:
    return (
        tasks_for(user)
        .filter(pk=pk)
        .prefetch_related("events__actor", "events__evidence_entry")
        .first()
    )


# --- meetings and trainings -----------------------------------------------------------


@dataclass(frozen=True)
class ComplianceRow:
    organisation: Organisation
    meetings: int
    trainings: int

    @property
    def compliance(self) -> rules.Compliance:
        return rules.Compliance(self.meetings, self.trainings)

    @property
    def met(self) -> bool:
        return self.compliance.met


def compliance_table(year: int, user: Any | None = None) -> list[ComplianceRow]:
    """Per active unit, its meetings and trainings in ``year`` (1 query)."""
    units = Organisation.objects.filter(is_active=True)
    if user is not None:
        units = scope_queryset(units, user, "pk")
    in_year = Q(supervision_activities__held_on__year=year)
    units = units.annotate(
        meetings=Count(
            "supervision_activities",
            filter=in_year & Q(supervision_activities__kind=Activity.Kind.MEETING),
        ),
        trainings=Count(
            "supervision_activities",
            filter=in_year & Q(supervision_activities__kind=Activity.Kind.TRAINING),
        ),
    ).order_by("sort_order", "name")
    return [
        ComplianceRow(unit, unit.meetings, unit.trainings)  # type: ignore[attr-defined]
        for unit in units
    ]


# --- new media --------------------------------------------------------------------------


def stale_days() -> int:
    return int(
        getattr(settings, "SUPERVISION_NEW_MEDIA_STALE_DAYS", rules.DEFAULT_STALE_DAYS)
    )


def stale_accounts(
    today: datetime.date, user: Any | None = None
) -> QuerySet[NewMediaAccount]:
    """Open accounts not updated within the inspection window (检查指标: two weeks)."""
    limit = today - datetime.timedelta(days=stale_days())
    queryset = NewMediaAccount.objects.open().filter(
        Q(last_updated_on__lt=limit)
        | Q(last_updated_on__isnull=True, opened_on__lt=limit)
        | Q(last_updated_on__isnull=True, opened_on__isnull=True)
    )
    if user is not None:
        queryset = scope_queryset(queryset, user)
    return queryset.select_related("organisation")


def dormant_accounts(today: datetime.date) -> list[NewMediaAccount]:
    """The 瘦身提质 report: open low-activity accounts proposed for closure."""
    dormant_days = int(
        getattr(settings, "SUPERVISION_DORMANT_DAYS", rules.DEFAULT_DORMANT_DAYS)
    )
    min_followers = int(
        getattr(settings, "SUPERVISION_MIN_FOLLOWERS", rules.DEFAULT_MIN_FOLLOWERS)
    )
    limit = today - datetime.timedelta(days=dormant_days)
    return list(
        NewMediaAccount.objects.open()
        .filter(
            Q(followers__lt=min_followers)
            | Q(last_updated_on__lt=limit)
            | Q(last_updated_on__isnull=True, opened_on__lt=limit)
            | Q(last_updated_on__isnull=True, opened_on__isnull=True)
        )
        .select_related("organisation")
    )


@dataclass(frozen=True)
class RepostGap:
    requirement: RepostRequirement
    missing: tuple[NewMediaAccount, ...]
    reposted: int


def repost_gaps(limit: int = 20) -> list[RepostGap]:
    """For the latest repost requirements, the open accounts that did not repost (3 queries)."""
    requirements = list(
        RepostRequirement.objects.select_related("entry").order_by("-created_at")[
            :limit
        ]
    )
    accounts = list(NewMediaAccount.objects.open().select_related("organisation"))
    done = set(
        Repost.objects.filter(requirement__in=requirements).values_list(
            "requirement_id", "account_id"
        )
    )
    return [
        RepostGap(
            requirement=requirement,
            missing=tuple(
                a
                for a in accounts
                if (requirement.pk, a.pk) not in done
                and (a.opened_on is None or a.opened_on <= requirement.required_by)
            ),
            reposted=sum(1 for r, _a in done if r == requirement.pk),
        )
        for requirement in requirements
    ]


# --- website checks ---------------------------------------------------------------------


def latest_link_run() -> LinkCheckRun | None:
    return LinkCheckRun.objects.filter(finished_at__isnull=False).first()


def link_findings(run: LinkCheckRun | None, user: Any) -> list[LinkFinding]:
    """The findings of ``run`` the user may see, grouped by unit (sorted)."""
    if run is None:
        return []
    return list(
        scope_queryset(LinkFinding.objects.filter(run=run), user).select_related(
            "organisation"
        )[:500]
    )


# --- dashboard and scorecard ---------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """One unit's year: the figures notices are generated from."""

    organisation: Organisation
    tasks: int
    done: int
    overdue: int
    meetings: int
    trainings: int
    failed_inspections: int
    stale_accounts: int
    link_findings: int
    overdue_applications: int = 0
    late_replies: int = 0

    @property
    def activities_met(self) -> bool:
        return rules.Compliance(self.meetings, self.trainings).met

    @property
    def problems(self) -> int:
        return (
            self.overdue
            + self.overdue_applications
            + self.late_replies
            + self.failed_inspections
            + self.stale_accounts
            + (0 if self.activities_met else 1)
        )

    @property
    def outstanding(self) -> bool:
        """Every task done, both activities held, no failed inspection."""
        return self.tasks > 0 and self.done == self.tasks and self.problems == 0


def scorecard(year: int, today: datetime.date) -> list[ScoreRow]:
    """Per active unit, the year's figures (5 queries, plus one per registered figure
    of another app, whatever the number of units)."""
    compliance = {row.organisation.pk: row for row in compliance_table(year)}
    task_counts = {
        row["organisation"]: row
        for row in Task.objects.filter(work_point__year=year)
        .values("organisation")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("pk", filter=Q(status__in=list(OPEN), deadline__lt=today)),
        )
    }
    failed = dict(
        Inspection.objects.filter(inspected_on__year=year)
        .filter(Q(vetoed=True) | Q(score__lt=rules.PASS_SCORE))
        .values("account__organisation")
        .annotate(n=Count("pk"))
        .values_list("account__organisation", "n")
    )
    stale = dict(
        stale_accounts(today)
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    run = LinkCheckRun.objects.filter(finished_at__isnull=False).order_by(
        "-started_at", "-id"
    )[:1]
    links = dict(
        LinkFinding.objects.filter(run__in=run, organisation__isnull=False)
        .values("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    others = figures.collect(year, today)
    rows = []
    for unit_id, row in compliance.items():
        counts = task_counts.get(unit_id, {})
        rows.append(
            ScoreRow(
                organisation=row.organisation,
                tasks=counts.get("total", 0),
                done=counts.get("done", 0),
                overdue=counts.get("overdue", 0),
                meetings=row.meetings,
                trainings=row.trainings,
                failed_inspections=failed.get(unit_id, 0),
                stale_accounts=stale.get(unit_id, 0),
                link_findings=links.get(unit_id, 0),
                overdue_applications=others.get("overdue_applications", {}).get(
                    unit_id, 0
                ),
                late_replies=others.get("late_replies", {}).get(unit_id, 0),
            )
        )
    return rows


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    overdue: list[Task]
    at_risk: list[Task]
    stale: list[NewMediaAccount]
    open_rectifications: list[Inspection]
    units_short: list[ComplianceRow]
    latest_run: LinkCheckRun | None


def dashboard(user: Any, today: datetime.date, calendar: WorkCalendar) -> Dashboard:
    """What the office (or a unit, for its own rows) must act on (7 queries)."""
    related = ("work_point", "organisation")
    overdue = scope_queryset(overdue_tasks(today), user).select_related(*related)
    at_risk = scope_queryset(at_risk_tasks(today, calendar), user).select_related(
        *related
    )
    rectifications = scope_queryset(
        Inspection.objects.filter(rectified_on__isnull=True).filter(
            Q(vetoed=True) | Q(score__lt=rules.PASS_SCORE)
        ),
        user,
        "account__organisation",
    ).select_related("account__organisation")
    return Dashboard(
        today=today,
        overdue=list(overdue.order_by("deadline", "id")[:100]),
        at_risk=list(at_risk.order_by("deadline", "id")[:100]),
        stale=list(stale_accounts(today, user)[:100]),
        open_rectifications=list(
            rectifications.order_by("rectification_deadline")[:100]
        ),
        units_short=[row for row in compliance_table(today.year, user) if not row.met],
        latest_run=latest_link_run(),
    )


@dataclass(frozen=True)
class ProjectionMismatch:
    task_id: int
    field: str
    stored: object
    derived: object


def task_projection_mismatches() -> Iterator[ProjectionMismatch]:
    """Yield every stored task column that differs from its event history."""
    fields = ("status", "progress_text", "last_reported_on", "completed_on")
    # TaskEvent's default ordering (at, id) is the history's order.
    tasks = Task.objects.prefetch_related("events").order_by("pk")
    for task in tasks.iterator(chunk_size=500):
        history = [
            LedgerEvent(TaskEventKind(e.kind), timezone.localdate(e.at), e.text)
            for e in task.events.all()
        ]
        try:
            state = project(history)
        except InvalidTransition as error:
            yield ProjectionMismatch(task.pk, "events", "", error.message)
            continue
        for name in fields:
            stored, derived = getattr(task, name), getattr(state, name)
            if stored != derived:
                yield ProjectionMismatch(task.pk, name, stored, derived)
