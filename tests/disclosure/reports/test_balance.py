"""The report tables' balancing rules: properties and worked examples (no database)."""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

from disclosure.reports import balance
from disclosure.reports.balance import (
    COLUMNS,
    PERSON_COLUMNS,
    RESULT_KEYS,
    build_section3,
    build_section4,
    check_report,
    check_section3,
    check_section4,
)
from requests_app.choices import ReplyReason, ReplyType

counts = st.fixed_dictionaries({c: st.integers(0, 50) for c in PERSON_COLUMNS})


@st.composite
def balanced_tables(draw: st.DrawFn) -> dict[str, dict[str, int]]:
    results = {key: draw(counts) for key in RESULT_KEYS}
    carried_in = draw(counts)
    carried_forward = draw(counts)
    # 新收 is whatever makes 一 + 二 = （七） + 四 hold; skip draws where it would be < 0.
    new = {
        c: sum(r[c] for r in results.values()) + carried_forward[c] - carried_in[c]
        for c in PERSON_COLUMNS
    }
    new = {c: max(v, 0) for c, v in new.items()}
    carried_in = {
        c: sum(r[c] for r in results.values()) + carried_forward[c] - new[c]
        for c in PERSON_COLUMNS
    }
    return build_section3(
        new=new, carried_in=carried_in, results=results, carried_forward=carried_forward
    )


@given(balanced_tables())
def test_a_built_table_balances(table) -> None:
    assert check_section3(table) == []


@given(
    balanced_tables(),
    st.sampled_from([r.key for r in balance.SECTION3_ROWS]),
    st.sampled_from(COLUMNS),
    st.integers(1, 5),
)
def test_any_one_altered_cell_is_refused(table, row, column, delta) -> None:
    altered = copy.deepcopy(table)
    altered[row][column] += delta
    problems = check_section3(altered)
    assert problems
    # The altered cell is named whenever it is a total or 结转下年度 (the cell the rules
    # determine); a leaf change shows in the totals that include it.
    if column == "total" or row in ("results_total", "carried_forward"):
        assert any(
            p.row == balance.ROW_LABELS[row]
            and p.column == balance.COLUMN_LABELS[column]
            for p in problems
        )


@given(
    st.fixed_dictionaries(
        {
            p: st.fixed_dictionaries({o: st.integers(0, 9) for o in balance.OUTCOMES})
            for p in balance.PROCEEDINGS
        }
    )
)
def test_section4_totals(counts4) -> None:
    table = build_section4(counts4)
    assert check_section4(table) == []
    table["review"]["total"] += 1
    (problem,) = check_section4(table)
    assert problem.row == "行政复议" and problem.column == "总计"


def worked_example() -> dict[str, dict[str, int]]:
    # A small unit's year: 10 new (8 people, 2 companies), 2 carried in (people);
    # replies: 5 予以公开, 2 部分公开, 1 不掌握, 1 重复申请, 1 逾期不补正 (all people but one
    # 予以公开 for a company); 2 carried forward (1 person, 1 company).
    return build_section3(
        new={"natural": 8, "business": 2},
        carried_in={"natural": 2},
        results={
            "disclosed": {"natural": 4, "business": 1},
            "partial": {"natural": 2},
            "unavailable_not_held": {"natural": 1},
            "not_processed_repeat": {"natural": 1},
            "other_no_correction": {"natural": 1},
        },
        carried_forward={"natural": 1, "business": 1},
    )


def test_worked_example_totals() -> None:
    table = worked_example()
    assert table["new"]["total"] == 10
    assert table["results_total"] == {
        "natural": 9,
        "business": 1,
        "research": 0,
        "public_welfare": 0,
        "legal_service": 0,
        "other": 0,
        "total": 10,
    }
    assert table["carried_forward"]["total"] == 2
    assert check_section3(table) == []


def test_worked_example_off_by_one_names_the_cell() -> None:
    table = worked_example()
    table["carried_forward"]["natural"] = 2
    messages = [p.message for p in check_section3(table)]
    assert (
        "表三「四、结转下年度继续办理」行「自然人」列为 2，"
        "按“第一项加第二项之和，等于第三项加第四项之和”应为 1。"
    ) in messages
    table = worked_example()
    table["results_total"]["total"] = 11
    problems = check_section3(table)
    assert any(
        p.row == "（七）总计" and p.column == "总计" and p.expected == 10
        for p in problems
    )


def test_negative_counts_are_refused() -> None:
    table = worked_example()
    table["disclosed"]["research"] = -1
    table["results_total"]["research"] = -1
    table["carried_forward"]["research"] = 1
    table["carried_forward"]["total"] = 3
    table["results_total"]["total"] = 9
    table["disclosed"]["total"] = 4
    assert [p.rule for p in check_section3(table)] == ["件数不能为负", "件数不能为负"]


def test_section2_negative_and_report_combines_sections() -> None:
    problems = check_report(
        {"rule": {"issued": -1, "repealed": 0, "valid": 0}},
        worked_example(),
        build_section4({}),
    )
    assert [p.section for p in problems] == ["二"]


def test_unknown_result_row_is_an_error() -> None:
    import pytest

    with pytest.raises(KeyError):
        build_section3(new={}, carried_in={}, results={"nope": {}}, carried_forward={})


def test_result_rows_match_the_reply_codes() -> None:
    codes = {ReplyType.DISCLOSED.value, ReplyType.PARTIAL.value} | set(
        ReplyReason.values
    )
    assert set(RESULT_KEYS) == codes
    assert len(balance.RESULT_ROWS) == 22  # 21 result rows + （七）总计


def test_cross_year_notes() -> None:
    notes = balance.cross_year_notes(
        carried_in={"natural": 2, "total": 2},
        previous_carried_forward={"natural": 1, "total": 1},
        section2={"rule": {"issued": 1, "repealed": 0, "valid": 3}},
        previous_section2={"rule": {"valid": 2}},
    )
    assert len(notes) == 2 and "结转下年度继续办理" in notes[0].message
