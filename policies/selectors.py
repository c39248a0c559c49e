"""Reads of the policy library. Every public list, page, feed, API and export starts
from :func:`public_documents` / :func:`public_interpretations` (the one visibility rule
of ``Publishable``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from policies.docnumber import DocNumber, parse_doc_number
from policies.models import (
    Audience,
    Document,
    DocumentIssuer,
    DocumentRelation,
    Interpretation,
    SignerKind,
    StatusChange,
)
from policies.validity import RelationKind, Validity
from portal.caching import cached_value
from portal.models import Organisation
from portal.pagination import MAX_SEARCH_PAGES, PAGE_SIZE, Page
from portal.publishing.models import ReviewState
from portal.search.fallback import WordMatches, matches_per_word
from portal.search.query import (
    Order,
    SearchQuery,
    in_order,
    newest_first_ids,
    parse_query,
    run_search,
)

# Units in whose name a policy document must be published with its interpretation.
THREE_SYNC_KINDS = (Organisation.Kind.GOVERNMENT, Organisation.Kind.OFFICE)
# An interpretation that passed its own 终审 waits in 待发布 for its document.
REVIEWED_INTERPRETATION_STATES = (ReviewState.SCHEDULED, ReviewState.PUBLISHED)
LIST_FIELDS = (
    "id",
    "index_number",
    "title",
    "doc_number",
    "doc_type",
    "topic",
    "status",
    "written_date",
    "published_date",
    "effective_date",
    "expiry_date",
    "repeal_date",
    "lapse_date",
    "published_at",
    "updated_at",
    "organisation_id",
    "review_state",
)


# Version name bumped by every write to the 适用对象 table (see PoliciesConfig.ready).
AUDIENCES_VERSION = "policies:audiences"


def audience_list() -> list[Audience]:
    """Every 适用对象, cached until the table changes (not rebuilt per page)."""
    return cached_value(
        "policies:audience-list",
        [AUDIENCES_VERSION],
        lambda: list(Audience.objects.all()),
    )


def issuer_choices() -> list[tuple[int, str]]:
    """The 发文机关 filter's choices, cached until an organisation changes."""
    return cached_value(
        "policies:issuer-choices",
        ["organisations"],
        lambda: [(o.pk, str(o)) for o in Organisation.objects.filter(is_active=True)],
    )


def _issuer_prefetch() -> Prefetch:
    return Prefetch(
        "documentissuer_set",
        queryset=DocumentIssuer.objects.select_related("organisation").only(
            "id", "order", "document_id", "organisation__id", "organisation__name"
        ),
        to_attr="issuer_rows",
    )


def public_documents(now: datetime.datetime) -> QuerySet[Document]:
    """Return the documents the public may see (published, not withdrawn, not scheduled)."""
    return Document.objects.public(now)  # type: ignore[return-value]


def document_list_rows(queryset: QuerySet[Document]) -> QuerySet[Document]:
    """Return ``queryset`` slimmed for list pages: list columns, issuers in one query."""
    return queryset.only(*LIST_FIELDS).prefetch_related(_issuer_prefetch())


def issuer_names(document: Document) -> list[str]:
    rows = getattr(document, "issuer_rows", None)
    if rows is None:
        rows = list(document.documentissuer_set.select_related("organisation"))
    return [row.organisation.name for row in rows]


def library_query(raw: str | None) -> SearchQuery:
    """Parse a library search; a 文号 typed in any variant searches its canonical form."""
    parsed = parse_doc_number(raw or "")
    if isinstance(parsed, DocNumber):
        return parse_query(parsed.canonical)
    return parse_query(raw)


# Exact counts of very long lists cost time in proportion to their length.
LIST_COUNT_CAP = 10000


