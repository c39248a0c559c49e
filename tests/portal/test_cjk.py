"""The shared CJK tables (portal/cjk.py) and the modules that build on them."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from policies import docnumber
from portal import cjk
from portal.publishing import proofreading
from portal.search import tokenizer

HAN_RE = re.compile(f"[{cjk.HAN}]")


def test_han_covers_the_blocks() -> None:
    for ch in "〇一龥㐀豈\U00020000\U0003134a":
        assert HAN_RE.fullmatch(ch), ch
    for ch in "a1。，（Ａ":
        assert not HAN_RE.fullmatch(ch), ch


def test_han_bmp_is_a_prefix_of_han() -> None:
    assert cjk.HAN.startswith(cjk.HAN_BMP)


def test_chinese_digits() -> None:
    assert [cjk.CN_DIGITS[c] for c in "〇○零一二两三四五六七八九"] == [
        0, 0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9,
    ]  # fmt: skip
    assert cjk.CN_UNITS == {"十": 10, "百": 100, "千": 1000}


@given(st.text(max_size=40))
def test_strip_invisible_leaves_no_invisible_and_is_idempotent(text: str) -> None:
    stripped = cjk.strip_invisible(text)
    assert not set(stripped) & set(cjk.INVISIBLE)
    assert cjk.strip_invisible(stripped) == stripped


def test_every_user_reads_the_one_table() -> None:
    # The modules hold no copy of their own: each name is the portal.cjk object.
    assert docnumber._CN_DIGITS is cjk.CN_DIGITS
    assert proofreading._CN_DIGITS is cjk.CN_DIGITS
    assert docnumber._HAN is cjk.HAN
    assert tokenizer._CJK is cjk.HAN


def test_invisible_characters_vanish_in_search_and_doc_numbers() -> None:
    assert tokenizer.normalize("就\u200e业\u2061") == "就业"
    parsed = docnumber.parse_doc_number("济政\u200b发〔2024〕\u200f3号")
    assert isinstance(parsed, docnumber.DocNumber)
    assert parsed.serial == 3


def test_proofreading_reads_chinese_dates_and_doc_numbers() -> None:
    found = proofreading.find_dates("二〇二五年三月十五日印发")
    assert [d.isoformat() for _, _, d in found] == ["2025-03-15"]
    assert proofreading._DOC_NUMBER.search("按济政发〔2024〕12号执行")
