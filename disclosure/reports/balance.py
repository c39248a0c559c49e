"""The tables of the 政府信息公开工作年度报告 and the rules that make them balance.

Pure: no Django, no database. The layout follows 《中华人民共和国政府信息公开工作年度报告
格式》(国办公开办函〔2021〕30号), as recorded in shared/domain/annual-report-format.md:

- section 三 has seven numeric columns (自然人, five 法人或其他组织 kinds, 总计) and no
  法人或其他组织 subtotal column; rows 一, 二, the 22 result rows of 三 (no subtotal rows for
  （三）–（六）), （七）总计 and 四;
- section 四 has one data row of 15 cells: 行政复议 and two kinds of 行政诉讼, each
  维持 / 纠正 / 其他 / 尚未审结 / 总计.

A table is a plain ``dict``: section 三 ``{row_key: {column_key: int}}``, section 四
``{proceeding: {result: int}}``, so a snapshot stores it as JSON unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

# --- section 三 layout -------------------------------------------------------------------

PERSON_COLUMNS: tuple[str, ...] = (
    "natural",
    "business",
    "research",
    "public_welfare",
    "legal_service",
    "other",
)
TOTAL = "total"
COLUMNS: tuple[str, ...] = (*PERSON_COLUMNS, TOTAL)
COLUMN_LABELS: dict[str, str] = {
    "natural": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "public_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other": "其他",
    TOTAL: "总计",
}
# Official top-left header cell wording.
SECTION3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


class Row(NamedTuple):
    key: str
    group: str  # "" for rows outside 三, else the 三 sub-group label
    label: str


# The result-row keys are the codes of requests_app.choices.ReplyType (予以公开, 部分公开)
# and ReplyReason (the sub-rows); a test keeps the two lists in step.
GROUP_WITHHELD = "（三）不予公开"
GROUP_UNAVAILABLE = "（四）无法提供"
GROUP_NOT_PROCESSED = "（五）不予处理"
GROUP_OTHER = "（六）其他处理"
RESULT_ROWS: tuple[Row, ...] = (
    Row("disclosed", "", "（一）予以公开"),
    Row("partial", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    Row("withheld_state_secret", GROUP_WITHHELD, "1.属于国家秘密"),
    Row("withheld_prohibited", GROUP_WITHHELD, "2.其他法律行政法规禁止公开"),
    Row("withheld_security", GROUP_WITHHELD, "3.危及“三安全一稳定”"),
    Row("withheld_third_party", GROUP_WITHHELD, "4.保护第三方合法权益"),
    Row("withheld_internal", GROUP_WITHHELD, "5.属于三类内部事务信息"),
    Row("withheld_process", GROUP_WITHHELD, "6.属于四类过程性信息"),
    Row("withheld_enforcement", GROUP_WITHHELD, "7.属于行政执法案卷"),
    Row("withheld_query", GROUP_WITHHELD, "8.属于行政查询事项"),
    Row("unavailable_not_held", GROUP_UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    Row("unavailable_needs_creation", GROUP_UNAVAILABLE, "2.没有现成信息需要另行制作"),
    Row("unavailable_still_unclear", GROUP_UNAVAILABLE, "3.补正后申请内容仍不明确"),
    Row("not_processed_petition", GROUP_NOT_PROCESSED, "1.信访举报投诉类申请"),
    Row("not_processed_repeat", GROUP_NOT_PROCESSED, "2.重复申请"),
    Row("not_processed_publication", GROUP_NOT_PROCESSED, "3.要求提供公开出版物"),
    Row("not_processed_excessive", GROUP_NOT_PROCESSED, "4.无正当理由大量反复申请"),
    Row(
        "not_processed_confirmation",
        GROUP_NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    Row(
        "other_no_correction",
        GROUP_OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    Row(
        "other_no_payment",
        GROUP_OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    Row("other_other", GROUP_OTHER, "3.其他"),
    Row("results_total", "", "（七）总计"),
)
RESULT_KEYS: tuple[str, ...] = tuple(r.key for r in RESULT_ROWS[:-1])
NEW = Row("new", "", "一、本年新收政府信息公开申请数量")
CARRIED_IN = Row("carried_in", "", "二、上年结转政府信息公开申请数量")
RESULTS_HEADING = "三、本年度办理结果"
CARRIED_FORWARD = Row("carried_forward", "", "四、结转下年度继续办理")
SECTION3_ROWS: tuple[Row, ...] = (NEW, CARRIED_IN, *RESULT_ROWS, CARRIED_FORWARD)
ROW_LABELS: dict[str, str] = {
    r.key: (f"{r.group} {r.label}" if r.group else r.label) for r in SECTION3_ROWS
}

# --- section 四 layout -------------------------------------------------------------------

PROCEEDINGS: tuple[str, ...] = (
    "review",
    "litigation_direct",
    "litigation_after_review",
)
PROCEEDING_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending")
OUTCOME_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    TOTAL: "总计",
}

# --- section 二 layout -------------------------------------------------------------------

SECTION2_DOCUMENT_ROWS: dict[str, str] = {
    "rule": "规章",
    "normative": "行政规范性文件",
}
SECTION2_DOCUMENT_COLUMNS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "valid": "现行有效件数",
}
# Hand-entered rows: 第二十条第（五）（六）（八）项.
SECTION2_DECISION_ROWS: dict[str, str] = {
    "licensing": "行政许可",
    "punishment": "行政处罚",
    "coercion": "行政强制",
}

Section3 = dict[str, dict[str, int]]
Section4 = dict[str, dict[str, int]]


# --- building ------------------------------------------------------------------------------


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(PERSON_COLUMNS, 0)


def build_section3(
    *,
    new: Mapping[str, int],
    carried_in: Mapping[str, int],
    results: Mapping[str, Mapping[str, int]],
    carried_forward: Mapping[str, int],
) -> Section3:
    """Return the full table from its leaf cells, with every total computed.

    ``results`` maps result-row keys (``RESULT_KEYS``) to per-applicant-column counts;
    missing rows and columns are zero. Unknown row keys raise ``KeyError`` so a new reply
    reason cannot vanish from the report silently.
    """
    unknown = set(results) - set(RESULT_KEYS)
    if unknown:
        raise KeyError(f"unknown result rows: {sorted(unknown)}")

    def full(counts: Mapping[str, int]) -> dict[str, int]:
        row = {c: int(counts.get(c, 0)) for c in PERSON_COLUMNS}
        row[TOTAL] = sum(row.values())
        return row

    table: Section3 = {NEW.key: full(new), CARRIED_IN.key: full(carried_in)}
    for key in RESULT_KEYS:
        table[key] = full(results.get(key, {}))
    table["results_total"] = {
        c: sum(table[key][c] for key in RESULT_KEYS) for c in COLUMNS
    }
    table[CARRIED_FORWARD.key] = full(carried_forward)
    return table


def build_section4(counts: Mapping[str, Mapping[str, int]]) -> Section4:
    """Return the 15-cell review/litigation table from per-proceeding result counts."""
    table: Section4 = {}
    for proceeding in PROCEEDINGS:
        row = {o: int(counts.get(proceeding, {}).get(o, 0)) for o in OUTCOMES}
        row[TOTAL] = sum(row.values())
        table[proceeding] = row
    return table


# --- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imbalance:
    """One cell that breaks a rule: where it is, what it holds and what it should."""

    section: str  # "二", "三" or "四"
    row: str
    column: str
    actual: int
    expected: int
    rule: str

    @property
    def message(self) -> str:
        return (
            f"表{self.section}「{self.row}」行「{self.column}」列为 {self.actual}，"
            f"按“{self.rule}”应为 {self.expected}。"
        )


def _cell(table: Mapping[str, Mapping[str, int]], row: str, column: str) -> int:
    return int(table.get(row, {}).get(column, 0))


def check_section3(table: Mapping[str, Mapping[str, int]]) -> list[Imbalance]:
    """Return every cell of section 三 that breaks a balancing rule (empty: balanced).

    Rules (annual-report-format.md): per row, 总计 = the six applicant columns; per
    column, （七）总计 = （一）+（二）+ every sub-row of （三）–（六）, and the official
    一 + 二 = （七）+ 四. Rule 2 (部分公开 counted only there) holds by construction: a
    reply has exactly one type and reason (requests_app.choices.reason_fits).
    """
    problems: list[Imbalance] = []
    for row in SECTION3_ROWS:
        for column in COLUMNS:
            value = _cell(table, row.key, column)
            if value < 0:
                problems.append(
                    Imbalance(
                        "三",
                        ROW_LABELS[row.key],
                        COLUMN_LABELS[column],
                        value,
                        0,
                        "件数不能为负",
                    )
                )
    for row in SECTION3_ROWS:
        parts = sum(_cell(table, row.key, c) for c in PERSON_COLUMNS)
        if _cell(table, row.key, TOTAL) != parts:
            problems.append(
                Imbalance(
                    "三",
                    ROW_LABELS[row.key],
                    COLUMN_LABELS[TOTAL],
                    _cell(table, row.key, TOTAL),
                    parts,
                    "总计 = 自然人 + 法人或其他组织各列之和",
                )
            )
    for column in COLUMNS:
        parts = sum(_cell(table, key, column) for key in RESULT_KEYS)
        total = _cell(table, "results_total", column)
        if total != parts:
            problems.append(
                Imbalance(
                    "三",
                    ROW_LABELS["results_total"],
                    COLUMN_LABELS[column],
                    total,
                    parts,
                    "（七）总计 = （一）至（六）各项之和",
                )
            )
        # 一 + 二 = 三（七） + 四: the official rule; the 四 cell is named as off, its value
        # being the one the other three determine.
        expected = (
            _cell(table, NEW.key, column) + _cell(table, CARRIED_IN.key, column) - total
        )
        if _cell(table, CARRIED_FORWARD.key, column) != expected:
            problems.append(
                Imbalance(
                    "三",
                    ROW_LABELS[CARRIED_FORWARD.key],
                    COLUMN_LABELS[column],
                    _cell(table, CARRIED_FORWARD.key, column),
                    expected,
                    "第一项加第二项之和，等于第三项加第四项之和",
                )
            )
    return problems


def check_section4(table: Mapping[str, Mapping[str, int]]) -> list[Imbalance]:
    """Return every 总计 of section 四 that is not 维持 + 纠正 + 其他 + 尚未审结."""
    problems: list[Imbalance] = []
    for proceeding in PROCEEDINGS:
        for outcome in (*OUTCOMES, TOTAL):
            value = _cell(table, proceeding, outcome)
            if value < 0:
                problems.append(
                    Imbalance(
                        "四",
                        PROCEEDING_LABELS[proceeding],
                        OUTCOME_LABELS[outcome],
                        value,
                        0,
                        "件数不能为负",
                    )
                )
        parts = sum(_cell(table, proceeding, o) for o in OUTCOMES)
        if _cell(table, proceeding, TOTAL) != parts:
            problems.append(
                Imbalance(
                    "四",
                    PROCEEDING_LABELS[proceeding],
                    OUTCOME_LABELS[TOTAL],
                    _cell(table, proceeding, TOTAL),
                    parts,
                    "总计 = 维持 + 纠正 + 其他 + 尚未审结",
                )
            )
    return problems


def check_section2(table: Mapping[str, Mapping[str, int]]) -> list[Imbalance]:
    """Return negative counts in section 二 (the only rule within one year)."""
    problems: list[Imbalance] = []
    for row, label in SECTION2_DOCUMENT_ROWS.items():
        for column, column_label in SECTION2_DOCUMENT_COLUMNS.items():
            value = _cell(table, row, column)
            if value < 0:
                problems.append(
                    Imbalance("二", label, column_label, value, 0, "件数不能为负")
                )
    return problems


def check_report(
    section2: Mapping[str, Mapping[str, int]],
    section3: Mapping[str, Mapping[str, int]],
    section4: Mapping[str, Mapping[str, int]],
) -> list[Imbalance]:
    """Return every imbalance of a report's tables; publication requires none."""
    return [
        *check_section2(section2),
        *check_section3(section3),
        *check_section4(section4),
    ]


