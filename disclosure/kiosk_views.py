"""Offline disclosure zones (线下专区) and their touch-screen kiosk pages.

A kiosk shows the website's own published content, read through the same selectors at
request time (same source, never a copy). The page refreshes its content area itself
and keeps the last content it had when the network blips (static/js/kiosk.js).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from disclosure import selectors

KIOSK_ITEMS = 12
# Seconds between refreshes of the kiosk's content area.
KIOSK_REFRESH_SECONDS = 120


@require_GET
def zone_list(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/zone_list.html", {"zones": selectors.zones()})


def _kiosk_context(zone_pk: int) -> dict[str, object]:
    zone = selectors.zone(zone_pk)
    if zone is None:
        raise Http404("专区不存在")
    return {
        "zone": zone,
        "items": list(selectors.public_item_rows()[:KIOSK_ITEMS]),
        "areas": selectors.key_areas(),
        "columns": selectors.columns(),
        "refreshed_at": timezone.localtime(),
        "refresh_seconds": KIOSK_REFRESH_SECONDS,
    }


@never_cache
@require_GET
def kiosk(request: HttpRequest, pk: int) -> HttpResponse:
    """The kiosk page; ``?fragment=1`` returns only the content area for the refresh."""
    context = _kiosk_context(pk)
    if request.GET.get("fragment") == "1":
        return render(request, "disclosure/kiosk/content.html", context)
    return render(request, "disclosure/kiosk/kiosk.html", context)


@require_GET
def kiosk_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    zone = selectors.zone(pk)
    item = selectors.item_page(item_pk)
    if zone is None or item is None or not item.is_public:
        raise Http404("信息不存在或尚未公开")
    return render(request, "disclosure/kiosk/item.html", {"zone": zone, "item": item})


@require_GET
def kiosk_area(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """A key area's latest public items, for browsing by touch."""
    zone = selectors.zone(pk)
    area = selectors.key_area(slug)
    if zone is None or area is None:
        raise Http404("专区或重点领域不存在")
    return render(
        request,
        "disclosure/kiosk/area.html",
        {
            "zone": zone,
            "area": area,
            "items": list(selectors.key_area_items(area)[:KIOSK_ITEMS]),
        },
    )