def list_documents(
    queryset: QuerySet[Document],
    *,
    number: int,
    page_size: int = PAGE_SIZE,
    date_field: str = "published_at",
) -> Page[Any]:
    """Return one newest-first page of ``queryset`` (count capped at 10,000).

    Four queries whatever the size: capped count, page of keys, rows, issuers. A list
    narrowed to one 成文年份 is sorted by 成文日期: its rows are then contiguous in
    that index, whereas the publication-date index would be walked through every
    later year first.
    """
    ids, count, capped, number = newest_first_ids(
        queryset,
        number=number,
        page_size=page_size,
        count_cap=LIST_COUNT_CAP,
        date_field=date_field,
    )
    rows = in_order(document_list_rows(Document.objects.all()), ids)
    return Page(rows, number, count, page_size, capped=capped)


def search_documents(
    queryset: QuerySet[Document],
    query: SearchQuery,
    *,
    now: datetime.datetime,
    order: Order,
    page: int,
) -> Page[Any]:
    """Return one page of ``queryset`` matching ``query`` (capped count and ranking)."""
    result = run_search(
        queryset,
        query,
        now=now,
        order=order,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    rows = (
        document_list_rows(Document.objects.all())
        .defer(None)
        .only(*LIST_FIELDS, "body_text")
    )
    return Page(
        in_order(rows, result.ids),
        page,
        result.total,
        max_pages=MAX_SEARCH_PAGES,
        result=result,
    )


def search_documents_per_word(
    queryset: QuerySet[Document], query: SearchQuery, *, now: datetime.datetime
) -> list[WordMatches]:
    """Return what each word of a search that found nothing finds in ``queryset`` alone
    (at most ``fallback.MAX_WORDS`` + 1 queries)."""
    rows = Document.objects.only("id", "title")
    return matches_per_word(queryset, query, rows=rows, now=now)


def get_public_document(pk: int, now: datetime.datetime) -> Document | None:
    """Return the document whose page may be opened (public or withdrawn), or None."""
    return (
        Document.objects.public_pages(now)
        .filter(pk=pk)
        .defer("search_tokens", "search_vector")
        .select_related("organisation")
        .prefetch_related(_issuer_prefetch(), "audiences", "attachments")
        .first()
    )


@dataclass(frozen=True)
class RelationView:
    kind: str
    label: str
    document: Document


@dataclass(frozen=True)
class DocumentPage:
    document: Document
    issuers: list[str]
    history: list[StatusChange]
    banner: StatusChange | None
    amends: list[RelationView]
    amended_by: list[RelationView]
    interpretations: list[Interpretation]


# How a relation reads from the target's side (A 被 B …).
INCOMING_LABELS = {
    RelationKind.AMENDS: "被修改",
    RelationKind.PARTIALLY_REPEALS: "被部分废止",
    RelationKind.REPEALS: "被废止",
    RelationKind.REPLACES: "被替代",
    RelationKind.RELATED: "相关",
}


def document_page(document: Document, now: datetime.datetime) -> DocumentPage:
    """Return everything a document page shows; a fixed number of queries.

    Related documents and interpretations appear only when they are public themselves.
    """
    public_ids = public_documents(now).values("pk")
    history = list(
        StatusChange.objects.filter(document=document)
        .select_related("caused_by")
        .only(
            "id",
            "from_status",
            "to_status",
            "changed_on",
            "reason",
            "recorded_at",
            "document_id",
            "caused_by__id",
            "caused_by__title",
            "caused_by__doc_number",
            "caused_by__review_state",
            "caused_by__published_at",
        )
    )
    slim = ("id", "title", "doc_number", "status", "published_at", "review_state")
    outgoing = [
        RelationView(r.kind, r.get_kind_display(), r.target)
        for r in DocumentRelation.objects.filter(source=document, target__in=public_ids)
        .select_related("target")
        .only("id", "kind", "source_id", *(f"target__{f}" for f in slim))
    ]
    incoming = [
        RelationView(r.kind, INCOMING_LABELS[RelationKind(r.kind)], r.source)
        for r in DocumentRelation.objects.filter(target=document, source__in=public_ids)
        .select_related("source")
        .only("id", "kind", "target_id", *(f"source__{f}" for f in slim))
    ]
    banner = None
    if document.status != Validity.EFFECTIVE:
        banner = next(
            (
                change
                for change in reversed(history)
                if change.to_status == document.status
            ),
            None,
        )
        if banner and banner.caused_by and not banner.caused_by.is_public:
            # Name only documents the public may open.
            banner.caused_by = None
    return DocumentPage(
        document=document,
        issuers=issuer_names(document),
        history=history,
        banner=banner,
        amends=outgoing,
        amended_by=incoming,
        interpretations=list(
            public_interpretations(now)
            .filter(document=document)
            .only(
                "id",
                "title",
                "form",
                "signer_kind",
                "signer_name",
                "published_at",
                "document_id",
            )
        ),
    )


def public_interpretations(now: datetime.datetime) -> QuerySet[Interpretation]:
    """Return interpretations the public may see: public ones of public documents."""
    return Interpretation.objects.public(now).filter(  # type: ignore[return-value]
        document__in=public_documents(now).values("pk")
    )


def interpretation_list_rows(
    queryset: QuerySet[Interpretation],
) -> QuerySet[Interpretation]:
    return queryset.select_related("document").only(
        "id",
        "title",
        "form",
        "signer_kind",
        "signer_name",
        "published_at",
        "updated_at",
        "document__id",
        "document__title",
        "document__doc_number",
    )


def list_interpretations(
    queryset: QuerySet[Interpretation], *, number: int, page_size: int = PAGE_SIZE
) -> Page[Any]:
    """Return one newest-first page of interpretations (count capped at 10,000)."""
    ids, count, capped, number = newest_first_ids(
        queryset, number=number, page_size=page_size, count_cap=LIST_COUNT_CAP
    )
    rows = in_order(interpretation_list_rows(Interpretation.objects.all()), ids)
    return Page(rows, number, count, page_size, capped=capped)


def get_public_interpretation(pk: int, now: datetime.datetime) -> Interpretation | None:
    """Return the interpretation whose page may be opened, or None.

    The same rule as the lists: an interpretation is seen only while its document is
    public (a withdrawn interpretation keeps its page with the notice).
    """
    return (
        Interpretation.objects.public_pages(now)
        .filter(pk=pk, document__in=public_documents(now).values("pk"))
        .select_related("document", "organisation")
        .first()
    )


# --- 三同步 ----------------------------------------------------------------------------


def requires_three_sync(document: Document) -> bool:
    """Return True for a policy document issued in the name of 区人民政府 or
    区政府办公室 that needs an interpretation (seed point (五): 三同步)."""
    if not document.needs_interpretation or document.pk is None:
        return False
    return document.issuers.filter(kind__in=THREE_SYNC_KINDS).exists()


def reviewed_interpretations(document: Document) -> QuerySet[Interpretation]:
    return document.interpretations.filter(
        review_state__in=REVIEWED_INTERPRETATION_STATES
    )


def submission_problems(document: Document) -> list[str]:
    """Return why ``document`` may not be submitted for review (empty when it may).

    三同步 is decided on the issuing organs, so they may not be missing.
    """
    if document.pk is None or not document.documentissuer_set.exists():
        return ["请至少填写一个发文机关（第一个为主办机关）后再提交审核。"]
    return []


def documents_attachable_by(user: Any) -> QuerySet[Document]:
    """Return the documents ``user``'s unit may write an interpretation of: the ones
    it drafted or issued (jointly); every document for the 区政务公开办."""
    from portal.roles import is_office_admin

    if is_office_admin(user):
        return Document.objects.all()
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None:
        return Document.objects.none()
    return Document.objects.filter(
        Q(organisation_id=organisation_id)
        | Q(
            pk__in=DocumentIssuer.objects.filter(
                organisation_id=organisation_id
            ).values("document_id")
        )
    )


def three_sync_problems(document: Document) -> list[str]:
    """Return why ``document`` may not pass 终审 under 三同步 (empty when it may)."""
    if (
        requires_three_sync(document)
        and not reviewed_interpretations(document).exists()
    ):
        return [
            "三同步：以区人民政府或区政府办公室名义印发的政策性文件，"
            "须有一篇已通过审核的政策解读，才能终审并与解读同步发布。"
        ]
    return []


def interpretations_to_publish_with(document: Document) -> list[Interpretation]:
    """Return the approved interpretations waiting in 待发布 for ``document``.

    The publishing services release each one that may be published now (one
    scheduled for a later time keeps it and is published by the sweep).
    """
    return list(document.interpretations.filter(review_state=ReviewState.SCHEDULED))


# --- reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SignerShare:
    kind: str
    label: str
    count: int
    percent: float


def interpretation_signer_shares(
    now: datetime.datetime, since: datetime.date | None = None
) -> list[SignerShare]:
    """Return the share of public interpretations by who signs them.

    Seed point (五) asks to raise the share signed by leaders and experts.
    """
    queryset: QuerySet[Any] = public_interpretations(now)
    if since is not None:
        queryset = queryset.filter(published_at__date__gte=since)
    counts = dict(
        queryset.order_by()
        .values_list("signer_kind")
        .annotate(n=Count("id"))
        .values_list("signer_kind", "n")
    )
    total = sum(counts.values())
    return [
        SignerShare(
            kind,
            str(label),
            counts.get(kind, 0),
            round(100 * counts.get(kind, 0) / total, 1) if total else 0.0,
        )
        for kind, label in SignerKind.choices
    ]


def documents_due_for_status_change(today: datetime.date) -> QuerySet[Document]:
    """Return the documents whose 施行日期 has come or whose 有效期至 has passed while
    their status still says otherwise (selected by state, so a missed day catches up)."""
    in_force_or_pending = [
        Validity.EFFECTIVE,
        Validity.AMENDED,
        Validity.PARTIALLY_INVALID,
        Validity.NOT_YET_EFFECTIVE,
    ]
    return Document.objects.filter(
        Q(status=Validity.NOT_YET_EFFECTIVE, effective_date__lte=today)
        | Q(status__in=in_force_or_pending, expiry_date__lt=today)
    ).order_by("pk")


def documents_for_export(now: datetime.datetime) -> QuerySet[Document]:
    """Return every public document with what the export writes (a fixed number of
    queries per chunk when iterated with ``chunk_size``)."""
    return (
        public_documents(now)
        .defer("search_tokens", "search_vector", "body_text")
        .prefetch_related(_issuer_prefetch(), "audiences")
        .order_by("pk")
    )


# --- removals (tombstones) for harvesters ----------------------------------------------


def document_removals(
    now: datetime.datetime, since: datetime.datetime | None = None
) -> QuerySet[Document]:
    """Return the once-public documents that are not public now, newest removal last.

    A harvester of ``/api/v1/policies/?updated_since=`` never sees a document that
    left the public set; this is what it must delete. A removal is a 撤稿 or a
    修订 (revision opened) of the published version, read from the review events:
    each row carries ``removed_at`` and ``removal_action`` / ``removal_note`` of
    its latest removal. A document published again since no longer appears here.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Cast

    from portal.publishing.models import ReviewEvent

    events = ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Document),
        from_state=ReviewState.PUBLISHED,
        action__in=[ReviewEvent.Action.WITHDRAW, ReviewEvent.Action.REVISE],
    )
    recent = events if since is None else events.filter(at__gte=since)
    latest = events.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField())
    ).order_by("-at", "-pk")
    public = Q(review_state=ReviewState.PUBLISHED, published_at__lte=now)
    return (
        Document.objects.filter(
            pk__in=recent.values(
                object_pk=Cast("object_id", output_field=IntegerField())
            ),
            first_published_at__isnull=False,
        )
        .exclude(public)
        .annotate(
            removed_at=Subquery(latest.values("at")[:1]),
            removal_action=Subquery(latest.values("action")[:1]),
            removal_note=Subquery(latest.values("opinion")[:1]),
        )
        .only("pk", "doc_number", "review_state", "withdrawal_reason")
        .order_by("removed_at", "pk")
    )
