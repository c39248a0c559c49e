"""Sanitising of the rich text of documents and interpretations (nh3 / ammonia)."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "caption", "col", "colgroup", "dd", "div", "dl",
    "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
    "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(value: str) -> str:
    """Return ``value`` keeping structure only: no scripts, handlers, styles or js: URLs."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|h[2-6]|li|tr|table|blockquote|pre)>|<br\s*/?>", re.I)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def html_to_text(value: str) -> str:
    """Return the visible text of (sanitised) HTML, one line per block."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html_lib.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
