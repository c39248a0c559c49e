"""Registries that domain apps fill from ``AppConfig.ready``.

``portal`` imports no domain app; instead each app declares its navigation item and its
sections of the publication index here, and the site frame reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int


@dataclass(frozen=True)
class Section:
    """A section of the publication index, e.g. ``policies`` → 政策文件."""

    code: str
    label: str
    order: int
    list_url_name: str | None = None
    on_home_page: bool = True


_NAV: dict[str, NavItem] = {}
_SECTIONS: dict[str, Section] = {}


def register_nav(label: str, url_name: str, order: int) -> None:
    """Add a main-navigation item; call it only once the section's pages exist."""
    _NAV[url_name] = NavItem(label=label, url_name=url_name, order=order)


def nav_items() -> list[NavItem]:
    return sorted(_NAV.values(), key=lambda item: (item.order, item.label))


def register_section(
    code: str,
    label: str,
    order: int,
    list_url_name: str | None = None,
    on_home_page: bool = True,
) -> None:
    _SECTIONS[code] = Section(code, label, order, list_url_name, on_home_page)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.code))


def section_label(code: str) -> str:
    section = _SECTIONS.get(code)
    return section.label if section else code


@dataclass(frozen=True)
class MapLink:
    """A page listed under its group on the generated 网站地图."""

    group: str
    label: str
    url_name: str
    order: int


_MAP: dict[str, MapLink] = {}


def register_map_link(group: str, label: str, url_name: str, order: int) -> None:
    """List a page on the 网站地图 under ``group`` (a main-navigation label)."""
    _MAP[url_name] = MapLink(group, label, url_name, order)


def map_links() -> list[MapLink]:
    return sorted(_MAP.values(), key=lambda link: (link.order, link.label))


@dataclass(frozen=True)
class StaffLink:
    """A staff page outside the model admin, listed on the admin index."""

    label: str
    url_name: str
    permission: str
    order: int


_STAFF: dict[str, StaffLink] = {}


def register_staff_link(label: str, url_name: str, permission: str, order: int) -> None:
    _STAFF[url_name] = StaffLink(label, url_name, permission, order)


def staff_links() -> list[StaffLink]:
    return sorted(_STAFF.values(), key=lambda link: (link.order, link.label))
