"""Rich text sanitising against known XSS vectors and Word paste (no database)."""

from __future__ import annotations

import pytest

from portal.publishing.sanitize import clean_html, html_to_text

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    "<style>body{display:none}</style>",
    '<p style="display:none">隐藏文字</p>',
    '<p style="font-size:0">隐藏文字</p>',
    '<div style="position:absolute;left:-9999px">隐藏</div>',
    '<form action="https://evil.example"><input name=a></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    '<p onclick="alert(1)" onmouseover="alert(2)">点击</p>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_known_vectors_are_neutralised(vector: str) -> None:
    cleaned = clean_html(vector).lower()
    for bad in ("<script", "onerror", "onload", "onclick", "onmouseover", "javascript:",
                "data:", "<iframe", "<object", "<embed", "<style", "style=", "<form",
                "<meta", "<base", "<link", "<svg"):  # fmt: skip
        assert bad not in cleaned, (vector, cleaned)


def test_structure_and_safe_links_survive() -> None:
    html = (
        '<h2>一、总体情况</h2><p class="MsoNormal" style="color:red">正文<strong>加粗</strong></p>'
        '<table><tr><td colspan="2">表格</td></tr></table>'
        '<a href="https://www.jiyang.gov.cn/x">链接</a>'
    )
    cleaned = clean_html(html)
    assert "<h2>一、总体情况</h2>" in cleaned
    assert "<strong>加粗</strong>" in cleaned
    assert 'colspan="2"' in cleaned
    assert 'href="https://www.jiyang.gov.cn/x"' in cleaned
    assert "MsoNormal" not in cleaned and "color:red" not in cleaned


def test_word_paste_junk_is_dropped() -> None:
    html = "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]--><p>正文<o:p></o:p></p>"
    assert clean_html(html) == "<p>正文</p>"


def test_html_to_text_keeps_line_breaks() -> None:
    assert html_to_text("<p>第一段</p><p>第二&nbsp;段</p>") == "第一段\n第二 段"
