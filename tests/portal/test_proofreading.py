"""The proofreading engine on fixed texts (no database)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.publishing.proofreading import (
    BLOCKER,
    WARNING,
    Proofreader,
    Rule,
    RuleError,
    find_dates,
    known_unit_names,
    validate_rule,
)

RULES = [
    Rule(1, "wrong_word", "截止目前", "截至目前", WARNING),
    Rule(2, "outdated", "济阳县", "济阳区", BLOCKER),
    Rule(3, "outdated", "济阳县人民政府", "济阳区人民政府", BLOCKER),
    Rule(4, "forbidden", "残废人", "残疾人", BLOCKER),
    Rule(5, "wrong_word", r"既使|即便是", "即使", WARNING, is_regex=True),
]
UNITS = known_unit_names(
    [("济阳区发展和改革局", "区发展和改革局"), ("济阳区民政局", "区民政局")]
)
TEXT = (
    "截止目前，济阳县人民政府已为残废人办理补贴。"  # 0..
    "既使困难再大，济阳区发改局和济阳区民政局也要落实。"
    "详见济阳政办发〔2024〕3号。\n济阳区人民政府办公室\n2024年6月27日"
)


def test_findings_have_exact_positions_and_suggestions() -> None:
    proofreader = Proofreader(RULES, UNITS)
    findings = proofreader.check(
        "关于济阳县的通知",
        TEXT,
        doc_number="济阳政办发〔2024〕2号",
        date=datetime.date(2024, 6, 28),
    )
    got = [
        (f.field, f.start, f.end, f.matched, f.suggestion, f.severity) for f in findings
    ]
    assert got == [
        ("title", 2, 5, "济阳县", "济阳区", BLOCKER),
        ("body", 0, 4, "截止目前", "截至目前", WARNING),
        ("body", 5, 12, "济阳县人民政府", "济阳区人民政府", BLOCKER),
        ("body", 14, 17, "残废人", "残疾人", BLOCKER),
        ("body", 22, 24, "既使", "即使", WARNING),
        ("body", 29, 35, "济阳区发改局", "", WARNING),
        ("body", 49, 62, "济阳政办发〔2024〕3号", "济阳政办发〔2024〕2号", WARNING),
        ("body", 75, 85, "2024年6月27日", "2024年6月28日", WARNING),
    ]
    for f in findings:
        source = "关于济阳县的通知" if f.field == "title" else TEXT
        assert source[f.start : f.end] == f.matched


def test_a_matching_signature_date_and_doc_number_raise_nothing() -> None:
    text = "根据济阳政办发〔2023〕5号文件精神。\n2024年6月28日"
    findings = Proofreader([], UNITS).check(
        "通知",
        text,
        doc_number="济阳政办发〔2024〕2号",
        date=datetime.date(2024, 6, 28),
    )
    assert findings == []


def test_chinese_numeral_dates_are_read() -> None:
    assert find_dates("二〇二四年六月二十八日")[0][2] == datetime.date(2024, 6, 28)
    assert find_dates("2024年2月30日") == []


@given(st.text(alphabet="济阳县区截止目前至的人民政府，。", max_size=200))
def test_every_finding_points_at_its_match(text: str) -> None:
    for f in Proofreader(RULES, UNITS).check("", text):
        assert text[f.start : f.end] == f.matched
        assert 0 <= f.start < f.end <= len(text)


@pytest.mark.parametrize(
    ("pattern", "is_regex", "message"),
    [
        ("", False, "不能为空"),
        ("   ", False, "不能为空"),
        (" 截止", False, "首尾不能有空格"),
        ("(a+)+$", True, "嵌套的重复量词"),
        ("(\\w*)*x", True, "嵌套的重复量词"),
        ("([", True, "正则表达式有误"),
        ("a*", True, "不能匹配空字符串"),
    ],
)
def test_invalid_rules_are_refused(pattern: str, is_regex: bool, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        validate_rule(pattern, is_regex)


def test_valid_rules_pass() -> None:
    validate_rule("截止目前", False)
    validate_rule(r"既使|即便是", True)
