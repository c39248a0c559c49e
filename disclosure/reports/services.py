"""Writes for annual reports: generating versions, publishing, the January jobs.

条例第四十九条: 县级以上人民政府部门 publish last year's report by 31 January; the 区政府
report is published by 31 March. The portal drafts every unit's report on 1 January and
reminds units still unpublished on 20 January (a local, configurable lead time).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string

from disclosure.reports import balance, selectors, website
from disclosure.reports.models import (
    AnnualReport,
    GenerationRun,
    ReportVersion,
    WebsiteReport,
)
from portal.models import Organisation, User
from portal.reminders.sweep import SweepResult, sweep

# (month, day) from which a unit with an unpublished report for last year is reminded:
# a local lead time before the 条例第四十九条 deadlines, 31 January for departments,
# towns and streets, 31 March for the 区人民政府 report.
REMINDER_FROM = (1, 20)
GOVERNMENT_REMINDER_FROM = (3, 20)
REMINDER_THRESHOLD = "annual-report-unpublished"


class PublishedVersionError(Exception):
    """A published version never changes (message in Chinese)."""


def get_or_create_report(organisation: Organisation, year: int) -> AnnualReport:
    """Return the unit's report of ``year``; while its 工作要点落实情况 is blank it is
    pre-filled from the supervision ledger (staff edit it afterwards)."""
    from disclosure.reports.work_points import ledger_text
    from supervision.selectors import work_point_progress

    report, _created = AnnualReport.objects.get_or_create(
        organisation=organisation, year=year
    )
    if not report.work_points.strip():
        text = ledger_text(work_point_progress(organisation, year))
        if text:
            report.work_points = text
            report.save(update_fields=["work_points", "updated_at"])
    return report


@transaction.atomic
def generate_version(
    report: AnnualReport, *, actor: User | None, now: datetime.datetime
) -> ReportVersion:
    """Snapshot ``report``'s figures and text as its next version, with its balance."""
    locked = AnnualReport.objects.select_for_update().select_related("organisation")
    report = locked.get(pk=report.pk)
    data = selectors.build_snapshot(report, now=now)
    imbalances = selectors.check_snapshot(data)
    previous = selectors.previous_published(report)
    notes = balance.cross_year_notes(
        carried_in=data["section3"]["carried_in"],
        previous_carried_forward=(
            previous.data["section3"]["carried_forward"] if previous else None
        ),
        section2=data["section2"]["documents"],
        previous_section2=previous.data["section2"]["documents"] if previous else None,
    )
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        data=data,
        imbalances=[dataclasses.asdict(i) | {"message": i.message} for i in imbalances],
        notes=[n.message for n in notes],
        generated_at=now,
        generated_by=actor,
    )


@transaction.atomic
def publish_version(
    version: ReportVersion, *, actor: User | None, now: datetime.datetime
) -> ReportVersion:
    """Publish a version whose tables balance; a published version is never changed.

    The balance is checked again on the stored figures, so a snapshot altered after
    generation cannot be published either.
    """
    locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if locked.published_at is not None:
        raise PublishedVersionError("该版本已发布，已发布的版本不能修改。")
    problems = selectors.check_snapshot(locked.data)
    if problems:
        raise ValidationError(
            ["报告数据不平衡，不能发布：", *(p.message for p in problems)]
        )
    locked.published_at = now
    locked.published_by = actor
    locked.save(update_fields=["published_at", "published_by"])
    return locked


def update_version_data(version: ReportVersion, data: dict[str, Any]) -> ReportVersion:
    """Replace a draft version's figures (corrections by hand); refused once published."""
    with transaction.atomic():
        locked = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if locked.published_at is not None:
            raise PublishedVersionError("该版本已发布，已发布的版本不能修改。")
        locked.data = data
        locked.imbalances = [
            dataclasses.asdict(i) | {"message": i.message}
            for i in selectors.check_snapshot(data)
        ]
        locked.save(update_fields=["data", "imbalances"])
    return locked


# --- generation runs (Celery, with progress) ----------------------------------------------


def start_generation(
    year: int,
    *,
    organisation: Organisation | None,
    actor: User | None,
    now: datetime.datetime,
) -> GenerationRun:
    """Queue a generation run for one unit or (``None``) every reporting unit."""
    from disclosure.reports.tasks import run_generation_task

    with transaction.atomic():
        total = 1 if organisation else selectors.reporting_units().count()
        run = GenerationRun.objects.create(
            year=year,
            organisation=organisation,
            total=total,
            started_by=actor,
            created_at=now,
        )
        transaction.on_commit(lambda: run_generation_task.delay(run.pk))
    return run


