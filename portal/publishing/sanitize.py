"""Sanitising of rich text pasted from Word or the web.

Whatever staff paste, the stored HTML keeps structure (paragraphs, headings, lists,
tables, links, images) and loses everything that runs or hides: scripts, event
handlers, ``javascript:``/``data:`` URLs, inline styles and classes.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Word's conditional comments and XML islands carry no content worth keeping.
_WORD_JUNK = re.compile(r"<!--\[if.*?<!\[endif\]-->|<xml>.*?</xml>", re.S | re.I)


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allowed tags, attributes and URL schemes."""
    if not html:
        return ""
    html = _WORD_JUNK.sub("", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={
            "script",
            "style",
            "noscript",
            "iframe",
            "object",
            "embed",
            "template",
        },
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|h[2-6]|li|tr|table|blockquote|pre)>|<br\s*/?>", re.I)
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def html_to_text(html: str) -> str:
    """Return the visible text of sanitised HTML, one line per block."""
    import html as html_lib

    text = _BLOCK_END.sub("\n", html or "")
    text = html_lib.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
