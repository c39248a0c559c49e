"""``{% pager_query %}``: the current query string without ``page``, for the pager include."""

from __future__ import annotations

from typing import Any

from django import template

from portal.pagination import pager_query as _pager_query

register = template.Library()


@register.simple_tag(takes_context=True)
def pager_query(context: dict[str, Any]) -> str:
    request = context.get("request")
    return _pager_query(request) if request is not None else ""
