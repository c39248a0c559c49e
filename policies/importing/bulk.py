"""The set-based path of an import chunk: a constant number of statements for the
whole chunk, however many rows it has.

1. three index look-ups (文号, 索引号, title + 成文日期) find and lock the stored
   documents the rows match, chosen in that order, the lowest id first;
2. every row is checked against its document in Python — a bad row is reported and
   nothing is written for it;
3. new documents, their issuers, audiences, 编辑 review events and status history are
   inserted, and matched drafts updated, one statement per table.

Rows that touch the same document as an earlier row of the chunk are left to the
one-row path (:mod:`policies.importing.one_by_one`), in file order, after this.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from policies.importing.parsing import (
    CONTENT_FIELDS,
    LOCKED_MESSAGE,
    STATUS_REASON,
    ParsedRow,
)
from policies.importing.sql import insert_rows, reserve_index_numbers, update_rows
from policies.models import Document, DocumentIssuer, ImportJob, StatusChange
from policies.validity import InvalidTransition, Validity, check_transition
from policies.validity import initial_status as initial_status_of
from portal.caching import bump, record_name
from portal.publishing.models import ReviewEvent, ReviewState
from portal.publishing.workflow import Action, EventFact, project

# What the checks and updates read of a matched document (never its search columns).
MATCH_COLUMNS = (
    "id",
    "doc_number",
    "index_number",
    "review_state",
    "status",
    "status_changed_on",
    "repeal_date",
    "lapse_date",
    "version",
    *CONTENT_FIELDS,
)


@dataclass
class Outcome:
    """What a chunk did: counts and the errors of its bad rows, by line."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, item: ParsedRow, message: str) -> None:
        self.errors.append({"line": item.line, "reason": message})


@dataclass
class Plan:
    """A chunk's rows sorted by the path they take."""

    fresh: list[ParsedRow] = field(default_factory=list)
    matched: list[tuple[ParsedRow, Document]] = field(default_factory=list)
    one_by_one: list[ParsedRow] = field(default_factory=list)


def plan_chunk(parsed: list[ParsedRow]) -> Plan:
    """Match every row to its stored document and choose the path it takes."""
    plan = Plan()
    existing = match_documents(parsed)
    claimed: set[tuple[Any, ...]] = set()
    for item in parsed:
        document = existing.get(item.line)
        keys = item.match_keys()
        if document is not None:
            keys |= _document_keys(document)
        if keys & claimed:
            plan.one_by_one.append(item)  # depends on an earlier row of the chunk
        elif document is None:
            plan.fresh.append(item)
        else:
            plan.matched.append((item, document))
        claimed |= keys
    return plan


def match_documents(parsed: list[ParsedRow]) -> dict[int, Document]:
    """Return, by line, the stored document each row matches, locked until commit
    (an index lookup per key kind, whatever the library's size)."""
    numbers = sorted({p.doc_number for p in parsed if p.doc_number})
    index_numbers = sorted({p.index_number for p in parsed if p.index_number})
    pairs = sorted({(p.written, p.title) for p in parsed})
    documents = Document.objects.only(*MATCH_COLUMNS).select_for_update(no_key=True)
    found: dict[int, Document] = {}
    # ``<> ''`` repeats the predicate of the partial unique index on 文号: without it
    # PostgreSQL cannot prove a list of over 100 numbers fits the index, and scans.
    for wanted in (
        documents.filter(doc_number__in=numbers).exclude(doc_number="")
        if numbers
        else None,
        documents.filter(index_number__in=index_numbers) if index_numbers else None,
        documents.filter(_title_and_day_in(pairs)) if pairs else None,
    ):
        if wanted is not None:
            found |= {document.pk: document for document in wanted}
    by_number: dict[str, Document] = {}
    by_index: dict[str, Document] = {}
    by_title: dict[tuple[str, datetime.date], Document] = {}
    for pk in sorted(found):  # the lowest id first, as the one-row path
        document = found[pk]
        if document.doc_number:
            by_number.setdefault(document.doc_number, document)
        if document.index_number:
            by_index.setdefault(document.index_number, document)
        by_title.setdefault((document.title, document.written_date), document)
    matches: dict[int, Document] = {}
    for p in parsed:
        match = (
            (by_number.get(p.doc_number) if p.doc_number else None)
            or (by_index.get(p.index_number) if p.index_number else None)
            or by_title.get((p.title, p.written))
        )
        if match is not None:
            matches[p.line] = match
    return matches


