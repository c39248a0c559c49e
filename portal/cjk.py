"""Character tables for Chinese text, shared by the search tokenizer, the 文号 parser and proofreading.

Pure: no Django, no I/O. Each table exists here only; the modules that match Chinese
text build their regular expressions from these.
"""

from __future__ import annotations

from typing import Final

# Han ideographs as the body of a regex character class: 〇, CJK Unified Ideographs
# Extension A and the basic block, Compatibility Ideographs, and Extensions B-G.
HAN_BMP: Final = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN: Final = HAN_BMP + "\U00020000-\U0002ebef\U00030000-\U0003134f"

# Chinese digits to their values; 〇 and the look-alike ○ both mean zero in dates
# (二〇二五年), 两 means two in counts (两百).
CN_DIGITS: Final[dict[str, int]] = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
# Multipliers in Chinese numerals.
CN_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1000}

# Zero-width and other invisible characters that come along when copying from web
# pages and word processors: ZWSP, ZWNJ, ZWJ, LRM, RLM, word joiner, the invisible
# operators, BOM / ZWNBSP and the soft hyphen.
INVISIBLE: Final = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad"
# ``str.translate`` table that deletes them.
INVISIBLE_TABLE: Final[dict[int, None]] = dict.fromkeys(map(ord, INVISIBLE), None)


def strip_invisible(text: str) -> str:
    """Return ``text`` without the invisible characters of :data:`INVISIBLE`."""
    return text.translate(INVISIBLE_TABLE)
