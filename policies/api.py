"""API of the policy library: ``/api/v1/policies/`` and ``/api/v1/interpretations/``.

Published records only. The JSON field names of a policy are a public contract (the
city library harvests them): keep them stable.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from policies.filters import DocumentFilter, InterpretationFilter
from policies.models import Document, Interpretation
from policies.selectors import (
    DocumentPage,
    document_list_rows,
    document_page,
    document_removals,
    interpretation_list_rows,
    issuer_names,
    public_documents,
    public_interpretations,
)
from portal.api import router
from portal.filters import parse_moment
from portal.publishing.models import ReviewEvent
from portal.schema import MOMENT_SCHEMA


def _absolute(request: Request | None, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    doc_number = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Document) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


class PolicySerializer(serializers.ModelSerializer):
    issuers = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    doc_type_display = serializers.CharField(source="get_doc_type_display")
    topic_display = serializers.CharField(source="get_topic_display")
    published_date = serializers.DateField(source="display_date")
    audiences = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "index_number",
            "title",
            "doc_number",
            "issuers",
            "doc_type",
            "doc_type_display",
            "topic",
            "topic_display",
            "written_date",
            "published_date",
            "effective_date",
            "expiry_date",
            "repeal_date",
            "lapse_date",
            "status",
            "status_display",
            "audiences",
            "url",
            "updated_at",
        ]

    def get_issuers(self, obj: Document) -> list[str]:
        return issuer_names(obj)

    def get_audiences(self, obj: Document) -> list[str]:
        return [a.name for a in obj.audiences.all()]

    def get_url(self, obj: Document) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


class StatusChangeSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    to_status_display = serializers.CharField(source="get_to_status_display")
    changed_on = serializers.DateField()
    reason = serializers.CharField()
    caused_by = serializers.SerializerMethodField()

    def get_caused_by(self, obj: Any) -> dict[str, Any] | None:
        if obj.caused_by is None or not obj.caused_by.is_public:
            return None
        return DocumentRefSerializer(obj.caused_by, context=self.context).data


class InterpretationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    form = serializers.CharField()
    signer_kind = serializers.CharField()
    signer_name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Interpretation) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


class PolicyDetailSerializer(PolicySerializer):
    body = serializers.CharField()
    status_history = serializers.SerializerMethodField()
    relations = serializers.SerializerMethodField()
    interpretations = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(PolicySerializer.Meta):
        fields = [
            *PolicySerializer.Meta.fields,
            "body",
            "status_history",
            "relations",
            "interpretations",
            "attachments",
        ]

    def _page(self) -> DocumentPage:
        return self.context["page"]

    def get_status_history(self, obj: Document) -> Any:
        return StatusChangeSerializer(
            self._page().history, many=True, context=self.context
        ).data

    def get_relations(self, obj: Document) -> list[dict[str, Any]]:
        page = self._page()
        rows = []
        for direction, items in (
            ("outgoing", page.amends),
            ("incoming", page.amended_by),
        ):
            for r in items:
                rows.append(
                    {
                        "kind": r.kind,
                        "direction": direction,
                        "label": r.label,
                        "document": DocumentRefSerializer(
                            r.document, context=self.context
                        ).data,
                    }
                )
        return rows

    def get_interpretations(self, obj: Document) -> Any:
        return InterpretationRefSerializer(
            self._page().interpretations, many=True, context=self.context
        ).data

    def get_attachments(self, obj: Document) -> list[dict[str, Any]]:
        request = self.context.get("request")
        return [
            {
                "title": a.title,
                "kind": a.kind,
                "size": a.size,
                "url": _absolute(request, a.file.url),
            }
            for a in obj.attachments.all()
        ]


class PolicyRemovalSerializer(serializers.Serializer):
    """A tombstone: a once-public document a harvester must now remove."""

    id = serializers.IntegerField()
    doc_number = serializers.CharField(help_text="发文字号（可能为空）")
    withdrawn_at = serializers.DateTimeField(
        source="removed_at", help_text="撤下公开的时间"
    )
    kind = serializers.SerializerMethodField(
        help_text="withdrawn：已撤稿；revising：修订中，审核通过后重新公开"
    )
    reason = serializers.SerializerMethodField(help_text="撤下原因（公开说明）")

    @extend_schema_field(serializers.ChoiceField(choices=["withdrawn", "revising"]))
    def get_kind(self, obj: Document) -> str:
        if getattr(obj, "removal_action", "") == ReviewEvent.Action.WITHDRAW:
            return "withdrawn"
        return "revising"

    @extend_schema_field(OpenApiTypes.STR)
    def get_reason(self, obj: Document) -> str:
        if getattr(obj, "removal_action", "") == ReviewEvent.Action.WITHDRAW:
            return str(getattr(obj, "removal_note", "") or obj.withdrawal_reason)
        return "文件修订中，修订版本审核通过后重新公开。"


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """政府文件库（仅已发布文件）。支持 q 全文检索与 updated_since 增量同步。

    增量同步时，已撤稿或进入修订而不再公开的文件不会出现在列表中；
    请同时读取 ``/api/v1/policies/removed/?updated_since=`` 获取应删除的文件。
    """

    serializer_class = PolicySerializer
    filterset_class = DocumentFilter

    def get_queryset(self) -> QuerySet[Document]:
        documents = document_list_rows(
            public_documents(timezone.now())
        ).prefetch_related("audiences")
        params = self.request.query_params
        if params.get("updated_since"):
            # Harvesters read forward in time: oldest change first, stable paging.
            return documents.order_by("updated_at", "id")
        if params.get("year"):
            # One 成文年份: contiguous in the 成文日期 index (see list_documents).
            return documents.order_by("-written_date", "-id")
        return documents.order_by("-published_at", "-id")

    @extend_schema(
        summary="已撤下的文件（墓碑记录）",
        description=(
            "曾经公开、现已撤稿或进入修订而不再公开的文件，按撤下时间从早到晚排列。"
            "增量同步的采集方应在读取 updated_since 列表的同时读取本接口，"
            "删除其中列出的文件；文件重新发布后会再次出现在列表中。"
        ),
        parameters=[
            OpenApiParameter(
                "updated_since",
                MOMENT_SCHEMA,
                description="只返回此时间及以后撤下的文件（ISO 8601，如 2024-01-31 或 "
                "2024-01-31T08:00:00+08:00）；缺省时返回全部。",
            )
        ],
        responses=PolicyRemovalSerializer(many=True),
        filters=False,
    )
    @action(detail=False, url_path="removed", filterset_class=None)
    def removed(self, request: Request) -> Response:
        raw = request.query_params.get("updated_since")
        since = None
        if raw is not None:
            try:
                since = parse_moment(raw)
            except ValueError as error:
                raise ValidationError({"updated_since": [str(error)]}) from None
        page = self.paginate_queryset(document_removals(timezone.now(), since))
        serializer = PolicyRemovalSerializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(responses=PolicyDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        now = timezone.now()
        document = (
            public_documents(now)
            .filter(pk=kwargs["pk"])
            .defer("search_tokens", "search_vector")
            .prefetch_related(
                "documentissuer_set__organisation", "audiences", "attachments"
            )
            .first()
        )
        if document is None:
            raise Http404
        page = document_page(document, now)
        serializer = PolicyDetailSerializer(
            document, context={**self.get_serializer_context(), "page": page}
        )
        return Response(serializer.data)


class InterpretationSerializer(serializers.ModelSerializer):
    form_display = serializers.CharField(source="get_form_display")
    signer_kind_display = serializers.CharField(source="get_signer_kind_display")
    document = DocumentRefSerializer()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Interpretation
        fields = [
            "id",
            "title",
            "form",
            "form_display",
            "signer_kind",
            "signer_kind_display",
            "signer_name",
            "document",
            "published_at",
            "updated_at",
            "url",
        ]

    def get_url(self, obj: Interpretation) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())


class InterpretationDetailSerializer(InterpretationSerializer):
    class Meta(InterpretationSerializer.Meta):
        fields = [*InterpretationSerializer.Meta.fields, "body", "media_url"]


class InterpretationViewSet(viewsets.ReadOnlyModelViewSet):
    """政策解读（仅已发布文件的已发布解读）。"""

    filterset_class = InterpretationFilter

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "retrieve":
            return InterpretationDetailSerializer
        return InterpretationSerializer

    def get_queryset(self) -> QuerySet[Interpretation]:
        queryset = public_interpretations(timezone.now())
        if self.action == "retrieve":
            return queryset.select_related("document")
        return interpretation_list_rows(queryset).order_by("-published_at", "-id")


router.register("policies", DocumentViewSet, basename="policy")
router.register("interpretations", InterpretationViewSet, basename="interpretation")
