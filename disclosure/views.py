from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from disclosure.filters import InformationItemFilter
from disclosure.models import InformationItem
from disclosure.selectors import item_page, public_items


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    filterset = InformationItemFilter(request.GET, queryset=public_items())
    # Invalid filter values show the form's message and an empty list, never a 500.
    queryset = filterset.qs if filterset.is_valid() else InformationItem.objects.none()
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/item_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_page(pk)
    if item is None:
        raise Http404("信息不存在或尚未公开")
    return render(request, "disclosure/item_detail.html", {"item": item})


class LatestItemsFeed(Feed):
    title = "济阳区政务公开平台 · 最新公开信息"
    link = "/disclosure/"
    description = "济南市济阳区主动公开的政府信息"

    def items(self) -> list[InformationItem]:
        return list(public_items()[:30])

    def item_title(self, item: InformationItem) -> str:
        return item.title

    def item_description(self, item: InformationItem) -> str:
        return item.publication_summary()

    def item_pubdate(self, item: InformationItem) -> object:
        return item.published_at
