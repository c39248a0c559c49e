"""The 工作要点落实情况 section is pre-filled from the supervision ledger."""

from __future__ import annotations

import datetime

import pytest

from disclosure.reports import services
from supervision.models import Task, WorkPoint

pytestmark = pytest.mark.django_db


def _task(unit, year: int = 2025, **kw) -> Task:
    point, _ = WorkPoint.objects.get_or_create(
        year=year, number=12, defaults={"title": "加强组织领导"}
    )
    data = {
        "work_point": point,
        "organisation": unit,
        "title": "召开政务公开专题会议",
        "deadline": datetime.date(year, 11, 30),
        "progress_text": "3月召开专题会议，研究部署全年工作。",
        "last_reported_on": datetime.date(year, 3, 20),
    }
    data.update(kw)
    return Task.objects.create(**data)


def test_a_new_report_is_prefilled_from_the_ledger(unit, other_unit) -> None:
    _task(unit)
    _task(unit, title="更新公开指南", progress_text="")
    _task(other_unit, title="另一单位的任务")
    _task(unit, year=2024, title="去年的任务")
    report = services.get_or_create_report(unit, 2025)
    text = report.work_points
    assert "12. 加强组织领导" in text
    assert "召开政务公开专题会议" in text and "3月召开专题会议" in text
    assert "更新公开指南" in text and "尚未报送进展" in text
    assert "另一单位的任务" not in text and "去年的任务" not in text
    report.refresh_from_db()
    assert report.work_points == text


def test_staff_text_is_kept_and_no_ledger_means_blank(unit) -> None:
    assert services.get_or_create_report(unit, 2025).work_points == ""
    report = services.get_or_create_report(unit, 2025)
    report.work_points = "手工填写的落实情况。"
    report.save()
    _task(unit)
    assert (
        services.get_or_create_report(unit, 2025).work_points == "手工填写的落实情况。"
    )
