"""The one-row path: a row that depends on an earlier row of its chunk (both match the
same document), or every row of a chunk whose set-based write the database refused.

Each row goes through the ordinary services (``save_document``, ``change_status``),
which match, check and record exactly as an editor's change in the admin does.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from policies import services
from policies.importing.parsing import (
    CONTENT_FIELDS,
    LOCKED_MESSAGE,
    STATUS_REASON,
    ImportContext,
    ParsedRow,
)
from policies.models import Document, ImportJob
from portal.publishing.models import ReviewState


def find_existing(
    doc_number: str, index_number: str, title: str, written: datetime.date
) -> Document | None:
    """The stored document a row matches: by 文号, then 索引号, then title + date."""
    pk = None
    if doc_number:
        pk = (
            Document.objects.filter(doc_number=doc_number)
            .values_list("pk", flat=True)
            .first()
        )
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


def apply_row(
    parsed: ParsedRow,
    *,
    job: ImportJob,
    context: ImportContext,
    today: datetime.date,
) -> str:
    """Create or update the document of one checked row; return created/updated/
    unchanged. The caller runs it in a savepoint: a refused row leaves nothing."""
    fields = parsed.fields
    issuers, audiences = parsed.issuers, parsed.audiences
    existing = find_existing(
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
        apply_status(document, parsed, job, today)
        return "created"
    document = existing
    changed = [n for n in CONTENT_FIELDS if getattr(document, n) != fields[n]]
    issuer_ids = parsed.issuer_ids()
    issuers_changed = bool(issuer_ids) and issuer_ids != list(
        document.documentissuer_set.order_by("order").values_list(
            "organisation_id", flat=True
        )
    )
    audiences_changed = bool(audiences) and set(parsed.audience_ids()) != set(
        document.audiences.values_list("pk", flat=True)
    )
    if changed or issuers_changed or audiences_changed:
        if document.review_state != ReviewState.DRAFT:
            raise ValueError(LOCKED_MESSAGE)
        for name in changed:
            setattr(document, name, fields[name])
        services.save_document(
            document,
            actor=job.created_by,
            today=today,
            issuers=issuers if issuers_changed else None,
            audiences=audiences if audiences_changed else None,
        )
    status_changed = apply_status(document, parsed, job, today)
    if changed or issuers_changed or audiences_changed or status_changed:
        return "updated"
    return "unchanged"


def apply_status(
    document: Document, parsed: ParsedRow, job: ImportJob, today: datetime.date
) -> bool:
    """Give ``document`` the file's validity status (with its history row)."""
    if not parsed.status or parsed.status == document.status:
        return False
    services.change_status(
        document,
        parsed.status,
        actor=job.created_by,
        changed_on=parsed.status_date(today),
        reason=STATUS_REASON,
        now=timezone.now(),
    )
    return True
