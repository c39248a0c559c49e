"""The API router every app registers its viewsets on, and the organisations endpoint."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from portal.models import Organisation
from portal.selectors import public_organisations


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "kind_display",
            "parent",
            "disclosure_office",
            "office_address",
            "office_hours",
            "office_phone",
            "office_fax",
            "office_email",
        ]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """机构及其政府信息公开工作机构联系方式。"""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        return public_organisations()


router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
