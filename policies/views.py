"""Public pages of the policy library: list with filters and search, document page,
print view, interpretations, the signer report. Thin: parse, call a selector, render."""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from dataclasses import dataclass

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from policies.exchange import export_row, write_xlsx
from policies.filters import DocumentFilter, InterpretationFilter
from policies.models import Document
from policies.selectors import (
    AUDIENCES_VERSION,
    audience_list,
    document_page,
    documents_for_export,
    get_public_document,
    get_public_interpretation,
    interpretation_signer_shares,
    issuer_names,
    library_query,
    list_documents,
    list_interpretations,
    public_documents,
    public_interpretations,
    search_documents,
    search_documents_per_word,
)
from policies.validity import Validity
from portal.caching import cached_value
from portal.pagination import MAX_SEARCH_PAGES, requested_page
from portal.search.fallback import WordMatches
from portal.search.query import Order
from portal.search.snippets import highlight, snippet


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    url: str
    issuers: list[str]
    status_label: str
    title_html: SafeString
    snippet_html: SafeString | None


@functools.cache
def _status_labels() -> dict[str, str]:
    # get_status_display() hashes every lazy label on each call.
    return {code: str(label) for code, label in Validity.choices}


def _rows(documents: list[Document], terms: list[str]) -> list[DocumentRow]:
    labels = _status_labels()
    # One reverse() for the page rather than one per row.
    url_pattern = reverse("policies:document-detail", args=[0]).replace("/0/", "/{}/")
    return [
        DocumentRow(
            document=d,
            url=url_pattern.format(d.pk),
            issuers=issuer_names(d),
            status_label=labels.get(d.status, d.status),
            title_html=highlight(d.title, terms),
            snippet_html=snippet(d.body_text, terms) if terms else None,
        )
        for d in documents
    ]


def filter_fields_html(filterset: DocumentFilter, order: str) -> SafeString:
    """The filter fields as HTML, cached per combination of submitted values until an
    organisation or 适用对象 changes: the form's widgets render every choice through
    a template each time, the largest cost of an uncached list page."""
    data = filterset.form.data
    values = [(name, data.get(name)) for name in filterset.form.fields]
    digest = hashlib.sha256(repr((values, order)).encode()).hexdigest()[:32]
    html = cached_value(
        f"policies:filter-fields:{digest}",
        ["organisations", AUDIENCES_VERSION],
        lambda: render_to_string(
            "policies/includes/filter_fields.html",
            {"filterset": filterset, "order": order},
        ).strip(),
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine above


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """政府文件库: filters (发文机关, 年份, 类别, 主题, 效力状态, 适用对象), search, sort."""
    now = timezone.now()
    params = request.GET.copy()
    raw_q = params.pop("q", [""])[-1] if "q" in params else ""
    query = library_query(raw_q)
    filterset = DocumentFilter(params, queryset=public_documents(now))
    filter_errors = [
        f"{filterset.form.fields[name].label}：{error}"
        for name, errors in (
            filterset.form.errors if filterset.is_bound else {}
        ).items()
        for error in errors
    ]
    documents = filterset.qs
    order: Order = (
        "date" if request.GET.get("sort") == "date" or not raw_q else "relevance"
    )
    search_page = None
    page_obj = None
    per_word: list[WordMatches] = []
    if raw_q and query.is_searchable:
        search_page = search_documents(
            documents,
            query,
            now=now,
            order=order,
            page=requested_page(request, max_page=MAX_SEARCH_PAGES),
        )
        rows = _rows(search_page.items, query.terms)
        if not search_page.result.total:
            per_word = search_documents_per_word(documents, query, now=now)
    elif raw_q:
        rows = []
    else:
        by_year = bool(filterset.is_valid() and filterset.form.cleaned_data.get("year"))
        page_obj = list_documents(
            documents,
            number=requested_page(request),
            date_field="written_date" if by_year else "published_at",
        )
        rows = _rows(page_obj.items, [])
    return render(
        request,
        "policies/document_list.html",
        {
            "filterset": filterset,
            "filter_errors": filter_errors,
            "query": query,
            "order": order,
            "rows": rows,
            "search_page": search_page,
            "per_word": per_word,
            "page_obj": page_obj,
            "audiences": audience_list(),
            "filter_fields": filter_fields_html(filterset, order),
        },
    )


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    document = get_public_document(pk, now)
    if document is None:
        raise Http404("没有找到这份文件。")
    return render(
        request, "policies/document_detail.html", {"page": document_page(document, now)}
    )


@require_GET
def document_print(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    document = get_public_document(pk, now)
    if document is None:
        raise Http404("没有找到这份文件。")
    return render(
        request, "policies/document_print.html", {"page": document_page(document, now)}
    )


@require_GET
def export_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    """Full export for the city document library: one JSON object per public document."""
    base = request.build_absolute_uri("/").rstrip("/")
    rows = (
        json.dumps(export_row(d, base), ensure_ascii=False) + "\n"
        for d in documents_for_export(timezone.now()).iterator(chunk_size=500)
    )
    response = StreamingHttpResponse(
        rows, content_type="application/jsonl; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="jiyang-policies.jsonl"'
    return response


@require_GET
def export_xlsx(request: HttpRequest) -> FileResponse:
    """Full export as an XLSX sheet (same columns bulk import reads)."""
    base = request.build_absolute_uri("/").rstrip("/")
    buffer = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(
        (
            export_row(d, base)
            for d in documents_for_export(timezone.now()).iterator(chunk_size=500)
        ),
        buffer,  # type: ignore[arg-type]
    )
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="jiyang-policies.xlsx")


@require_GET
def interpretation_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    filterset = InterpretationFilter(request.GET, queryset=public_interpretations(now))
    return render(
        request,
        "policies/interpretation_list.html",
        {
            "filterset": filterset,
            "page_obj": list_interpretations(
                filterset.qs, number=requested_page(request)
            ),
        },
    )


@require_GET
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation = get_public_interpretation(pk, timezone.now())
    if interpretation is None:
        raise Http404("没有找到这篇解读。")
    return render(
        request,
        "policies/interpretation_detail.html",
        {"interpretation": interpretation, "document": interpretation.document},
    )


@require_GET
def interpretation_report(request: HttpRequest) -> HttpResponse:
    """The share of interpretations by who signs them (seed point (五))."""
    shares = interpretation_signer_shares(timezone.now())
    return render(
        request,
        "policies/interpretation_report.html",
        {"shares": shares, "total": sum(s.count for s in shares)},
    )
