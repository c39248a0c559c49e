"""The official layout of a snapshot's tables, as rows of cells for HTML, PDF and XLSX.

Pure: turns a version's JSON into header and body rows with their row/column spans
(section 三: 「三、本年度办理结果」 spans 22 rows, （三）不予公开 8, （四） 3, （五） 5,
（六） 3), so every output shares one description of the format.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from disclosure.reports import balance


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class BodyRow:
    labels: list[Cell]
    values: list[int | str]
    key: str = ""
    off: frozenset[int] = frozenset()  # indexes of values that break a balance rule

    @property
    def data_cells(self) -> list[tuple[int | str, bool]]:
        return [(value, i in self.off) for i, value in enumerate(self.values)]


@dataclass(frozen=True)
class Table:
    caption: str
    head: list[list[Cell]]
    body: list[BodyRow]
    label_columns: int


SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def section2_tables(section2: dict[str, Any]) -> list[Table]:
    documents = section2["documents"]
    decisions = section2["decisions"]
    first = Table(
        caption="第二十条第（一）项",
        head=[
            [Cell("信息内容", header=True)]
            + [Cell(t, header=True) for t in balance.SECTION2_DOCUMENT_COLUMNS.values()]
        ],
        body=[
            BodyRow(
                [Cell(label, header=True)],
                [documents[key][c] for c in balance.SECTION2_DOCUMENT_COLUMNS],
                key=key,
            )
            for key, label in balance.SECTION2_DOCUMENT_ROWS.items()
        ],
        label_columns=1,
    )
    head = [[Cell("信息内容", header=True), Cell("本年处理决定数量", header=True)]]
    fifth = Table(
        caption="第二十条第（五）项",
        head=head,
        body=[
            BodyRow(
                [Cell("行政许可", header=True)], [decisions["licensing"]], "licensing"
            )
        ],
        label_columns=1,
    )
    sixth = Table(
        caption="第二十条第（六）项",
        head=head,
        body=[
            BodyRow(
                [Cell("行政处罚", header=True)], [decisions["punishment"]], "punishment"
            ),
            BodyRow(
                [Cell("行政强制", header=True)], [decisions["coercion"]], "coercion"
            ),
        ],
        label_columns=1,
    )
    eighth = Table(
        caption="第二十条第（八）项",
        head=[
            [
                Cell("信息内容", header=True),
                Cell("本年收费金额（单位：万元）", header=True),
            ]
        ],
        body=[
            BodyRow(
                [Cell("行政事业性收费", header=True)],
                [format_wan(section2["fees_wan"])],
                "fees_wan",
            )
        ],
        label_columns=1,
    )
    return [first, fifth, sixth, eighth]


def format_wan(value: str) -> str:
    """Show 万元 without trailing zeros (``"12.5000"`` → ``"12.5"``)."""
    number = Decimal(value).normalize()
    return format(number, "f")


_GROUP_SPANS = {
    balance.GROUP_WITHHELD: 8,
    balance.GROUP_UNAVAILABLE: 3,
    balance.GROUP_NOT_PROCESSED: 5,
    balance.GROUP_OTHER: 3,
}


def section3_table(section3: dict[str, dict[str, int]]) -> Table:
    head = [
        [
            Cell(balance.SECTION3_CORNER, rowspan=3, colspan=3, header=True),
            Cell("申请人情况", colspan=7, header=True),
        ],
        [
            Cell("自然人", rowspan=2, header=True),
            Cell("法人或其他组织", colspan=5, header=True),
            Cell("总计", rowspan=2, header=True),
        ],
        [
            Cell(balance.COLUMN_LABELS[c], header=True)
            for c in balance.PERSON_COLUMNS[1:]
        ],
    ]

    def values(key: str) -> list[int | str]:
        return [section3[key][c] for c in balance.COLUMNS]

    body = [
        BodyRow(
            [Cell(balance.NEW.label, colspan=3, header=True)], values("new"), "new"
        ),
        BodyRow(
            [Cell(balance.CARRIED_IN.label, colspan=3, header=True)],
            values("carried_in"),
            "carried_in",
        ),
    ]
    seen_groups: set[str] = set()
    for index, row in enumerate(balance.RESULT_ROWS):
        labels: list[Cell] = []
        if index == 0:
            labels.append(
                Cell(
                    balance.RESULTS_HEADING,
                    rowspan=len(balance.RESULT_ROWS),
                    header=True,
                )
            )
        if row.group:
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                labels.append(
                    Cell(row.group, rowspan=_GROUP_SPANS[row.group], header=True)
                )
            labels.append(Cell(row.label, header=True))
        else:
            labels.append(Cell(row.label, colspan=2, header=True))
        body.append(BodyRow(labels, values(row.key), row.key))
    body.append(
        BodyRow(
            [Cell(balance.CARRIED_FORWARD.label, colspan=3, header=True)],
            values("carried_forward"),
            "carried_forward",
        )
    )
    return Table("收到和处理政府信息公开申请情况", head, body, label_columns=3)


def section4_table(section4: dict[str, dict[str, int]]) -> Table:
    outcome_cells = [
        Cell(balance.OUTCOME_LABELS[o], header=True)
        for o in (*balance.OUTCOMES, "total")
    ]
    head = [
        [
            Cell("行政复议", colspan=5, header=True),
            Cell("行政诉讼", colspan=10, header=True),
        ],
        [
            Cell("结果维持", rowspan=2, header=True),
            Cell("结果纠正", rowspan=2, header=True),
            Cell("其他结果", rowspan=2, header=True),
            Cell("尚未审结", rowspan=2, header=True),
            Cell("总计", rowspan=2, header=True),
            Cell("未经复议直接起诉", colspan=5, header=True),
            Cell("复议后起诉", colspan=5, header=True),
        ],
        outcome_cells * 2,
    ]
    values: list[int | str] = [
        section4[p][o]
        for p in balance.PROCEEDINGS
        for o in (*balance.OUTCOMES, "total")
    ]
    return Table(
        "政府信息公开行政复议、行政诉讼情况",
        head,
        [BodyRow([], values, "row")],
        label_columns=0,
    )


def fee_sentence(fees_collected: int) -> str:
    """Section 六's pre-filled fee line (《政府信息公开信息处理费管理办法》)."""
    return (
        "依据《政府信息公开信息处理费管理办法》规定，本年度实际收取信息处理费共计"
        f"{fees_collected}元。"
    )