def _title_and_day_in(pairs: list[tuple[datetime.date, str]]) -> Q:
    """Documents whose (成文日期, title) is one of ``pairs``, through the index on both.

    PostgreSQL joins the pairs as arrays (a thousand index probes in about a
    millisecond; a thousand ORs cost a third of a second to plan); elsewhere an OR
    per day.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Document._meta.db_table)
        return Q(
            pk__in=RawSQL(  # noqa: S611 - the table name is quoted, values are params
                f"SELECT d.id FROM {table} d JOIN unnest(%s::date[], %s::text[]) "  # noqa: S608
                "AS w(day, title) ON d.written_date = w.day AND d.title = w.title",
                ([day for day, _ in pairs], [title for _, title in pairs]),
            )
        )
    titles_by_day: dict[datetime.date, list[str]] = defaultdict(list)
    for day, title in pairs:
        titles_by_day[day].append(title)
    wanted = Q(pk__in=[])
    for day, titles in titles_by_day.items():
        wanted |= Q(written_date=day, title__in=titles)
    return wanted


def _document_keys(document: Document) -> set[tuple[Any, ...]]:
    keys: set[tuple[Any, ...]] = {("title", document.title, document.written_date)}
    if document.doc_number:
        keys.add(("doc_number", document.doc_number))
    if document.index_number:
        keys.add(("index_number", document.index_number))
    return keys


def _status_values(
    to_status: str, on: datetime.date, lapse_date: datetime.date | None
) -> dict[str, Any]:
    """The columns ``services.change_status`` sets for a change to ``to_status``."""
    values: dict[str, Any] = {"status": to_status, "status_changed_on": on}
    if to_status == Validity.REPEALED:
        values["repeal_date"] = on
    elif to_status == Validity.EXPIRED:
        values["lapse_date"] = on
    elif to_status == Validity.EFFECTIVE and lapse_date:
        values["lapse_date"] = None
    return values


def _status_change(
    document_id: int,
    from_status: str,
    to_status: str,
    on: datetime.date,
    job: ImportJob,
    now: datetime.datetime,
) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "from_status": from_status,
        "to_status": to_status,
        "changed_on": on,
        "reason": STATUS_REASON,
        "actor_id": job.created_by_id,
        "recorded_at": now,
    }


def _edit_event(
    document_id: int, version: int, round_number: int, **common: Any
) -> dict[str, Any]:
    return {
        "object_id": str(document_id),
        "version": version,
        "round": round_number,
        "action": Action.EDIT,
        "from_state": ReviewState.DRAFT,
        "to_state": ReviewState.DRAFT,
        **common,
    }


def create_documents(
    items: list[ParsedRow],
    *,
    job: ImportJob,
    today: datetime.date,
    now: datetime.datetime,
    index_prefixes: dict[int, str],
    outcome: Outcome,
) -> None:
    """Insert drafts for rows that match no document, as ``services.save_document``
    would one by one: derived columns, initial status (then the file's status with its
    history row), 索引号, issuers, audiences and the 编辑 review event (so the importer
    may not review them)."""
    rows: list[dict[str, Any]] = []
    changes: list[tuple[int, str, str, datetime.date]] = []  # (row, from, to, on)
    kept: list[ParsedRow] = []
    for item in items:
        fields = item.fields
        initial = initial_status_of(
            fields["effective_date"], fields["expiry_date"], today
        )
        values: dict[str, Any] = {
            **fields,
            **item.derived(item.doc_number),
            "organisation_id": job.organisation_id,
            "author_id": job.created_by_id,
            "doc_number": item.doc_number,
            "index_number": item.index_number or None,
            "status": initial,
            "created_at": now,
            "updated_at": now,
        }
        if item.status and item.status != initial:
            try:
                check_transition(initial, item.status)
                on = item.status_date(today)
            except (InvalidTransition, ValueError) as exc:
                outcome.fail(item, str(exc))
                continue
            values |= _status_values(item.status, on, None)
            changes.append((len(rows), initial, item.status, on))
        rows.append(values)
        kept.append(item)
    if not rows:
        return
    counts: dict[int, int] = defaultdict(int)
    for values in rows:
        if not values["index_number"]:
            counts[values["written_date"].year] += 1
    numbers = {
        year: iter(listed)
        for year, listed in reserve_index_numbers(
            job.organisation, counts, index_prefixes
        ).items()
    }
    for values in rows:
        if not values["index_number"]:
            values["index_number"] = next(numbers[values["written_date"].year])
    ids = insert_rows(Document, rows, returning=True)
    issuers, audiences = [], []
    for item, pk in zip(kept, ids, strict=True):
        issuers += [
            {"document_id": pk, "organisation_id": organisation_id, "order": order}
            for order, organisation_id in enumerate(item.issuer_ids())
        ]
        audiences += [
            {"document_id": pk, "audience_id": a} for a in item.audience_ids()
        ]
    insert_rows(DocumentIssuer, issuers)
    insert_rows(Document.audiences.through, audiences)
    if job.created_by_id is not None:
        round_number = project((), version=1).round
        common = {
            "content_type_id": ContentType.objects.get_for_model(Document).pk,
            "actor_id": job.created_by_id,
            "at": now,
        }
        insert_rows(
            ReviewEvent, [_edit_event(pk, 1, round_number, **common) for pk in ids]
        )
    insert_rows(
        StatusChange,
        [_status_change(ids[i], src, dst, on, job, now) for i, src, dst, on in changes],
    )
    outcome.created += len(ids)


def update_documents(
    pairs: list[tuple[ParsedRow, Document]],
    *,
    job: ImportJob,
    today: datetime.date,
    now: datetime.datetime,
    outcome: Outcome,
) -> None:
    """Apply rows to the documents they match, as the one-row path would: content
    (fields, issuers, audiences) only in 草稿, with the 编辑 event; the file's validity
    status through an allowed transition with its history row, in any review state."""
    ids = [document.pk for _, document in pairs]
    current_issuers: dict[int, list[int]] = defaultdict(list)
    if any(item.issuers for item, _ in pairs):
        for document_id, organisation_id in (
            DocumentIssuer.objects.filter(document_id__in=ids)
            .order_by("document_id", "order")
            .values_list("document_id", "organisation_id")
        ):
            current_issuers[document_id].append(organisation_id)
    through = Document.audiences.through
    current_audiences: dict[int, set[int]] = defaultdict(set)
    if any(item.audiences for item, _ in pairs):
        for document_id, audience_id in through.objects.filter(
            document_id__in=ids
        ).values_list("document_id", "audience_id"):
            current_audiences[document_id].add(audience_id)
    edited: list[Document] = []
    new_issuers: dict[int, list[int]] = {}
    new_audiences: dict[int, list[int]] = {}
    restated: list[Document] = []
    changes: list[dict[str, Any]] = []
    for item, document in pairs:
        changed = [n for n in CONTENT_FIELDS if getattr(document, n) != item.fields[n]]
        issuer_ids = item.issuer_ids()
        issuers_changed = (
            bool(issuer_ids) and issuer_ids != current_issuers[document.pk]
        )
        audience_ids = item.audience_ids()
        audiences_changed = (
            bool(audience_ids) and set(audience_ids) != (current_audiences[document.pk])
        )
        content_changed = bool(changed) or issuers_changed or audiences_changed
        to_status = item.status if item.status != document.status else None
        try:
            if content_changed and document.review_state != ReviewState.DRAFT:
                raise ValueError(LOCKED_MESSAGE)
            if to_status:
                check_transition(document.status, to_status)
                on = item.status_date(today)
        except (ValueError, InvalidTransition) as exc:
            outcome.fail(item, str(exc))
            continue
        if content_changed:
            for name in changed:
                setattr(document, name, item.fields[name])
            for name, value in item.derived(document.doc_number).items():
                setattr(document, name, value)
            document.updated_at = now
            edited.append(document)
        if issuers_changed:
            new_issuers[document.pk] = issuer_ids
        if audiences_changed:
            new_audiences[document.pk] = audience_ids
        if to_status:
            changes.append(
                _status_change(document.pk, document.status, to_status, on, job, now)
            )
            for name, value in _status_values(
                to_status, on, document.lapse_date
            ).items():
                setattr(document, name, value)
            document.updated_at = now
            restated.append(document)
        if content_changed or to_status:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    derived = ["body_text", "search_tokens", "search_vector", "search_lossy"]
    update_rows(Document, edited, [*CONTENT_FIELDS, *derived, "updated_at"])
    status_fields = ["status", "status_changed_on", "repeal_date", "lapse_date"]
    update_rows(Document, restated, [*status_fields, "updated_at"])
    _replace_parts(new_issuers, new_audiences)
    _record_edits(edited, job=job, now=now)
    insert_rows(StatusChange, changes)
    if restated:
        # The status shows on every list, page, feed and search result of a document.
        bump(*(record_name(d) for d in restated), "app:policies", "index")


def _replace_parts(
    issuers: dict[int, list[int]], audiences: dict[int, list[int]]
) -> None:
    """Replace the issuers and audiences of drafts (checked to be drafts above)."""
    if issuers:
        DocumentIssuer.objects.filter(document_id__in=list(issuers)).delete()
        insert_rows(
            DocumentIssuer,
            [
                {"document_id": pk, "organisation_id": organisation_id, "order": order}
                for pk, organisations in issuers.items()
                for order, organisation_id in enumerate(organisations)
            ],
        )
    if audiences:
        through = Document.audiences.through
        through.objects.filter(document_id__in=list(audiences)).delete()
        insert_rows(
            through,
            [
                {"document_id": pk, "audience_id": audience_id}
                for pk, audience_ids in audiences.items()
                for audience_id in audience_ids
            ],
        )


def _record_edits(
    documents: list[Document], *, job: ImportJob, now: datetime.datetime
) -> None:
    """Record the importer's 编辑 on each changed draft, as ``publishing.record_edit``
    does: once per version and editor (one query for the histories, one insert)."""
    if job.created_by_id is None or not documents:
        return
    content_type = ContentType.objects.get_for_model(Document)
    history: dict[str, list[EventFact]] = defaultdict(list)
    for object_id, action, actor_id, version in (
        ReviewEvent.objects.filter(
            content_type=content_type, object_id__in=[str(d.pk) for d in documents]
        )
        .order_by("at", "id")
        .values_list("object_id", "action", "actor_id", "version")
    ):
        history[object_id].append(EventFact(Action(action), actor_id, version))
    common = {
        "content_type_id": content_type.pk,
        "actor_id": job.created_by_id,
        "at": now,
    }
    events = []
    for document in documents:
        facts = history[str(document.pk)]
        last = facts[-1] if facts else None
        if last == EventFact(Action.EDIT, job.created_by_id, document.version):
            continue
        round_number = project(facts, version=document.version).round
        events.append(
            _edit_event(document.pk, document.version, round_number, **common)
        )
    insert_rows(ReviewEvent, events)