def run_generation(run_pk: int, *, now: datetime.datetime) -> GenerationRun | None:
    """Generate the run's versions, counting progress; a second delivery does nothing."""
    claimed = GenerationRun.objects.filter(
        pk=run_pk, state=GenerationRun.State.QUEUED
    ).update(state=GenerationRun.State.RUNNING)
    if claimed != 1:
        return None  # Already run (or running): the broker delivered it twice.
    run = GenerationRun.objects.select_related("organisation", "started_by").get(
        pk=run_pk
    )
    units = (
        [run.organisation]
        if run.organisation
        else list(selectors.reporting_units().order_by("sort_order", "pk"))
    )
    try:
        for unit in units:
            report = get_or_create_report(unit, run.year)
            generate_version(report, actor=run.started_by, now=now)
            GenerationRun.objects.filter(pk=run_pk).update(done=F("done") + 1)
    except Exception as exc:
        GenerationRun.objects.filter(pk=run_pk).update(
            state=GenerationRun.State.FAILED, error=str(exc)[:500], finished_at=now
        )
        raise
    GenerationRun.objects.filter(pk=run_pk).update(
        state=GenerationRun.State.DONE, finished_at=now
    )
    run.refresh_from_db()
    return run


# --- the January jobs ---------------------------------------------------------------------


def draft_last_year_reports(*, today: datetime.date, now: datetime.datetime) -> int:
    """Draft last year's report of every unit that has no version yet; return how many.

    Selected by state (no version yet), so a run missed on 1 January catches up, and a
    second run drafts nothing.
    """
    year = today.year - 1
    drafted = 0
    for unit in selectors.reporting_units().exclude(
        annual_reports__year=year, annual_reports__versions__isnull=False
    ):
        generate_version(get_or_create_report(unit, year), actor=None, now=now)
        drafted += 1
    return drafted


def _send_unpublished_reminder(report: AnnualReport, threshold: str) -> Sequence[str]:
    recipients = (
        [report.organisation.office_email] if report.organisation.office_email else []
    )
    if recipients:
        month = 3 if report.organisation.kind == Organisation.Kind.GOVERNMENT else 1
        context = {
            "report": report,
            "deadline": f"{report.year + 1}年{month}月31日",
        }
        subject = render_to_string(
            "disclosure/reports/email/unpublished_subject.txt", context
        )
        body = render_to_string(
            "disclosure/reports/email/unpublished_body.txt", context
        )
        send_mail(" ".join(subject.split()), body, None, recipients)
    return recipients


def remind_unpublished_reports(
    *, today: datetime.date, now: datetime.datetime
) -> SweepResult:
    """Remind units whose last-year report is unpublished (from 20 January; the 区人民政府
    from 20 March), once per report."""
    day = (today.month, today.day)
    if day < REMINDER_FROM:
        return SweepResult(sent=0, skipped=0)
    year = today.year - 1
    units = selectors.reporting_units()
    if day < GOVERNMENT_REMINDER_FROM:
        units = units.exclude(kind=Organisation.Kind.GOVERNMENT)
    reports = [get_or_create_report(unit, year) for unit in units]
    published = set(
        ReportVersion.objects.filter(
            report__year=year, published_at__isnull=False
        ).values_list("report_id", flat=True)
    )
    due = [
        (report, REMINDER_THRESHOLD) for report in reports if report.pk not in published
    ]
    return sweep(due, send=_send_unpublished_reminder, now=now)


# --- website annual report ------------------------------------------------------------------


def save_website_values(report: WebsiteReport, values: dict[str, Any]) -> WebsiteReport:
    """Store the staff-entered fields; refused once the report is published."""
    with transaction.atomic():
        locked = WebsiteReport.objects.select_for_update().get(pk=report.pk)
        if locked.published_at is not None:
            raise PublishedVersionError("该报表已发布，不能修改。")
        unknown = set(values) - {f.key for f in website.MANUAL_FIELDS}
        if unknown:
            raise ValidationError(f"未知的填报项：{', '.join(sorted(unknown))}")
        locked.values = values
        locked.save(update_fields=["values", "updated_at"])
    return locked


@transaction.atomic
def publish_website_report(
    report: WebsiteReport, *, now: datetime.datetime
) -> WebsiteReport:
    """Freeze the counted and entered fields and publish (国办函〔2018〕12号: by 31 January)."""
    locked = WebsiteReport.objects.select_for_update().get(pk=report.pk)
    if locked.published_at is not None:
        raise PublishedVersionError("该报表已发布，不能修改。")
    auto = selectors.website_auto_values(locked.year, now=now)
    locked.snapshot = {**locked.values, **auto}
    locked.published_at = now
    locked.save(update_fields=["snapshot", "published_at", "updated_at"])
    return locked
