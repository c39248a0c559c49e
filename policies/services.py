"""Writes of the policy library: registering documents, validity status changes and
relations (立改废), 三同步 at 终审 with 退文, interpretations.

The review workflow itself (submit, approve, send back, withdraw) is the shared
mechanism in ``portal.publishing.services``; the functions here add the library's rules.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from policies.docnumber import DocNumberError, parse_doc_number
from policies.models import (
    Audience,
    Document,
    DocumentIssuer,
    DocumentRelation,
    DocumentReturn,
    IndexNumberCounter,
    Interpretation,
    IssuerCode,
    StatusChange,
)
from policies.selectors import (
    documents_attachable_by,
    documents_due_for_status_change,
    three_sync_problems,
)
from policies.validity import (
    RELATION_EFFECT,
    RelationKind,
    Validity,
    check_transition,
    due_status,
    initial_status,
)
from portal.caching import bump, record_name
from portal.models import Organisation, User
from portal.publishing import services as publishing
from portal.publishing.models import ReviewState
from portal.publishing.sanitize import clean_html, html_to_text
from portal.search.fields import search_fields


def canonical_doc_number(value: str) -> str:
    """Return the canonical 文号 for ``value`` ('' for blank); raise ValidationError."""
    if not value or not value.strip():
        return ""
    parsed = parse_doc_number(value)
    if isinstance(parsed, DocNumberError):
        raise ValidationError({"doc_number": parsed.message})
    return parsed.canonical


def check_doc_number_free(doc_number: str, exclude_pk: int | None = None) -> None:
    """Raise ValidationError if ``doc_number`` is already registered to another document."""
    if not doc_number:
        return
    taken = Document.objects.filter(doc_number=doc_number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"doc_number": f"发文字号“{doc_number}”已登记，同一文号不能重复登记。"}
        )


def next_index_number(
    organisation: Organisation,
    year: int,
    *,
    prefixes: dict[int, str] | None = None,
) -> str:
    """Return a new 索引号 ``{统一社会信用代码}/{YYYY}-{NNNNN}`` (Shandong practice).

    Units without a recorded credit code use their unit code as the prefix. The
    counter row is incremented with one locking UPDATE, so concurrent registrations
    never share a number. ``prefixes`` caches the prefix per unit (bulk import).
    """
    return next_index_numbers(organisation, year, 1, prefixes=prefixes)[0]


def next_index_numbers(
    organisation: Organisation,
    year: int,
    count: int,
    *,
    prefixes: dict[int, str] | None = None,
) -> list[str]:
    """Return ``count`` consecutive new 索引号 of one unit and year (one UPDATE)."""
    prefix = prefixes.get(organisation.pk) if prefixes is not None else None
    if prefix is None:
        prefix = (
            IssuerCode.objects.filter(organisation=organisation)
            .values_list("credit_code", flat=True)
            .first()
        ) or organisation.code.upper()
        if prefixes is not None:
            prefixes[organisation.pk] = prefix
    table = IndexNumberCounter._meta.db_table
    sql = f'UPDATE "{table}" SET "last" = "last" + %s WHERE "prefix" = %s AND "year" = %s RETURNING "last"'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, prefix, year])
        row = cursor.fetchone()
        if row is None:
            IndexNumberCounter.objects.get_or_create(prefix=prefix, year=year)
            cursor.execute(sql, [count, prefix, year])
            row = cursor.fetchone()
    last = int(row[0])
    return [f"{prefix}/{year}-{n:05d}" for n in range(last - count + 1, last + 1)]


def prepare_document(document: Document) -> None:
    """Fill the derived columns: canonical 文号, sanitised body, plain text, search."""
    document.doc_number = canonical_doc_number(document.doc_number)
    document.body = clean_html(document.body)
    document.body_text = html_to_text(document.body)
    for name, value in search_fields(
        document.title, document.doc_number, document.body_text
    ).items():
        setattr(document, name, value)


@transaction.atomic
def save_document(
    document: Document,
    *,
    actor: User | None,
    today: datetime.date,
    issuers: Sequence[Organisation] | None = None,
    audiences: Sequence[Audience] | None = None,
    index_prefixes: dict[int, str] | None = None,
    record_edit: bool = True,
) -> Document:
    """Register or update ``document``: 文号 normalised and unique, body sanitised,
    索引号 generated, the initial validity status set from its dates.

    The validity status of an existing document changes only through
    :func:`change_status` (and the relation and date rules that call it). Content —
    fields, issuers, audiences — changes only in 草稿 (``ContentLocked`` otherwise),
    and whoever changes it may not review that version (``record_edit=False`` when
    the caller records the edit itself, as the admin does once it knows what changed).
    """
    creating = document.pk is None
    if not creating:
        publishing.ensure_editable(document)
    prepare_document(document)
    check_doc_number_free(document.doc_number, exclude_pk=document.pk)
    if creating:
        if actor is not None and document.author_id is None:
            document.author = actor
        document.status = initial_status(
            document.effective_date, document.expiry_date, today
        )
        if not document.index_number:
            document.index_number = next_index_number(
                document.organisation,
                document.written_date.year,
                prefixes=index_prefixes,
            )
    document.save()
    if issuers is not None:
        set_issuers(document, issuers, replace=not creating)
    if audiences is not None and creating:
        through = Document.audiences.through
        through.objects.bulk_create(
            through(document_id=document.pk, audience_id=a.pk)
            for a in {a.pk: a for a in audiences}.values()
        )
    elif audiences is not None:
        document.audiences.set(audiences)
    if record_edit:
        publishing.record_edit(document, actor=actor)
    return document


def set_issuers(
    document: Document, issuers: Sequence[Organisation], *, replace: bool = True
) -> None:
    """Record the issuing organs in order; the first is the lead organ (主办机关).

    Only in 草稿: the issuers decide 三同步, which is checked again at 终审.
    """
    publishing.ensure_editable(document)
    if replace:
        DocumentIssuer.objects.filter(document=document).delete()
    seen: set[int] = set()
    rows = []
    for order, organisation in enumerate(issuers):
        if organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        rows.append(
            DocumentIssuer(document=document, organisation=organisation, order=order)
        )
    DocumentIssuer.objects.bulk_create(rows)


# --- validity status ---------------------------------------------------------------


@transaction.atomic
def change_status(
    document: Document,
    to_status: Validity | str,
    *,
    actor: User | None,
    changed_on: datetime.date,
    reason: str,
    now: datetime.datetime,
    caused_by: Document | None = None,
) -> StatusChange:
    """Change ``document``'s validity status and record the history row."""
    locked = Document.objects.select_for_update().get(pk=document.pk)
    to_status = Validity(to_status)
    check_transition(locked.status, to_status)
    change = StatusChange.objects.create(
        document=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_on=changed_on,
        reason=reason[:300],
        caused_by=caused_by,
        actor=actor,
        recorded_at=now,
    )
    locked.status = to_status
    locked.status_changed_on = changed_on
    fields = ["status", "status_changed_on", "updated_at"]
    if to_status == Validity.REPEALED:
        locked.repeal_date = changed_on
        fields.append("repeal_date")
    elif to_status == Validity.EXPIRED:
        locked.lapse_date = changed_on
        fields.append("lapse_date")
    elif to_status == Validity.EFFECTIVE and locked.lapse_date:
        locked.lapse_date = None
        fields.append("lapse_date")
    locked.save(update_fields=fields)
    # The status shows on every list, page, feed and search result of the document.
    bump(record_name(locked), "app:policies", "index")
    for field in fields:
        setattr(document, field, getattr(locked, field))
    return change