def off_cells(imbalances: list[dict[str, Any]]) -> dict[str, set[tuple[str, str]]]:
    """Return the (row key, column key) of every stored imbalance, per section."""
    rows = {
        "二": {v: k for k, v in balance.SECTION2_DOCUMENT_ROWS.items()},
        "三": {v: k for k, v in balance.ROW_LABELS.items()},
        "四": {v: k for k, v in balance.PROCEEDING_LABELS.items()},
    }
    columns = {
        "二": {v: k for k, v in balance.SECTION2_DOCUMENT_COLUMNS.items()},
        "三": {v: k for k, v in balance.COLUMN_LABELS.items()},
        "四": {v: k for k, v in balance.OUTCOME_LABELS.items()},
    }
    found: dict[str, set[tuple[str, str]]] = {"二": set(), "三": set(), "四": set()}
    for item in imbalances:
        section = item["section"]
        row = rows[section].get(item["row"])
        column = columns[section].get(item["column"])
        if row and column:
            found[section].add((row, column))
    return found


def mark(table: Table, section: str, cells: set[tuple[str, str]]) -> Table:
    """Return ``table`` with the cells in ``cells`` flagged for display."""
    if section == "四":
        order = [
            (p, o) for p in balance.PROCEEDINGS for o in (*balance.OUTCOMES, "total")
        ]
        off = frozenset(i for i, cell in enumerate(order) if cell in cells)
        return replace(table, body=[replace(table.body[0], off=off)])
    columns = list(
        balance.COLUMNS if section == "三" else balance.SECTION2_DOCUMENT_COLUMNS
    )
    return replace(
        table,
        body=[
            replace(
                row,
                off=frozenset(
                    i for i, c in enumerate(columns) if (row.key, c) in cells
                ),
            )
            for row in table.body
        ],
    )
