"""The one FilterSet of the policy library, shared by the HTML list and the API."""

from __future__ import annotations

import datetime
import functools
from typing import Any

import django_filters
from django.db.models import QuerySet

from policies.docnumber import DocNumberError, parse_doc_number
from policies.models import (
    Audience,
    DocType,
    Document,
    DocumentIssuer,
    Interpretation,
    InterpretationForm,
    SignerKind,
    Topic,
)
from policies.selectors import audience_list, issuer_choices, library_query
from policies.validity import Validity
from portal.filters import IdFilter, UpdatedSinceFilter
from portal.models import Organisation
from portal.search.query import matching

PLAIN_CHOICES = (
    ("doc_type", "全部类别"),
    ("topic", "全部主题"),
    ("status", "全部状态"),
)
_ENUMS: dict[str, Any] = {"doc_type": DocType, "topic": Topic, "status": Validity}


@functools.cache
def _plain(name: str) -> list[tuple[str, str]]:
    """An enum's choices with the labels translated once: a lazy label costs a
    catalogue look-up every time a page renders it."""
    return [(code, str(label)) for code, label in _ENUMS[name].choices]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_q", max_length=200)
    issuer = django_filters.ModelChoiceFilter(
        label="发文机关",
        queryset=Organisation.objects.filter(is_active=True),
        method="filter_issuer",
        empty_label="全部机关",
        error_messages={"invalid_choice": "没有这个发文机关，请从列表中选择。"},
    )
    year = django_filters.NumberFilter(
        label="成文年份",
        method="filter_year",
        min_value=1949,
        max_value=2099,
        error_messages={
            "invalid": "年份应为四位数字，如 2024。",
            "min_value": "年份应在 1949—2099 之间。",
            "max_value": "年份应在 1949—2099 之间。",
        },
    )
    doc_type = django_filters.ChoiceFilter(
        label="类别",
        choices=DocType.choices,
        empty_label="全部类别",
        error_messages={"invalid_choice": "没有这个类别。"},
    )
    topic = django_filters.ChoiceFilter(
        label="主题",
        choices=Topic.choices,
        empty_label="全部主题",
        error_messages={"invalid_choice": "没有这个主题分类。"},
    )
    status = django_filters.ChoiceFilter(
        label="效力状态",
        choices=Validity.choices,
        empty_label="全部状态",
        error_messages={"invalid_choice": "没有这个效力状态。"},
    )
    audience = django_filters.ModelChoiceFilter(
        label="适用对象",
        queryset=Audience.objects.all(),
        method="filter_audience",
        to_field_name="code",
        empty_label="全部对象",
        error_messages={"invalid_choice": "没有这个适用对象。"},
    )
    doc_number = django_filters.CharFilter(
        label="发文字号", method="filter_doc_number", max_length=80
    )
    updated_since = UpdatedSinceFilter(
        label="更新时间起", field_name="updated_at", lookup_expr="gte"
    )

    class Meta:
        model = Document
        fields: list[str] = []

    @property
    def form(self) -> Any:
        """The filter form, its choices read from the cache rather than rebuilt by
        two queries per page; a submitted value is still checked by its queryset."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, label in PLAIN_CHOICES:
                form.fields[name].widget.choices = [("", label), *_plain(name)]
            # The widgets render the choices; the fields keep their querysets.
            form.fields["issuer"].widget.choices = [("", "全部机关"), *issuer_choices()]
            form.fields["audience"].widget.choices = [
                ("", "全部对象"),
                *((a.code, str(a)) for a in audience_list()),
            ]
        return self._form

    def filter_q(
        self, queryset: QuerySet[Document], name: str, value: str
    ) -> QuerySet[Document]:
        query = library_query(value)
        if query.is_blank:
            return queryset
        return matching(queryset, query)

    def filter_doc_number(
        self, queryset: QuerySet[Document], name: str, value: str
    ) -> QuerySet[Document]:
        """Any variant (brackets, full-width digits, labels …) finds the document."""
        if not value.strip():
            return queryset
        parsed = parse_doc_number(value)
        if isinstance(parsed, DocNumberError):
            return queryset.none()
        return queryset.filter(doc_number=parsed.canonical)

    def filter_year(
        self, queryset: QuerySet[Document], name: str, value: Any
    ) -> QuerySet[Document]:
        # A date range (not __year) so the 成文日期 index can be used.
        if value is None:
            return queryset
        year = int(value)
        return queryset.filter(
            written_date__gte=datetime.date(year, 1, 1),
            written_date__lt=datetime.date(year + 1, 1, 1),
        )

    # Semi-joins rather than joins, so a document never repeats and no DISTINCT is needed.
    def filter_issuer(
        self, queryset: QuerySet[Document], name: str, value: Organisation | None
    ) -> QuerySet[Document]:
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=DocumentIssuer.objects.filter(organisation=value).values(
                "document_id"
            )
        )

    def filter_audience(
        self, queryset: QuerySet[Document], name: str, value: Audience | None
    ) -> QuerySet[Document]:
        if value is None:
            return queryset
        return queryset.filter(
            pk__in=Document.audiences.through.objects.filter(audience=value).values(
                "document_id"
            )
        )


class InterpretationFilter(django_filters.FilterSet):
    document = IdFilter(label="文件", field_name="document_id")
    form = django_filters.ChoiceFilter(
        label="解读形式",
        choices=InterpretationForm.choices,
        error_messages={"invalid_choice": "没有这个解读形式。"},
    )
    signer_kind = django_filters.ChoiceFilter(
        label="解读主体",
        choices=SignerKind.choices,
        error_messages={"invalid_choice": "没有这个解读主体。"},
    )

    class Meta:
        model = Interpretation
        fields: list[str] = []

    updated_since = UpdatedSinceFilter(
        label="更新时间起", field_name="updated_at", lookup_expr="gte"
    )