@transaction.atomic
def record_relation(
    source: Document,
    target: Document,
    kind: RelationKind | str,
    *,
    actor: User | None,
    effective_on: datetime.date,
    now: datetime.datetime,
    note: str = "",
) -> DocumentRelation:
    """Record that ``source`` amends / repeals / relates to ``target``.

    A relation that acts on the target (修改, 部分废止, 废止, 替代) changes the
    target's status and writes its history row in the same transaction.
    """
    kind = RelationKind(kind)
    if source.pk == target.pk:
        raise ValidationError("文件不能与自身建立关系。")
    if DocumentRelation.objects.filter(
        source=source, target=target, kind=kind
    ).exists():
        raise ValidationError("这一关系已经登记。")
    relation = DocumentRelation.objects.create(
        source=source, target=target, kind=kind, note=note, effective_on=effective_on
    )
    effect = RELATION_EFFECT.get(kind)
    if effect is not None:
        label = f"《{source.title}》"
        if source.doc_number:
            label += f"（{source.doc_number}）"
        change_status(
            target,
            effect,
            actor=actor,
            changed_on=effective_on,
            reason=f"{label}{kind.label}本文件" + (f"：{note}" if note else ""),
            now=now,
            caused_by=source,
        )
    return relation


def apply_due_status_changes(today: datetime.date, now: datetime.datetime) -> int:
    """Apply 施行日期 reached and 有效期至 passed; return how many documents changed.

    Idempotent: documents are selected by state, and a document already in its due
    status is not selected again.
    """
    changed = 0
    for pk in list(documents_due_for_status_change(today).values_list("pk", flat=True)):
        with transaction.atomic():
            document = Document.objects.select_for_update().get(pk=pk)
            due = due_status(
                document.status, document.effective_date, document.expiry_date, today
            )
            if due is None:
                continue  # Another run got there first.
            to_status, on = due
            reason = (
                "有效期届满，自动失效"
                if to_status == Validity.EXPIRED
                else "到达施行日期，自动生效"
            )
            change_status(
                document,
                to_status,
                actor=None,
                changed_on=on,
                reason=reason,
                now=now,
            )
            changed += 1
    return changed


