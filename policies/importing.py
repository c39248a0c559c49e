"""Bulk import of documents (services): a job per uploaded file, run by a Celery task.

Each row is imported in its own transaction, so good rows are kept and each bad row is
reported with its line number and reason. Rows are matched to existing documents by
文号 (any variant), then 索引号, then title + 成文日期, so importing the same file twice
creates no duplicates. New documents are drafts of the importing unit: they become
public only through 三审三校 like any other document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from policies import services
from policies.docnumber import DocNumberError, parse_doc_number
from policies.exchange import (
    FileFormatError,
    SourceRow,
    parse_bool,
    parse_choice,
    parse_day,
    read_rows,
    split_list,
)
from policies.models import (
    Audience,
    DocType,
    Document,
    DocumentIssuer,
    ImportJob,
    Topic,
)
from policies.validity import InvalidTransition, Validity, initial_status
from portal.attachments import XLSX, open_zip, sniff, zip_problem
from portal.models import Organisation, User
from portal.publishing.models import ReviewEvent, ReviewState
from portal.publishing.selectors import review_projection
from portal.publishing.workflow import Action

MAX_IMPORT_BYTES = 50 * 1024 * 1024
# A 100,000-row sheet inflates to a few hundred MB of XML; a bomb goes far past it.
MAX_IMPORT_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
PROGRESS_EVERY = 500
CONTENT_FIELDS = (
    "title",
    "doc_type",
    "topic",
    "written_date",
    "published_date",
    "effective_date",
    "expiry_date",
    "needs_interpretation",
    "body",
)


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
    job = ImportJob.objects.filter(pk=job_id).select_related("organisation").first()
    if job is None or not claimed:
        return job  # Missing, or another worker is running it / it is done.
    try:
        with job.file.open("rb") as handle:
            rows = read_rows(handle.read(), job.file_format)
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
    # One transaction per chunk (a commit per row costs a disk flush each); new
    # documents are inserted together, every other row in a savepoint of its own so
    # a bad row rolls back alone; progress is saved with each chunk.
    for chunk_start in range(0, len(rows), PROGRESS_EVERY):
        with transaction.atomic():
            _import_chunk(
                rows[chunk_start : chunk_start + PROGRESS_EVERY],
                job=job,
                context=context,
                today=today,
                duplicates=duplicates,
            )
            job.save(update_fields=["processed_rows", "created_count",
                                    "updated_count", "unchanged_count", "errors"])  # fmt: skip
    _finish(job, ImportJob.State.DONE, "")
    return job


def _import_chunk(
    rows: list[SourceRow],
    *,
    job: ImportJob,
    context: ImportContext,
    today: datetime.date,
    duplicates: dict[int, str],
) -> None:
    """Import one chunk: rows that match no document are inserted together (a few
    statements for the whole chunk); the rest go one by one, each in a savepoint."""
    errors: list[dict[str, Any]] = []
    parsed: list[ParsedRow] = []
    for row in rows:
        if row.line in duplicates:
            errors.append({"line": row.line, "reason": duplicates[row.line]})
            continue
        try:
            parsed.append(parse_row(row, context=context))
        except (ValidationError, ValueError) as exc:
            errors.append({"line": row.line, "reason": _reason(exc)})
    taken = _existing_keys(parsed)
    fresh: list[ParsedRow] = []
    one_by_one: list[ParsedRow] = []
    for item in parsed:
        keys = item.match_keys()
        # A row matching a document, or an earlier row of this chunk, takes the
        # one-row path, which matches and updates exactly as before.
        if any(key in taken for key in keys):
            one_by_one.append(item)
        else:
            fresh.append(item)
            taken.update(keys)
    if fresh:
        try:
            with transaction.atomic():
                create_new_documents(fresh, job=job, context=context, today=today)
        except (ValidationError, ValueError, InvalidTransition, IntegrityError):
            # Something only the database could tell (a 索引号 taken meanwhile, a
            # status that cannot be set): find the row by going one by one.
            one_by_one = sorted([*fresh, *one_by_one], key=lambda p: p.row.line)
        else:
            job.created_count += len(fresh)
    for item in one_by_one:
        try:
            with transaction.atomic():
                outcome = apply_row(item, job=job, context=context, today=today)
        except (ValidationError, ValueError, InvalidTransition) as exc:
            errors.append({"line": item.row.line, "reason": _reason(exc)})
        else:
            if outcome == "created":
                job.created_count += 1
            elif outcome == "updated":
                job.updated_count += 1
            else:
                job.unchanged_count += 1
    job.errors.extend(sorted(errors, key=lambda error: error["line"]))
    job.processed_rows += len(rows)


def _existing_keys(parsed: list[ParsedRow]) -> set[tuple[Any, ...]]:
    """Return the match keys of ``parsed`` that a stored document already has
    (three queries for the whole chunk)."""
    if not parsed:
        return set()
    keys: set[tuple[Any, ...]] = set()
    documents = Document.objects.order_by()
    numbers = {p.doc_number for p in parsed if p.doc_number}
    if numbers:
        keys |= {
            ("doc_number", n)
            for n in documents.filter(doc_number__in=numbers).values_list(
                "doc_number", flat=True
            )
        }
    index_numbers = {p.index_number for p in parsed if p.index_number}
    if index_numbers:
        keys |= {
            ("index_number", n)
            for n in documents.filter(index_number__in=index_numbers).values_list(
                "index_number", flat=True
            )
        }
    wanted = {(p.title, p.written) for p in parsed}
    found = documents.filter(
        written_date__in={w for _, w in wanted}, title__in={t for t, _ in wanted}
    ).values_list("title", "written_date")
    keys |= {("title", t, w) for t, w in found if (t, w) in wanted}
    return keys


def create_new_documents(
    parsed: list[ParsedRow],
    *,
    job: ImportJob,
    context: ImportContext,
    today: datetime.date,
) -> list[Document]:
    """Insert drafts for rows that match no document, as :func:`services.save_document`
    would one by one: derived columns, initial status, 索引号, issuers, audiences and
    the 编辑 review event (so the importer may not review them)."""
    actor = job.created_by
    documents: list[Document] = []
    for item in parsed:
        document = Document(
            organisation=job.organisation,
            doc_number=item.doc_number,
            index_number=item.index_number or None,
            **item.fields,
        )
        services.prepare_document(document)
        if actor is not None:
            document.author = actor
        document.status = initial_status(
            document.effective_date, document.expiry_date, today
        )
        documents.append(document)
    by_year: dict[int, list[Document]] = {}
    for document in documents:
        if not document.index_number:
            by_year.setdefault(document.written_date.year, []).append(document)
    for year, group in by_year.items():
        numbers = services.next_index_numbers(
            job.organisation, year, len(group), prefixes=context.index_prefixes
        )
        for document, number in zip(group, numbers, strict=True):
            document.index_number = number
    Document.objects.bulk_create(documents)
    issuers: list[DocumentIssuer] = []
    audiences = []
    through = Document.audiences.through
    for item, document in zip(parsed, documents, strict=True):
        seen: set[int] = set()
        for order, organisation in enumerate(item.issuers):
            if organisation.pk not in seen:
                seen.add(organisation.pk)
                issuers.append(
                    DocumentIssuer(
                        document=document, organisation=organisation, order=order
                    )
                )
        for audience_pk in dict.fromkeys(a.pk for a in item.audiences):
            audiences.append(through(document_id=document.pk, audience_id=audience_pk))
    DocumentIssuer.objects.bulk_create(issuers)
    through.objects.bulk_create(audiences)
    if actor is not None and getattr(actor, "pk", None):
        round_number = review_projection(documents[0]).round
        content_type = ContentType.objects.get_for_model(Document)
        now = timezone.now()
        ReviewEvent.objects.bulk_create(
            ReviewEvent(
                content_type=content_type,
                object_id=str(document.pk),
                version=document.version,
                round=round_number,
                action=Action.EDIT,
                from_state=ReviewState.DRAFT,
                to_state=document.review_state,
                actor=actor,
                at=now,
            )
            for document in documents
        )
    for item, document in zip(parsed, documents, strict=True):
        _apply_status(document, item.status, item.row.values, job, today)
    return documents


def duplicate_doc_numbers(rows: list[SourceRow]) -> dict[int, str]:
    """Return, by line, why rows sharing one 文号 (however written) are not imported.

    Which of two rows is "right" cannot be told from the file, and importing one
    would let the other overwrite it on every re-import: both are refused, each
    naming all lines that carry the number.
    """
    lines_by_number: dict[str, list[int]] = {}
    for row in rows:
        raw = str(row.values.get("doc_number") or "").strip()
        if not raw:
            continue
        parsed = parse_doc_number(raw)
        if isinstance(parsed, DocNumberError):
            continue  # Reported by the row itself.
        lines_by_number.setdefault(parsed.canonical, []).append(row.line)
    refused: dict[int, str] = {}
    for number, lines in lines_by_number.items():
        if len(lines) < 2:
            continue
        listed = "、".join(str(line) for line in lines)
        reason = (
            f"发文字号“{number}”在第 {listed} 行重复出现（写法不同也视为同一文号），"
            "这些行均未导入，请删去重复行后重新导入"
        )
        refused |= dict.fromkeys(lines, reason)
    return refused


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _finish(job: ImportJob, state: str, message: str) -> None:
    job.state = state
    job.message = message[:300]
    job.finished_at = timezone.now()
    job.save()


class ImportContext:
    """Look-up tables loaded once per job (units by full and short name, audiences)."""

    def __init__(
        self, units: dict[str, Organisation], audiences: dict[str, Audience]
    ) -> None:
        self.units = units
        self.audiences = audiences
        self.index_prefixes: dict[int, str] = {}

    @classmethod
    def load(cls) -> ImportContext:
        units: dict[str, Organisation] = {}
        for unit in Organisation.objects.all():
            units[unit.name] = unit
            if unit.short_name:
                units.setdefault(unit.short_name, unit)
        audiences = {a.name: a for a in Audience.objects.all()}
        audiences |= {a.code: a for a in audiences.values()}
        return cls(units, audiences)


def _find_existing(
    doc_number: str, index_number: str, title: str, written: datetime.date
) -> Document | None:
    candidates = Document.objects.none().values_list("pk", flat=True)
    if doc_number:
        candidates = Document.objects.filter(doc_number=doc_number).values_list(
            "pk", flat=True
        )
    pk = candidates.first()
    if pk is None and index_number:
        pk = (
            Document.objects.filter(index_number=index_number)
            .values_list("pk", flat=True)
            .first()
        )
    if pk is None:
        # 成文日期 is indexed, so this stays a short scan whatever the library size.
        pk = (
            Document.objects.filter(written_date=written, title=title)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    if pk is None:
        return None
    return Document.objects.defer("search_tokens", "search_vector").get(pk=pk)


@dataclass
class ParsedRow:
    """One row checked against everything that needs no lookup of documents."""

    row: SourceRow
    title: str
    written: datetime.date
    doc_number: str
    index_number: str
    issuers: list[Organisation]
    audiences: list[Audience]
    fields: dict[str, Any]
    status: str | None

    def match_keys(self) -> list[tuple[Any, ...]]:
        """The keys :func:`_find_existing` matches on (文号, 索引号, title + date)."""
        keys: list[tuple[Any, ...]] = [("title", self.title, self.written)]
        if self.doc_number:
            keys.append(("doc_number", self.doc_number))
        if self.index_number:
            keys.append(("index_number", self.index_number))
        return keys


def parse_row(row: SourceRow, *, context: ImportContext) -> ParsedRow:
    """Check ``row`` and return its values; raise ValueError naming what is wrong."""
    values = row.values
    title = str(values.get("title") or "").strip()
    if not title:
        raise ValueError("标题不能为空")
    if len(title) > 300:
        raise ValueError("标题过长（最多 300 字）")
    written = parse_day(values.get("written_date"))
    if written is None:
        raise ValueError("成文日期不能为空")
    raw_number = str(values.get("doc_number") or "").strip()
    doc_number = ""
    if raw_number:
        parsed = parse_doc_number(raw_number)
        if isinstance(parsed, DocNumberError):
            raise ValueError(f"发文字号：{parsed.message}")
        doc_number = parsed.canonical
    issuers = []
    for name in split_list(values.get("issuers")):
        if name not in context.units:
            raise ValueError(f"发文机关“{name}”不在机构列表中")
        issuers.append(context.units[name])
    audiences = []
    for name in split_list(values.get("audiences")):
        if name not in context.audiences:
            raise ValueError(f"适用对象“{name}”不存在")
        audiences.append(context.audiences[name])
    fields: dict[str, Any] = {
        "title": title,
        "doc_type": parse_choice(values.get("doc_type"), DocType) or DocType.POLICY,
        "topic": parse_choice(values.get("topic"), Topic) or Topic.GENERAL,
        "written_date": written,
        "published_date": parse_day(values.get("published_date")),
        "effective_date": parse_day(values.get("effective_date")),
        "expiry_date": parse_day(values.get("expiry_date")),
        "needs_interpretation": parse_bool(values.get("needs_interpretation")),
        "body": str(values.get("body") or ""),
    }
    return ParsedRow(
        row=row,
        title=title,
        written=written,
        doc_number=doc_number,
        index_number=str(values.get("index_number") or "").strip(),
        issuers=issuers,
        audiences=audiences,
        fields=fields,
        status=parse_choice(values.get("status"), Validity),
    )


def import_row(
    row: SourceRow, *, job: ImportJob, context: ImportContext, today: datetime.date
) -> str:
    """Create or update one document from ``row``; return created/updated/unchanged."""
    parsed = parse_row(row, context=context)
    return apply_row(parsed, job=job, context=context, today=today)


def apply_row(
    parsed: ParsedRow,
    *,
    job: ImportJob,
    context: ImportContext,
    today: datetime.date,
) -> str:
    """Create or update the document of one checked row (the one-row path)."""
    values = parsed.row.values
    fields = parsed.fields
    issuers, audiences, status = parsed.issuers, parsed.audiences, parsed.status
    existing = _find_existing(
        parsed.doc_number, parsed.index_number, parsed.title, parsed.written
    )
    if existing is None:
        document = Document(
            organisation=job.organisation,
            doc_number=parsed.doc_number,
            index_number=parsed.index_number or None,
            **fields,
        )
        services.save_document(
            document, actor=job.created_by, today=today, issuers=issuers,
            audiences=audiences, index_prefixes=context.index_prefixes,
        )  # fmt: skip
        _apply_status(document, status, values, job, today)
        return "created"
    document = existing
    probe = Document(**fields)
    services.prepare_document(probe)
    changed = [
        name
        for name in CONTENT_FIELDS
        if getattr(document, name) != getattr(probe, name)
    ]
    issuers_changed = bool(issuers) and [o.pk for o in issuers] != list(
        document.documentissuer_set.order_by("order").values_list(
            "organisation_id", flat=True
        )
    )
    audiences_changed = bool(audiences) and {a.pk for a in audiences} != set(
        document.audiences.values_list("pk", flat=True)
    )
    if changed or issuers_changed or audiences_changed:
        if document.review_state != ReviewState.DRAFT:
            raise ValueError(
                "该文件已进入审核或已发布，内容变更须在后台“开始修订”后进行"
            )
        for name in changed:
            setattr(document, name, getattr(probe, name))
        services.save_document(
            document,
            actor=job.created_by,
            today=today,
            issuers=issuers if issuers_changed else None,
            audiences=audiences if audiences_changed else None,
        )
    status_changed = _apply_status(document, status, values, job, today)
    if changed or issuers_changed or audiences_changed or status_changed:
        return "updated"
    return "unchanged"


def _apply_status(
    document: Document,
    status: str | None,
    values: dict[str, Any],
    job: ImportJob,
    today: datetime.date,
) -> bool:
    if not status or status == document.status:
        return False
    on = (
        parse_day(values.get("repeal_date"))
        if status == Validity.REPEALED
        else parse_day(values.get("lapse_date"))
        if status == Validity.EXPIRED
        else None
    ) or today
    services.change_status(
        document,
        status,
        actor=job.created_by,
        changed_on=on,
        reason="批量导入：按导入文件登记效力状态",
        now=timezone.now(),
    )
    return True
