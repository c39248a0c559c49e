"""Import jobs: a job per uploaded file, run by a Celery task in chunks.

Each chunk is one transaction. Its rows are checked, matched to stored documents with
one query and written with one statement per table (:mod:`.bulk`); a row that depends
on an earlier row of its chunk, or every row of a chunk the database refused as a set,
goes one by one in a savepoint of its own (:mod:`.one_by_one`). Either way good rows
are kept and each bad row is reported with its line number and reason, with nothing
stored for it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from policies.exchange import FileFormatError, SourceRow
from policies.importing import bulk
from policies.importing.one_by_one import apply_row
from policies.importing.parsing import (
    ImportContext,
    ParsedRow,
    duplicate_doc_numbers,
    parse_row,
    reason,
)
from policies.importing.sheet import read_import_rows
from policies.models import ImportJob
from policies.validity import InvalidTransition
from portal.attachments import XLSX, open_zip, sniff, zip_problem
from portal.models import Organisation, User
from portal.publishing.exceptions import PublishingError

MAX_IMPORT_BYTES = 50 * 1024 * 1024
# A 100,000-row sheet inflates to a few hundred MB of XML; a bomb goes far past it.
MAX_IMPORT_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
# Rows per transaction (and per progress update). Every chunk costs the same number
# of statements, so larger chunks are faster; this keeps locks and memory modest.
CHUNK_ROWS = 1000
ROW_ERRORS = (ValidationError, ValueError, InvalidTransition, PublishingError)


def detect_format(data: bytes) -> str:
    """Return ``xlsx`` or ``csv`` judged by content; raise ValidationError otherwise."""
    if not data:
        raise ValidationError("文件为空。")
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError("文件过大（不超过 50 MB）。")
    kind = sniff(data[:16], data)
    if kind == XLSX:
        archive = open_zip(data)
        problem = (
            None
            if archive is None
            else zip_problem(archive, max_uncompressed=MAX_IMPORT_UNCOMPRESSED_BYTES)
        )
        if problem:
            raise ValidationError(problem)
        return "xlsx"
    # A known binary family (even a damaged one) is never read as CSV.
    if (
        kind is not None
        or sniff(data[:16]) is not None
        or data.startswith(b"PK\x03\x04")
        or b"\x00" in data[:4096]
    ):
        raise ValidationError("文件类型不符：请上传 CSV 或 XLSX 文件（按内容识别）。")
    return "csv"


@transaction.atomic
def create_import_job(
    *, data: bytes, filename: str, organisation: Organisation, actor: User | None
) -> ImportJob:
    """Store the upload as a job and queue its import after commit."""
    file_format = detect_format(data)
    job = ImportJob(
        organisation=organisation, created_by=actor, file_format=file_format
    )
    job.file.save(
        filename[-100:] or f"import.{file_format}", ContentFile(data), save=False
    )
    job.save()
    from policies.tasks import run_import_task

    transaction.on_commit(lambda: run_import_task.delay(job.pk))
    return job


def run_import(job_id: int) -> ImportJob | None:
    """Import every row of the job's file; safe to run again (rows match, not duplicate)."""
    claimed = ImportJob.objects.filter(
        pk=job_id, state__in=[ImportJob.State.PENDING, ImportJob.State.FAILED]
    ).update(state=ImportJob.State.RUNNING)
    job = (
        ImportJob.objects.filter(pk=job_id)
        .select_related("organisation", "created_by")
        .first()
    )
    if job is None or not claimed:
        return job  # Missing, or another worker is running it / it is done.
    try:
        with job.file.open("rb") as handle:
            rows = read_import_rows(handle.read(), job.file_format)
    except FileFormatError as exc:
        _finish(job, ImportJob.State.FAILED, str(exc))
        return job
    job.total_rows = len(rows)
    job.processed_rows = job.created_count = job.updated_count = 0
    job.unchanged_count = 0
    job.errors = []
    job.save(update_fields=["total_rows", "processed_rows", "created_count",
                            "updated_count", "unchanged_count", "errors"])  # fmt: skip
    duplicates = duplicate_doc_numbers(rows)
    context = ImportContext.load()
    today = timezone.localdate()
    for chunk_start in range(0, len(rows), CHUNK_ROWS):
        with transaction.atomic():
            import_chunk(
                rows[chunk_start : chunk_start + CHUNK_ROWS],
                job=job,
                context=context,
                today=today,
                duplicates=duplicates,
            )
            job.save(update_fields=["processed_rows", "created_count",
                                    "updated_count", "unchanged_count", "errors"])  # fmt: skip
    _finish(job, ImportJob.State.DONE, "")
    return job


def import_chunk(
    rows: list[SourceRow],
    *,
    job: ImportJob,
    context: ImportContext,
    today: datetime.date,
    duplicates: dict[int, str],
) -> None:
    """Import one chunk (inside the caller's transaction) and add to the job's counts."""
    errors: list[dict[str, Any]] = []
    parsed: list[ParsedRow] = []
    for row in rows:
        if row.line in duplicates:
            errors.append({"line": row.line, "reason": duplicates[row.line]})
            continue
        try:
            parsed.append(parse_row(row, context=context))
        except (ValidationError, ValueError) as exc:
            errors.append({"line": row.line, "reason": reason(exc)})
    outcome = bulk.Outcome()
    try:
        with transaction.atomic():
            plan = bulk.plan_chunk(parsed)
            now = timezone.now()
            bulk.create_documents(
                plan.fresh, job=job, today=today, now=now,
                index_prefixes=context.index_prefixes, outcome=outcome,
            )  # fmt: skip
            bulk.update_documents(
                plan.matched, job=job, today=today, now=now, outcome=outcome
            )
        one_by_one = plan.one_by_one
    except (IntegrityError, *ROW_ERRORS):
        # Something only the database could tell (a 索引号 taken meanwhile): find the
        # row by going one by one.
        outcome = bulk.Outcome()
        one_by_one = parsed
    for item in one_by_one:
        try:
            with transaction.atomic():
                result = apply_row(item, job=job, context=context, today=today)
        except ROW_ERRORS as exc:
            outcome.fail(item, reason(exc))
        else:
            setattr(outcome, result, getattr(outcome, result) + 1)
    job.created_count += outcome.created
    job.updated_count += outcome.updated
    job.unchanged_count += outcome.unchanged
    job.errors.extend(sorted([*errors, *outcome.errors], key=lambda e: e["line"]))
    job.processed_rows += len(rows)


def _finish(job: ImportJob, state: str, message: str) -> None:
    job.state = state
    job.message = message[:300]
    job.finished_at = timezone.now()
    job.save()
