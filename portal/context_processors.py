"""The values every public page's frame needs: site settings, navigation, elder mode."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from portal import registry
from portal.selectors import get_site_settings

ELDER_MODE_COOKIE = "elder_mode"


def _search_url() -> str | None:
    try:
        return reverse("search")
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def _nav_links(path: str) -> list[NavLink]:
    links = [NavLink("首页", "/", path == "/")]
    for item in registry.nav_items():
        url = reverse(item.url_name)
        links.append(NavLink(item.label, url, path.startswith(url)))
    return links


def site_frame(request: HttpRequest) -> dict[str, Any]:
    return {
        "search_url": _search_url(),
        "site": get_site_settings(),
        "nav_links": _nav_links(request.path),
        "elder_mode": request.COOKIES.get(ELDER_MODE_COOKIE) == "1",
    }
