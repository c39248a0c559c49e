from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from disclosure.filters import InformationItemFilter
from disclosure.models import InformationItem
from disclosure.selectors import public_items
from portal.api import router


class InformationItemSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    category_display = serializers.CharField(source="get_category_display")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = InformationItem
        fields = [
            "id",
            "index_number",
            "title",
            "issuing_body",
            "topic",
            "doc_number",
            "generated_date",
            "category",
            "category_display",
            "organisation",
            "summary",
            "body",
            "published_at",
            "version",
            "url",
        ]


class InformationItemViewSet(viewsets.ReadOnlyModelViewSet):
    """主动公开信息（仅已发布）。"""

    serializer_class = InformationItemSerializer
    filterset_class = InformationItemFilter

    def get_queryset(self) -> Any:
        return public_items()


router.register("disclosures", InformationItemViewSet, basename="disclosure")
