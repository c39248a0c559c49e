"""CSV parsing of hotline records and topic terms (pure)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from interaction.hotline import parse_csv, top_terms

HEADER = "来源,工单号,受理日期,问题分类,诉求内容,承办单位\n"


def test_good_and_bad_rows_are_reported_by_line() -> None:
    text = (
        "\ufeff"
        + HEADER
        + "12345,A001,2024-03-05,供暖,供暖温度不达标,区住建局\n"
        + "窗口,A002,2024/3/6,医保,异地就医怎么报销,区医保局\n"
        + ",,2024-13-01,,,\n"
        + "传真,A004,2024-03-07,其他,内容,\n"
        + "\n"
    )
    rows, errors = parse_csv(text)
    assert [r.reference for r in rows] == ["A001", "A002"]
    assert rows[1].source == "window"
    assert rows[1].received_on == datetime.date(2024, 3, 6)
    assert [e.line for e in errors] == [4, 5]
    assert "受理日期格式不正确" in errors[0].message
    assert "来源" in errors[1].message


def test_missing_columns_are_named() -> None:
    rows, errors = parse_csv("工单号,诉求内容\nA,B\n")
    assert rows == [] and "受理日期" in errors[0].message


def test_top_terms_counts_each_text_once() -> None:
    terms = dict(top_terms(["供暖温度供暖", "供暖不热", "停车收费"]))
    assert terms["供暖"] == 2
    assert "建议" not in dict(top_terms(["建议建议"]))


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(st.text(max_size=300))
def test_parser_never_raises(text: str) -> None:
    rows, errors = parse_csv(text)
    assert all(r.line >= 2 for r in rows)
    assert all(e.line >= 1 for e in errors)
