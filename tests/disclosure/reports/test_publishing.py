"""Versions, publication, balance refusal, generation runs and the January jobs."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from disclosure.reports import services
from disclosure.reports.demo import seed_reports
from disclosure.reports.models import AnnualReport, GenerationRun, ReportVersion
from disclosure.reports.tasks import (
    draft_last_year_reports_task,
    remind_unpublished_reports_task,
    run_generation_task,
)
from portal.models import Organisation
from tests.disclosure.reports.test_section3_counts import file
from tests.portal.factories import OrganisationFactory
from tests.requests_app.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def report(unit, handler) -> AnnualReport:
    file(unit, handler, "natural", D(2025, 3, 3), (D(2025, 3, 10), "disclosed", ""))
    file(unit, handler, "business", D(2025, 12, 30))
    return services.get_or_create_report(unit, 2025)


def test_regenerating_adds_a_version_and_a_published_one_never_changes(
    report, unit, handler
) -> None:
    first = services.generate_version(report, actor=handler, now=at(2026, 1, 5))
    published = services.publish_version(first, actor=handler, now=at(2026, 1, 6))
    before = copy.deepcopy(published.data)
    file(unit, handler, "natural", D(2025, 6, 1), (D(2025, 6, 2), "partial", ""))
    second = services.generate_version(report, actor=handler, now=at(2026, 1, 7))
    assert (first.number, second.number) == (1, 2)
    assert second.data["section3"]["new"]["total"] == 3
    published.refresh_from_db()
    assert published.data == before
    with pytest.raises(services.PublishedVersionError):
        services.publish_version(published, actor=handler, now=at(2026, 1, 8))
    with pytest.raises(services.PublishedVersionError):
        services.update_version_data(published, second.data)
    published.refresh_from_db()
    assert published.data == before


def test_a_report_with_one_altered_cell_cannot_be_published(report, handler) -> None:
    version = services.generate_version(report, actor=handler, now=at(2026, 1, 5))
    assert version.imbalances == []
    data = copy.deepcopy(version.data)
    data["section3"]["disclosed"]["natural"] += 1
    version = services.update_version_data(version, data)
    messages = [i["message"] for i in version.imbalances]
    assert any("（一）予以公开" in m and "「总计」列" in m for m in messages)
    with pytest.raises(ValidationError) as error:
        services.publish_version(version, actor=handler, now=at(2026, 1, 6))
    assert any("（一）予以公开" in m for m in error.value.messages)
    assert ReportVersion.objects.get(pk=version.pk).published_at is None


def test_a_snapshot_tampered_in_the_database_is_still_refused(report, handler) -> None:
    version = services.generate_version(report, actor=handler, now=at(2026, 1, 5))
    data = copy.deepcopy(version.data)
    data["section4"]["review"]["total"] = 5
    ReportVersion.objects.filter(pk=version.pk).update(data=data)
    with pytest.raises(ValidationError, match="行政复议"):
        services.publish_version(version, actor=handler, now=at(2026, 1, 6))


def test_cross_year_notes_compare_with_last_years_published_report(
    unit, handler
) -> None:
    file(unit, handler, "natural", D(2024, 12, 30))
    last = services.generate_version(
        services.get_or_create_report(unit, 2024), actor=None, now=at(2025, 1, 5)
    )
    services.publish_version(last, actor=None, now=at(2025, 1, 5))
    version = services.generate_version(
        services.get_or_create_report(unit, 2025), actor=None, now=at(2026, 1, 5)
    )
    assert version.notes == []  # carried forward 1 = carried in 1
    data = copy.deepcopy(last.data)
    data["section3"]["carried_forward"]["natural"] = 0
    ReportVersion.objects.filter(pk=last.pk).update(data=data)
    version = services.generate_version(version.report, actor=None, now=at(2026, 1, 6))
    assert any("上年报告" in note for note in version.notes)


def test_generation_for_every_unit_in_one_run_reports_progress(
    unit, other_unit, office_admin, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_generation(
            2025, organisation=None, actor=office_admin, now=at(2026, 1, 2)
        )
    run.refresh_from_db()
    units = Organisation.objects.exclude(kind=Organisation.Kind.OTHER).count()
    assert (run.state, run.done, run.total, run.percent) == ("done", units, units, 100)
    assert ReportVersion.objects.count() == units
    # A second delivery of the same task does nothing.
    assert run_generation_task(run.pk) == 0
    assert ReportVersion.objects.count() == units


def test_a_failing_run_is_marked_failed(unit, monkeypatch) -> None:
    run = GenerationRun.objects.create(
        year=2025, organisation=unit, total=1, created_at=at(2026, 1, 2)
    )

    def boom(*args, **kwargs):
        raise RuntimeError("数据库不可用")

    monkeypatch.setattr(services.selectors, "build_snapshot", boom)
    with pytest.raises(RuntimeError):
        services.run_generation(run.pk, now=at(2026, 1, 2))
    run.refresh_from_db()
    assert run.state == "failed" and "数据库不可用" in run.error


def test_drafting_on_1_january_is_idempotent(unit, other_unit, time_machine) -> None:
    time_machine.move_to(at(2026, 1, 1, 1))
    first = draft_last_year_reports_task()
    assert first == Organisation.objects.exclude(kind="other").count()
    assert draft_last_year_reports_task() == 0
    assert set(AnnualReport.objects.values_list("year", flat=True)) == {2025}


def test_units_unpublished_on_20_january_are_reminded_once(
    unit, other_unit, time_machine
) -> None:
    other_unit.office_email = "zrj@jiyang.gov.cn"
    other_unit.save()
    published = services.generate_version(
        services.get_or_create_report(unit, 2025), actor=None, now=at(2026, 1, 2)
    )
    services.publish_version(published, actor=None, now=at(2026, 1, 2))
    time_machine.move_to(at(2026, 1, 19, 9))
    assert remind_unpublished_reports_task()["sent"] == 0
    time_machine.move_to(at(2026, 1, 20, 9))
    result = remind_unpublished_reports_task()
    assert result["sent"] >= 1
    assert [m.to for m in mail.outbox] == [["zrj@jiyang.gov.cn"]]
    assert "2025年政府信息公开工作年度报告尚未发布" in mail.outbox[0].subject
    assert remind_unpublished_reports_task()["sent"] == 0
    assert len(mail.outbox) == 1
    assert "2026年1月31日前" in mail.outbox[0].body


def test_the_district_government_is_reminded_from_20_march(time_machine) -> None:
    OrganisationFactory(
        code="jiyang",
        kind=Organisation.Kind.GOVERNMENT,
        office_email="jiyang@jiyang.gov.cn",
    )
    time_machine.move_to(at(2026, 1, 25, 9))
    assert remind_unpublished_reports_task()["sent"] == 0
    time_machine.move_to(at(2026, 3, 20, 9))
    assert remind_unpublished_reports_task()["sent"] == 1
    assert "2026年3月31日前" in mail.outbox[0].body


def test_demo_publishes_2024_and_2025_and_is_idempotent(handler) -> None:
    for code in ("jiyang", "rsj", "zjj"):
        OrganisationFactory(
            code=code,
            kind=Organisation.Kind.GOVERNMENT if code == "jiyang" else "department",
        )
    assert seed_reports() == (
        "6 annual reports published, 2025 website report published"
    )
    assert seed_reports() == "0 annual reports published"
    assert set(
        ReportVersion.objects.filter(published_at__isnull=False).values_list(
            "report__year", flat=True
        )
    ) == {2024, 2025}
    rsj_2025 = ReportVersion.objects.get(
        report__organisation__code="rsj", report__year=2025
    ).data["section3"]
    # A year of eight applications; 20 December 2024's is carried into 2025.
    assert rsj_2025["new"]["total"] == 8 and rsj_2025["carried_in"]["total"] == 1
    assert rsj_2025["carried_forward"]["total"] == 1