@transaction.atomic
def review_statuses(
    documents: Sequence[Document],
    to_status: Validity | str,
    *,
    actor: User,
    changed_on: datetime.date,
    reason: str,
    now: datetime.datetime,
) -> tuple[int, list[str]]:
    """清理: set many documents' status at once; return (changed, Chinese problems)."""
    changed, problems = 0, []
    for document in documents:
        if document.status == to_status:
            continue
        try:
            with transaction.atomic():
                change_status(
                    document,
                    to_status,
                    actor=actor,
                    changed_on=changed_on,
                    reason=reason,
                    now=now,
                )
            changed += 1
        except Exception as exc:  # noqa: BLE001 - reported per document
            problems.append(f"《{document.title}》：{exc}")
    return changed, problems


# --- 三同步 and 退文 ------------------------------------------------------------------------


@transaction.atomic
def return_document(
    document: Document, *, actor: User, reason: str, now: datetime.datetime
) -> DocumentReturn:
    """退文: send ``document`` back to its drafting unit with a recorded reason."""
    publishing.send_back(document, actor=actor, reason=reason, now=now)
    return DocumentReturn.objects.create(
        document=document,
        organisation_id=document.organisation_id,
        reason=reason,
        returned_by=actor,
        returned_at=now,
    )


def approve_document(
    document: Document, *, actor: User, now: datetime.datetime, opinion: str = ""
) -> DocumentReturn | None:
    """Advance ``document`` one review step; at 终审 a document that breaks 三同步 is
    returned (退文) with the reason recorded, instead of being published.

    Returns the return record when the document was sent back, else None. A step the
    actor may not take is refused before anything is recorded.
    """
    state = (
        Document.objects.filter(pk=document.pk)
        .values_list("review_state", flat=True)
        .first()
    )
    if state == ReviewState.FINAL_REVIEW:
        problems = three_sync_problems(document)
        if problems:
            return return_document(
                document, actor=actor, reason="；".join(problems), now=now
            )
    publishing.approve(document, actor=actor, opinion=opinion, now=now)
    return None


def prepare_interpretation(interpretation: Interpretation) -> None:
    interpretation.body = clean_html(interpretation.body)
    interpretation.body_text = html_to_text(interpretation.body)


@transaction.atomic
def save_interpretation(
    interpretation: Interpretation, *, actor: User | None, record_edit: bool = True
) -> Interpretation:
    """Register or update an interpretation (body sanitised).

    Only in 草稿, and only of a document the actor's unit may attach to (one it
    drafted or issued); whoever changes it may not review that version.
    """
    if interpretation.pk is not None:
        publishing.ensure_editable(interpretation)
    if (
        actor is not None
        and not documents_attachable_by(actor)
        .filter(pk=interpretation.document_id)
        .exists()
    ):
        raise ValidationError(
            {
                "document": "只能为本单位起草或参与发文的文件撰写解读，请选择本单位的文件。"
            }
        )
    prepare_interpretation(interpretation)
    if interpretation.pk is None and actor is not None and not interpretation.author_id:
        interpretation.author = actor
    if not interpretation.organisation_id:
        interpretation.organisation_id = Document.objects.values_list(
            "organisation_id", flat=True
        ).get(pk=interpretation.document_id)
    interpretation.save()
    if record_edit:
        publishing.record_edit(interpretation, actor=actor)
    return interpretation


def update_fields_of(document: Document, values: dict[str, Any]) -> list[str]:
    """Set ``values`` on ``document``; return the names that actually changed."""
    changed = []
    for name, value in values.items():
        if getattr(document, name) != value:
            setattr(document, name, value)
            changed.append(name)
    return changed
