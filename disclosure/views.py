"""Public pages of the 政府信息公开 column. Every list reads ``selectors.public_items``."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from disclosure import selectors
from disclosure.filters import InformationItemFilter
from disclosure.models import (
    CatalogueNode,
    ColumnPage,
    InformationItem,
    KeyArea,
    TopicColumn,
)
from portal.pagination import Page, paginate, requested_page


def _page(request: HttpRequest, queryset: QuerySet[Any]) -> Page[Any]:
    return paginate(queryset, requested_page(request))


@require_GET
def column_home(request: HttpRequest) -> HttpResponse:
    """政府信息公开: the standard column structure (指南, 制度, 法定主动公开内容, 年报,
    依申请公开) with the key areas, topic columns and latest items."""
    return render(
        request,
        "disclosure/column_home.html",
        {
            "tree": selectors.catalogue_tree(),
            "areas": selectors.key_areas(),
            "columns": selectors.columns(),
            "latest": list(selectors.public_item_rows()[:10]),
        },
    )


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    filterset = InformationItemFilter(
        request.GET, queryset=selectors.public_item_rows()
    )
    # Invalid filter values show the form's message and an empty list, never a 500.
    queryset = filterset.qs if filterset.is_valid() else InformationItem.objects.none()
    return render(
        request,
        "disclosure/item_list.html",
        {
            "filter": filterset,
            "page": _page(request, queryset),
        },
    )


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_page(pk)
    if item is None:
        raise Http404("信息不存在或尚未公开")
    return render(
        request,
        "disclosure/item_detail.html",
        {
            "item": item,
            "areas": list(item.key_areas.all()),
            "attachments": [] if item.is_withdrawn else list(item.attachments.all()),
            "stages": selectors.item_projects(item),
        },
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "disclosure/catalogue.html", {"tree": selectors.catalogue_tree()}
    )


@require_GET
def catalogue_node(request: HttpRequest, pk: int) -> HttpResponse:
    node = selectors.catalogue_node(pk)
    if node is None:
        raise Http404("目录事项不存在")
    return render(
        request,
        "disclosure/catalogue_node.html",
        {
            "node": node,
            "children": selectors.node_children(node),
            "page": _page(request, selectors.node_items(node)),
        },
    )


@require_GET
def key_area_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "disclosure/key_area_list.html", {"areas": selectors.key_areas()}
    )


@require_GET
def key_area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = selectors.key_area(slug)
    if area is None:
        raise Http404("重点领域不存在")
    return render(
        request,
        "disclosure/key_area_detail.html",
        {"area": area, "page": _page(request, selectors.key_area_items(area))},
    )


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, selectors.public_projects())
    return render(
        request,
        "disclosure/project_list.html",
        {"page": page, "views": selectors.project_views(list(page))},
    )


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.public_project(pk)
    if view is None:
        raise Http404("项目不存在或尚未公开")
    stages = [(stage, view.items.get(stage.code)) for stage in view.stages]
    return render(
        request, "disclosure/project_detail.html", {"view": view, "stages": stages}
    )


@require_GET
def column_list(request: HttpRequest) -> HttpResponse:
    all_columns = selectors.columns()
    return render(
        request,
        "disclosure/column_list.html",
        {
            "one_thing": [
                c for c in all_columns if c.kind == TopicColumn.Kind.ONE_THING
            ],
            "key_area": [c for c in all_columns if c.kind == TopicColumn.Kind.KEY_AREA],
        },
    )


@require_GET
def column_detail(request: HttpRequest, slug: str) -> HttpResponse:
    col = selectors.column(slug)
    if col is None:
        raise Http404("专栏不存在")
    return render(
        request,
        "disclosure/column_detail.html",
        {"column": col, "rows": [] if col.is_withdrawn else selectors.column_rows(col)},
    )


@require_GET
def column_page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in ColumnPage.Slug.values:
        raise Http404("页面不存在")
    context: dict[str, Any] = {
        "page_obj": selectors.column_page(slug),
        "heading": ColumnPage.Slug(slug).label,
    }
    if slug == ColumnPage.Slug.GUIDE:
        # 条例第十二条: the guide names each unit's disclosure office and its contacts.
        from portal.selectors import public_organisations

        context["organisations"] = list(public_organisations())
    return render(request, "disclosure/column_page.html", context)


@require_GET
def annual_reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/annual_reports.html",
        {"versions": selectors.annual_reports()},
    )


class LatestItemsFeed(Feed):
    title = "济阳区政务公开平台 · 最新公开信息"
    link = "/disclosure/items/"
    description = "济南市济阳区主动公开的政府信息"

    def items(self) -> list[InformationItem]:
        return list(selectors.public_item_rows()[:30])

    def item_title(self, item: InformationItem) -> str:
        return item.title

    def item_description(self, item: InformationItem) -> str:
        return item.summary

    def item_pubdate(self, item: InformationItem) -> object:
        return item.published_at


class NodeFeed(LatestItemsFeed):
    def get_object(self, request: HttpRequest, pk: int) -> CatalogueNode:  # type: ignore[override]
        node = selectors.catalogue_node(pk)
        if node is None:
            raise Http404("目录事项不存在")
        return node

    def title(self, obj: CatalogueNode) -> str:  # type: ignore[override]
        return f"济阳区政务公开平台 · {obj.name}"

    def link(self, obj: CatalogueNode) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: CatalogueNode) -> list[InformationItem]:  # type: ignore[override]
        return list(selectors.node_items(obj)[:30])


class KeyAreaFeed(LatestItemsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> KeyArea:  # type: ignore[override]
        area = selectors.key_area(slug)
        if area is None:
            raise Http404("重点领域不存在")
        return area

    def title(self, obj: KeyArea) -> str:  # type: ignore[override]
        return f"济阳区政务公开平台 · {obj.name}"

    def link(self, obj: KeyArea) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def items(self, obj: KeyArea) -> list[InformationItem]:  # type: ignore[override]
        return list(selectors.key_area_items(obj)[:30])