@dataclass(frozen=True)
class Discrepancy:
    """A difference from last year's published report (review tools flag it; not fatal)."""

    message: str


def cross_year_notes(
    *,
    carried_in: Mapping[str, int],
    previous_carried_forward: Mapping[str, int] | None,
    section2: Mapping[str, Mapping[str, int]],
    previous_section2: Mapping[str, Mapping[str, int]] | None,
) -> list[Discrepancy]:
    """Compare with last year's report: 上年结转(Y) = 结转下年度(Y−1) and 现行有效(Y) =
    现行有效(Y−1) + 制发(Y) − 废止(Y). Neither is an official rule, so they only warn."""
    notes: list[Discrepancy] = []
    if previous_carried_forward is not None:
        for column in COLUMNS:
            now, before = (
                int(carried_in.get(column, 0)),
                int(previous_carried_forward.get(column, 0)),
            )
            if now != before:
                notes.append(
                    Discrepancy(
                        f"表三「上年结转」「{COLUMN_LABELS[column]}」列为 {now}，"
                        f"上年报告「结转下年度继续办理」为 {before}。"
                    )
                )
    if previous_section2 is not None:
        for row, label in SECTION2_DOCUMENT_ROWS.items():
            expected = (
                _cell(previous_section2, row, "valid")
                + _cell(section2, row, "issued")
                - _cell(section2, row, "repealed")
            )
            if _cell(section2, row, "valid") != expected:
                notes.append(
                    Discrepancy(
                        f"表二「{label}」现行有效件数为 {_cell(section2, row, 'valid')}，"
                        f"按上年现行有效 + 本年制发 − 本年废止应为 {expected}"
                        "（失效、尚未施行的文件会造成差异）。"
                    )
                )
    return notes


def cells(table: Mapping[str, Mapping[str, int]]) -> Iterable[tuple[str, str]]:
    """Yield every (row, column) address of a table, in order."""
    for row, values in table.items():
        for column in values:
            yield row, column
