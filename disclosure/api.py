from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from disclosure.filters import InformationItemFilter
from disclosure.models import CatalogueNode, InformationItem
from disclosure.selectors import (
    ProjectView,
    project_views,
    public_items,
    public_project,
    public_projects,
)
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


class CatalogueNodeSerializer(serializers.ModelSerializer):
    responsible = serializers.CharField(
        source="responsible.name", default="", read_only=True
    )
    level_display = serializers.CharField(source="get_level_display")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = CatalogueNode
        fields = [
            "id",
            "parent",
            "name",
            "level",
            "level_display",
            "legal_basis",
            "time_limit_workdays",
            "responsible",
            "is_statutory",
            "url",
        ]


class CatalogueNodeViewSet(viewsets.ReadOnlyModelViewSet):
    """主动公开事项目录（启用的事项）。"""

    serializer_class = CatalogueNodeSerializer

    def get_queryset(self) -> Any:
        return CatalogueNode.objects.filter(is_active=True).select_related(
            "responsible"
        )


class ProjectSerializer(serializers.Serializer):
    """A public project with every stage; a stage's document only while it is public."""

    id = serializers.IntegerField(source="project.pk")
    name = serializers.CharField(source="project.name")
    kind = serializers.CharField(source="project.kind")
    organisation = serializers.CharField(source="project.organisation.name")
    url = serializers.CharField(source="project.get_absolute_url")
    stages = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "stage": {"type": "string"},
                    "label": {"type": "string"},
                    "status": {"type": "string"},
                    "due_date": {"type": "string", "format": "date", "nullable": True},
                    "published_date": {
                        "type": "string",
                        "format": "date",
                        "nullable": True,
                    },
                    "document": {"type": "string", "nullable": True},
                },
            },
        }
    )
    def get_stages(self, view: ProjectView) -> list[dict[str, Any]]:
        return [
            {
                "stage": stage.code,
                "label": stage.label,
                "status": stage.status.value,
                "due_date": stage.due,
                "published_date": stage.published,
                "document": view.items[stage.code].get_absolute_url()
                if stage.code in view.items
                else None,
            }
            for stage in view.stages
        ]


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """全过程公开项目（至少有一个阶段信息已公开）。"""

    serializer_class = ProjectSerializer

    def get_queryset(self) -> Any:
        return public_projects()

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        views = project_views(list(page if page is not None else self.get_queryset()))
        data = ProjectSerializer(views, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        raw = str(kwargs.get("pk", ""))
        view = public_project(int(raw)) if raw.isdigit() and len(raw) < 10 else None
        if view is None:
            raise NotFound("项目不存在或尚未公开")
        return Response(ProjectSerializer(view).data)


router.register(
    "disclosure-catalogue", CatalogueNodeViewSet, basename="disclosure-catalogue"
)
router.register("disclosure-projects", ProjectViewSet, basename="disclosure-project")
