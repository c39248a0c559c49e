"""Bulk import as a set: a chunk costs the same statements whatever its size, while
every rule of the one-row import holds — bad rows reported by line with nothing stored,
drafts with the importer's 编辑 event, search columns right, content locked outside
草稿, validity history recorded."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from policies import services
from policies.exchange import COLUMNS, read_rows
from policies.importing import run_import
from policies.importing.sheet import read_import_rows
from policies.models import Document, DocumentIssuer, ImportJob, StatusChange
from policies.validity import Validity
from portal.publishing.models import ReviewEvent
from portal.publishing.selectors import review_projection
from portal.search.fields import search_fields
from tests.policies.factories import DocumentFactory, publish
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
HEADERS = [header for _, header in COLUMNS]


def _row(title: str, number: str, **extra: str) -> list[str]:
    values = {
        "标题": title,
        "发文字号": number,
        "发文机关": "济阳区人力资源和社会保障局",
        "文种/类别": "行政规范性文件",
        "主题分类": "劳动、人事、监察",
        "成文日期": "2024-03-01",
        "效力状态": "有效",
        "适用对象": "高校毕业生",
        "需要政策解读": "否",
        "正文": "<p>现将有关事项通知如下。</p>",
    } | extra
    return [values.get(h, "") for h in HEADERS]


def _run(rows: list[list[str]], unit, actor=None) -> ImportJob:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    job = ImportJob(organisation=unit, created_by=actor, file_format="csv")
    job.file.save("import.csv", ContentFile(out.getvalue().encode()), save=False)
    job.save()
    run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE, job.message
    return job


def _events(document: Document) -> list[tuple[str, int, int]]:
    return list(
        ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Document),
            object_id=str(document.pk),
        ).values_list("action", "actor_id", "version")
    )


def test_good_and_bad_rows_interleaved_report_exact_lines_and_store_nothing_bad(
    desk,
) -> None:
    repealed = DocumentFactory(
        organisation=desk.unit,
        title="已废止的旧办法",
        doc_number="济阳人社发〔2020〕9号",
    )
    publish(repealed, desk)
    locked = DocumentFactory(
        organisation=desk.unit,
        title="已发布的办法",
        doc_number="济阳人社发〔2020〕10号",
    )
    publish(locked, desk)

    services.change_status(
        repealed, Validity.REPEALED, actor=None, changed_on=datetime.date(2023, 1, 1),
        reason="测试", now=timezone.now(),
    )  # fmt: skip
    rows = [
        _row("关于做好稳就业工作的通知", "济阳人社发〔2024〕1号"),  # line 2: good
        _row("", "济阳人社发〔2024〕2号"),  # 3: no title
        _row("关于见习的通知", "济阳人社发〔2024〕3号"),  # 4: good
        _row("关于补贴的通知", "济阳人社发〔2024〕4号", 成文日期="2024-02-30"),  # 5
        _row("关于扩岗的通知", "济阳人社发〔2024〕5号", 发文机关="不存在的局"),  # 6
        _row("关于技能的通知", "济阳人社发〔2024〕6号"),  # 7: good
        # 8: a new document cannot start as 尚未生效 without a future 施行日期
        _row("关于援助的通知", "济阳人社发〔2024〕8号", 效力状态="尚未生效"),
        # 9: a repealed document never becomes effective again
        _row(
            "已废止的旧办法",
            "济阳人社发〔2020〕9号",
            发文机关="",
            适用对象="",
            正文=repealed.body,
        ),
        # 10: published content is locked
        _row("已发布的办法（改）", "济阳人社发〔2020〕10号"),
        _row("关于创业的通知", "济阳人社发〔2024〕11号"),  # 11: good
        # 12: a status change whose date does not exist
        _row(
            "关于退役的通知",
            "济阳人社发〔2024〕12号",
            效力状态="废止",
            废止日期="2024-13-01",
        ),
    ]
    before = (Document.objects.count(), StatusChange.objects.count())
    job = _run(rows, desk.unit, desk.editor)
    errors = {e["line"]: e["reason"] for e in job.errors}
    assert sorted(errors) == [3, 5, 6, 8, 9, 10, 12], job.errors
    assert [e["line"] for e in job.errors] == sorted(errors)
    assert "标题不能为空" in errors[3]
    assert "不存在" in errors[5]
    assert "不在机构列表" in errors[6]
    assert "不能从“有效”变为“尚未生效”" in errors[8]
    assert "不能从“废止”变为“有效”" in errors[9]
    assert "开始修订" in errors[10]
    assert "2024-13-01" in errors[12]
    assert (job.created_count, job.updated_count, job.unchanged_count) == (4, 0, 0)
    assert job.processed_rows == job.total_rows == 11
    imported = Document.objects.exclude(pk__in=[repealed.pk, locked.pk])
    assert set(imported.values_list("doc_number", flat=True)) == {
        f"济阳人社发〔2024〕{n}号" for n in (1, 3, 6, 11)
    }
    # Nothing half-stored for the bad rows: no history, issuers or events of theirs.
    assert (Document.objects.count(), StatusChange.objects.count()) == (
        before[0] + 4,
        before[1],
    )
    assert DocumentIssuer.objects.filter(document__in=imported).count() == 4
    repealed.refresh_from_db()
    assert (repealed.title, repealed.status) == ("已废止的旧办法", Validity.REPEALED)
    locked.refresh_from_db()
    assert locked.title == "已发布的办法"


def test_imported_drafts_carry_the_importers_edit_event_and_right_search_columns(
    desk,
) -> None:
    job = _run(
        [
            _row("关于做好稳就业工作的通知", "济阳人社发〔2024〕1号", 效力状态="废止",
                 废止日期="2024-05-01"),
            _row("关于见习的通知", "", 正文="<p>鹊山龙湖<script>x()</script></p>"),
        ],
        desk.unit,
        desk.editor,
    )  # fmt: skip
    assert job.created_count == 2 and job.errors == []
    for document in Document.objects.all():
        assert document.review_state == "draft"
        assert document.author_id == desk.editor.pk
        assert document.index_number.startswith("RSJ/2024-")
        assert _events(document) == [("edit", desk.editor.pk, 1)]
        # The importer changed this version: the 三审三校 will not let them review it.
        assert desk.editor.pk in review_projection(document).contributors
        expected = search_fields(
            document.title, document.doc_number, document.body_text
        )
        assert document.search_tokens == expected["search_tokens"]
        assert document.search_lossy == expected["search_lossy"]
        assert list(document.audiences.values_list("code", flat=True)) == ["graduates"]
    first = Document.objects.get(doc_number="济阳人社发〔2024〕1号")
    assert (first.status, first.repeal_date) == (
        Validity.REPEALED,
        datetime.date(2024, 5, 1),
    )
    change = StatusChange.objects.get(document=first)
    assert (change.from_status, change.to_status, change.actor_id) == (
        Validity.EFFECTIVE,
        Validity.REPEALED,
        desk.editor.pk,
    )
    second = Document.objects.get(title="关于见习的通知")
    assert "script" not in second.body and "鹊山龙湖" in second.body_text
    assert "鹊山" in second.search_tokens


def test_matched_drafts_are_updated_as_a_set_with_their_parts_and_events(
    desk,
) -> None:
    other = OrganisationFactory(name="济阳区财政局", code="czj")
    _run([_row(f"关于第{n}批补贴的通知", f"济阳人社发〔2024〕{n}号") for n in (1, 2, 3)],
         desk.unit, desk.editor)  # fmt: skip
    published = DocumentFactory(
        organisation=desk.unit, doc_number="济阳人社发〔2020〕1号"
    )
    publish(published, desk)
    job = _run(
        [
            _row("关于第1批补贴的通知", "济阳人社发〔2024〕1号",
                 正文="<p>新增黄河故道段。</p>", 发文机关="济阳区财政局、济阳区人力资源和社会保障局"),
            _row("关于第2批补贴的通知", "济阳人社发〔2024〕2号"),
            _row("关于第3批补贴的通知", "济阳人社发〔2024〕3号", 适用对象="企业/经营主体"),
            _row(published.title, "济阳人社发〔2020〕1号", 效力状态="废止", 发文机关="",
                 适用对象="", 正文=published.body),
        ],
        desk.unit,
        desk.first,  # another member of staff edits the drafts
    )  # fmt: skip
    assert job.errors == []
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 3, 1)
    first = Document.objects.get(doc_number="济阳人社发〔2024〕1号")
    assert "黄河故道" in first.body_text and " 故道 " in first.search_tokens
    assert list(
        first.documentissuer_set.order_by("order").values_list(
            "organisation_id", flat=True
        )
    ) == [other.pk, desk.unit.pk]
    assert _events(first) == [("edit", desk.editor.pk, 1), ("edit", desk.first.pk, 1)]
    second = Document.objects.get(doc_number="济阳人社发〔2024〕2号")
    assert _events(second) == [("edit", desk.editor.pk, 1)]  # unchanged: no event
    third = Document.objects.get(doc_number="济阳人社发〔2024〕3号")
    assert list(third.audiences.values_list("code", flat=True)) == ["enterprises"]
    published.refresh_from_db()
    # Validity is not reviewed content: a published document's status changes, with
    # its history row, and stays published.
    assert (published.review_state, published.status) == ("published", "repealed")
    assert StatusChange.objects.filter(document=published).count() == 1


def test_rows_of_one_document_in_one_chunk_apply_in_file_order(desk) -> None:
    job = _run(
        [
            _row("关于稳就业的通知", ""),
            _row("关于见习的通知", "济阳人社发〔2024〕2号"),
            # The same title and date without a 文号: the document of line 2.
            _row("关于稳就业的通知", "", 正文="<p>第二稿。</p>"),
        ],
        desk.unit,
        desk.editor,
    )
    assert (job.created_count, job.updated_count, job.errors) == (2, 1, [])
    document = Document.objects.get(title="关于稳就业的通知")
    assert document.body_text == "第二稿。"


def test_a_chunk_the_database_refuses_as_a_set_is_imported_row_by_row(desk) -> None:
    # Line 3 claims the 索引号 that line 2 is about to be given: the set insert fails
    # on the unique index, and the chunk is imported one row at a time instead.
    job = _run(
        [
            _row("关于稳就业的通知", "济阳人社发〔2024〕1号"),
            _row("关于见习的通知", "济阳人社发〔2024〕2号", 索引号="RSJ/2024-00001"),
            _row("", "济阳人社发〔2024〕3号"),
        ],
        desk.unit,
        desk.editor,
    )
    assert [e["line"] for e in job.errors] == [4]
    assert job.created_count + job.updated_count == 2
    assert Document.objects.filter(index_number="RSJ/2024-00001").count() == 1


@pytest.mark.parametrize("kind", ["new", "matched"])
def test_statements_per_chunk_do_not_grow_with_its_rows(desk, kind) -> None:
    def rows(count: int, year: int, body: str) -> list[list[str]]:
        return [
            _row(f"关于第{n}批补贴的通知", f"济阳人社发〔{year}〕{n + 1}号",
                 成文日期=f"{year}-03-01", 正文=f"<p>{body}</p>")
            for n in range(count)
        ]  # fmt: skip

    def statements(count: int, year: int) -> int:
        if kind == "matched":
            _run(rows(count, year, "初稿"), desk.unit, desk.editor)
        with CaptureQueriesContext(connection) as ctx:
            job = _run(rows(count, year, "修改稿"), desk.unit, desk.first)
        assert job.errors == []
        assert (job.created_count if kind == "new" else job.updated_count) == count
        return len(ctx.captured_queries)

    ContentType.objects.get_for_model(Document)  # cached for the process: warm it
    # (SQLite allows 999 parameters a statement: 30 documents still fit in one.)
    assert statements(3, 2020) == statements(30, 2021)


def test_the_lean_sheet_reader_reads_what_openpyxl_reads() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append(["关于就业的通知", "济阳人社发〔2024〕1号", None, None, None, None,
                  datetime.date(2024, 3, 1), datetime.datetime(2024, 4, 1, 9, 30)])  # noqa: DTZ001  # fmt: skip
    sheet.append([])
    sheet.append(["数字与布尔", 12, 3.5, True, False, "=1+1", "2024年3月1日"])
    sheet["B6"] = "只有第二列"
    sheet["A7"] = "  带空格 "
    sheet.cell(row=7, column=20, value="远处的列")
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    assert read_import_rows(data, "xlsx") == read_rows(data, "xlsx")
    rows = read_import_rows(data, "xlsx")
    assert [r.line for r in rows] == [2, 4, 6, 7]
    assert rows[0].values["written_date"].date() == datetime.date(2024, 3, 1)
