"""The API router every app registers its viewsets on, and the organisations endpoint.

The router's URL names live in the ``api`` namespace (``api:policy-list``), so an API
route can never shadow a page of the same name.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers, viewsets
from rest_framework.routers import DefaultRouter

from portal import schema as _schema  # noqa: F401  (registers the field extension)
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


class ApiRouter(DefaultRouter):
    """A router whose id look-ups accept digits only.

    ``/api/v1/policies/abc/`` or an id past a 64-bit integer is a 404 at the URL
    resolver, before any query, for every viewset that looks up by primary key.
    """

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if getattr(viewset, "lookup_value_regex", None) is None and lookup_field in (
            "pk",
            "id",
        ):
            lookup_url_kwarg = (
                getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            )
            # 18 digits always fit a signed 64-bit id column.
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]{{1,18}})"
        return super().get_lookup_regex(viewset, lookup_prefix)

    def get_urls(self) -> list[Any]:
        # Last: any other path under the API is a JSON 404, not the site's HTML page.
        return [*super().get_urls(), re_path(r"^.+/$", api_not_found)]


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return JsonResponse({"detail": NOT_FOUND}, status=404)


NOT_FOUND = "接口或记录不存在。"

router = ApiRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
