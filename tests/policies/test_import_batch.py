"""The batched import path: new rows are inserted together yet come out exactly as the
one-row path makes them (drafts, 索引号, issuers, audiences, the 编辑 event, status),
and rows matching a document or an earlier row still go one by one."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from policies.models import Document, StatusChange
from policies.validity import Validity
from portal.publishing.models import ReviewEvent, ReviewState
from portal.publishing.workflow import Action
from tests.policies.factories import DocumentFactory
from tests.policies.test_import_export import _import, _row, _xlsx

pytestmark = pytest.mark.django_db


def test_a_mixed_file_imports_as_the_one_row_path_would(
    desk, django_capture_on_commit_callbacks
) -> None:
    existing = DocumentFactory(
        organisation=desk.unit, title="旧标题", doc_number="济阳人社发〔2024〕9号"
    )
    rows = [
        _row("关于第一批就业补贴的通知", "济阳人社发〔2024〕11号"),
        _row(
            "关于第二批就业补贴的通知",
            "济阳人社发〔2024〕12号",
            **{"发文机关": "不存在的机关"},
        ),  # fmt: skip
        _row(
            "关于第三批就业补贴的通知",
            "",
            **{"效力状态": "废止", "废止日期": "2024-06-01"},
        ),  # fmt: skip
        _row("关于第一批就业补贴的通知", ""),  # same title and date as line 2
        _row("新标题", "济阳人社发〔2024〕9号"),  # matches the existing draft
    ]
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(_xlsx(rows), desk.unit, actor=desk.editor)
    job.refresh_from_db()
    assert job.state == job.State.DONE
    assert [e["line"] for e in job.errors] == [3]
    assert "不存在的机关" in job.errors[0]["reason"]
    # Line 5 repeats line 2 exactly: matched, so unchanged rather than a duplicate.
    counts = (job.created_count, job.updated_count, job.unchanged_count)
    assert counts == (2, 1, 1)
    assert job.processed_rows == 5

    created = list(
        Document.objects.filter(title__startswith="关于第").order_by("index_number")
    )
    assert [d.title for d in created] == [
        "关于第一批就业补贴的通知",
        "关于第三批就业补贴的通知",
    ]
    content_type = ContentType.objects.get_for_model(Document)
    for document in created:
        assert document.review_state == ReviewState.DRAFT
        assert document.author == desk.editor
        assert document.index_number
        assert [i.organisation for i in document.documentissuer_set.all()] == [
            desk.unit
        ]
        assert document.audiences.count() == 2
        assert ReviewEvent.objects.filter(
            content_type=content_type,
            object_id=str(document.pk),
            action=Action.EDIT,
            actor=desk.editor,
        ).exists()
    assert len({d.index_number for d in created}) == 2
    repealed = created[1]
    assert repealed.status == Validity.REPEALED
    assert StatusChange.objects.filter(document=repealed).exists()
    existing.refresh_from_db()
    assert existing.title == "新标题"


def test_a_row_refused_while_inserting_sends_the_chunk_one_by_one(
    desk, django_capture_on_commit_callbacks
) -> None:
    rows = [
        _row("关于甲事项的通知", "济阳人社发〔2024〕21号"),
        # Effective from its dates, so 尚未生效 is a transition the table refuses:
        # found only while the batch is written, it rolls back and goes row by row.
        _row("关于乙事项的通知", "济阳人社发〔2024〕22号", **{"效力状态": "尚未生效"}),
        _row("关于丙事项的通知", "济阳人社发〔2024〕23号"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        job = _import(_xlsx(rows), desk.unit, actor=desk.editor)
    job.refresh_from_db()
    assert [e["line"] for e in job.errors] == [3]
    assert job.created_count == 2
    assert set(
        Document.objects.filter(title__startswith="关于").values_list(
            "title", flat=True
        )
    ) == {"关于甲事项的通知", "关于丙事项的通知"}
