"""Bulk import and export: the export → import round trip, bad rows reported with line
numbers while good rows are kept, no duplicates on re-import, file type by content."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from policies import services
from policies.exchange import COLUMNS, export_row, write_xlsx
from policies.importing import create_import_job, detect_format
from policies.models import Audience, Document, ImportJob, StatusChange
from policies.selectors import documents_for_export
from policies.validity import Validity
from tests.policies.factories import DocumentFactory, publish
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
HEADERS = [header for _, header in COLUMNS]


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _import(data: bytes, unit, actor=None, name="policies.xlsx") -> ImportJob:
    job = create_import_job(data=data, filename=name, organisation=unit, actor=actor)
    job.refresh_from_db()
    return job


def _row(title: str, number: str, **extra: str) -> list[str]:
    values = {
        "标题": title,
        "发文字号": number,
        "发文机关": "济阳区人力资源和社会保障局",
        "文种/类别": "行政规范性文件",
        "主题分类": "劳动、人事、监察",
        "成文日期": "2024-03-01",
        "效力状态": "有效",
        "适用对象": "高校毕业生、企业/经营主体",
        "需要政策解读": "否",
        "正文": "<p>现将有关事项通知如下。</p>",
    } | extra
    return [values.get(h, "") for h in HEADERS]


def test_export_then_import_into_an_empty_library_round_trips(
    desk, django_capture_on_commit_callbacks
) -> None:
    source = DocumentFactory(
        organisation=desk.unit,
        title="济阳区关于支持高校毕业生就业创业的若干措施",
        doc_number="济阳人社发〔2024〕5号",
        effective_date=datetime.date(2024, 4, 1),
        expiry_date=datetime.date(2029, 3, 31),
        audiences=list(Audience.objects.filter(code__in=["graduates", "enterprises"])),
    )
    repealed = DocumentFactory(organisation=desk.unit, title="济阳区就业旧办法")
    publish(source, desk)
    publish(repealed, desk)
    services.record_relation(
        source, repealed, "repeals", actor=None, effective_on=datetime.date(2024, 4, 1),
        now=timezone.now(),
    )  # fmt: skip
    rows = [export_row(d) for d in documents_for_export(timezone.now())]
    buffer = io.BytesIO()
    assert write_xlsx(rows, buffer) == 2
    Document.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        job = _import(buffer.getvalue(), desk.unit, desk.editor)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.message
    assert (job.created_count, job.errors) == (2, [])
    imported = {d.doc_number or d.title: d for d in Document.objects.all()}
    again = [export_row(d) for d in Document.objects.order_by("pk")]
    keys = ["index_number", "title", "doc_number", "issuers", "doc_type", "topic",
            "written_date", "effective_date", "expiry_date", "status", "repeal_date",
            "audiences", "needs_interpretation", "body"]  # fmt: skip
    assert [{k: r[k] for k in keys} for r in again] == [
        {k: r[k] for k in keys} for r in rows
    ]
    assert imported["济阳人社发〔2024〕5号"].review_state == "draft"
    assert StatusChange.objects.filter(to_status=Validity.REPEALED).count() == 1


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_kept(
    desk, django_capture_on_commit_callbacks
) -> None:
    data = _csv(
        [
            _row("关于做好2024年稳就业工作的通知", "济阳人社发〔2024〕1号"),
            _row("", "济阳人社发〔2024〕2号"),
            _row("关于开展就业援助月活动的通知", "第三号"),
            _row(
                "关于印发技能提升补贴办法的通知",
                "济阳人社发〔2024〕4号",
                成文日期="2024-02-30",
            ),
            _row(
                "关于发放一次性扩岗补助的通知",
                "济阳人社发〔2024〕5号",
                发文机关="不存在的局",
            ),
            _row(
                "关于实施青年见习计划的通知", "济阳人社发〔2024〕6号", 效力状态="作废了"
            ),
            _row("关于做好退役军人就业工作的通知", "济阳人社发[2024]7号"),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(data, desk.unit, name="x.csv")
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.created_count == 2 and job.processed_rows == job.total_rows == 7, (
        job.errors
    )
    errors = {e["line"]: e["reason"] for e in job.errors}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "标题不能为空" in errors[3]
    assert "发文字号" in errors[4]
    assert "不存在" in errors[5]
    assert "不在机构列表" in errors[6]
    assert "不是有效的取值" in errors[7]
    assert Document.objects.filter(doc_number="济阳人社发〔2024〕7号").exists()


def test_importing_the_same_file_twice_creates_no_duplicates(
    desk, django_capture_on_commit_callbacks
) -> None:
    data = _xlsx(
        [
            _row(f"关于就业工作的第{i}号通知", f"济阳人社发〔2024〕{i}号")
            for i in range(1, 6)
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = _import(data, desk.unit)
    with django_capture_on_commit_callbacks(execute=True):
        second = _import(data, desk.unit)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.created_count == 5
    assert (second.created_count, second.unchanged_count) == (0, 5)
    assert Document.objects.count() == 5
    # A variant spelling of the same 文号 matches the same document.
    variant = _xlsx(
        [_row("关于就业工作的第1号通知（修订）", "济阳人社发（２０２４）第01号")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        third = _import(variant, desk.unit)
    third.refresh_from_db()
    assert third.updated_count == 1 and Document.objects.count() == 5


def test_files_are_checked_by_content_not_by_name(desk) -> None:
    with pytest.raises(ValidationError, match="文件类型不符"):
        create_import_job(
            data=b"%PDF-1.7 not a sheet", filename="policies.csv", organisation=desk.unit,
            actor=None,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="文件类型不符"):
        detect_format(b"\x89PNG\r\n\x1a\n....")
    assert detect_format(_xlsx([])) == "xlsx"  # whatever the name says
    assert detect_format("标题\n关于\n".encode()) == "csv"


def test_an_unreadable_file_fails_the_job_with_a_message(
    desk, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = _import("名称,日期\n甲,乙\n".encode(), desk.unit, name="a.csv")
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert "标题" in job.message


def test_the_import_task_runs_twice_without_harm(
    desk, django_capture_on_commit_callbacks
) -> None:
    from policies.tasks import run_import_task

    data = _xlsx([_row("关于就业工作的通知", "济阳人社发〔2024〕1号")])
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(data, desk.unit)
    run_import_task.delay(job.pk)  # already done: nothing happens
    run_import_task.delay(999999)  # missing: nothing to do
    assert Document.objects.count() == 1


def test_export_jsonl_and_xlsx_endpoints(client, desk) -> None:
    publish(DocumentFactory(organisation=desk.unit, title="公开的文件"), desk)
    DocumentFactory(organisation=desk.unit, title="草稿的文件")
    lines = (
        b"".join(client.get("/policies/export.jsonl").streaming_content)
        .decode()
        .splitlines()
    )
    assert [json.loads(line)["title"] for line in lines] == ["公开的文件"]
    response = client.get("/policies/export.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert detect_format(content) == "xlsx"


def test_admin_upload_queues_the_import(
    client, desk, django_capture_on_commit_callbacks
) -> None:
    admin_user = UserFactory(organisation=desk.unit, is_superuser=True)
    client.force_login(admin_user)
    data = _xlsx([_row("关于就业工作的通知", "济阳人社发〔2024〕1号")])
    upload = io.BytesIO(data)
    upload.name = "renamed.txt"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/policies/importjob/upload/", {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.file_format == "xlsx"
    page = client.get(response["Location"]).content.decode()
    assert "100%" in page or "1 / 1" in page
    unit = OrganisationFactory()
    assert Document.objects.filter(organisation=desk.unit).count() == 1
    assert not Document.objects.filter(organisation=unit).exists()


def test_one_doc_number_twice_in_a_file_imports_neither_and_names_both_lines(
    desk, django_capture_on_commit_callbacks
) -> None:
    data = _csv(
        [
            _row("关于做好2024年稳就业工作的通知", "济阳人社发〔2024〕1号"),
            _row("关于开展就业援助月活动的通知", "济阳人社发〔2024〕8号"),
            # The same 文号 as line 2, written differently.
            _row("关于做好2024年稳就业工作的补充通知", "济阳人社发（２０２４）第01号"),
            _row("关于实施青年见习计划的通知", "济阳人社发〔2024〕6号"),
        ]
    )
    for attempt in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            job = _import(data, desk.unit, name=f"dup{attempt}.csv")
        job.refresh_from_db()
        assert job.state == ImportJob.State.DONE
        errors = {e["line"]: e["reason"] for e in job.errors}
        assert set(errors) == {2, 4}, job.errors
        for line in (2, 4):
            assert "第 2、4 行" in errors[line]
            assert "济阳人社发〔2024〕1号" in errors[line]
        assert job.processed_rows == job.total_rows == 4
        # Neither duplicate is imported; re-importing reports no phantom updates.
        assert job.updated_count == 0
        assert job.created_count == (2 if attempt == 0 else 0)
        assert job.unchanged_count == (0 if attempt == 0 else 2)
    assert not Document.objects.filter(doc_number="济阳人社发〔2024〕1号").exists()
    assert Document.objects.count() == 2
