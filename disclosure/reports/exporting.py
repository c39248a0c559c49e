"""XLSX and PDF renditions of a report version.

The workbook holds the tables of sections 二, 三 and 四 in the official layout (merged
header cells); ``read_workbook`` reads the figures back from their fixed positions, so a
test can check that the file equals the snapshot.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from disclosure.reports import balance, layout

_SHEETS = ("二、主动公开", "三、申请情况", "四、复议诉讼")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _write_table(sheet: Worksheet, table: layout.Table, top: int) -> int:
    """Write ``table`` from row ``top``; return the first free row after it."""
    sheet.cell(row=top, column=1, value=table.caption).font = _BOLD
    row = top + 1
    occupied: set[tuple[int, int]] = set()

    def place(cells: list[layout.Cell], row: int, values: list[Any]) -> None:
        column = 1
        for cell in cells:
            while (row, column) in occupied:
                column += 1
            target = sheet.cell(row=row, column=column, value=cell.text)
            target.alignment = _WRAP
            if cell.header:
                target.font = _BOLD
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + cell.rowspan - 1,
                    end_column=column + cell.colspan - 1,
                )
            for r in range(row, row + cell.rowspan):
                for c in range(column, column + cell.colspan):
                    occupied.add((r, c))
            column += cell.colspan
        for offset, value in enumerate(values):
            sheet.cell(row=row, column=table.label_columns + 1 + offset, value=value)

    for head in table.head:
        place(head, row, [])
        row += 1
    for body in table.body:
        place(body.labels, row, body.values)
        row += 1
    return row + 1


def build_workbook(data: dict[str, Any]) -> bytes:
    """Return the XLSX bytes of a snapshot's tables."""
    workbook = Workbook()
    sheets = [workbook.active]
    sheets[0].title = _SHEETS[0]
    sheets += [workbook.create_sheet(title) for title in _SHEETS[1:]]
    for sheet in sheets:
        sheet["A1"] = f"{data['organisation']}{data['year']}年政府信息公开工作年度报告"
        sheet["A1"].font = _BOLD
    row = 3
    for table in layout.section2_tables(data["section2"]):
        row = _write_table(sheets[0], table, row)
    _write_table(sheets[1], layout.section3_table(data["section3"]), 3)
    _write_table(sheets[2], layout.section4_table(data["section4"]), 3)
    sheets[1].column_dimensions["A"].width = 12
    sheets[1].column_dimensions["B"].width = 16
    sheets[1].column_dimensions["C"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_workbook(content: bytes) -> dict[str, Any]:
    """Read the figures of a workbook written by ``build_workbook`` back into JSON shape."""
    workbook = load_workbook(io.BytesIO(content))
    first, third, fourth = (workbook[title] for title in _SHEETS)
    # Section 二: four captioned tables, each caption + one header row + body rows.
    documents: dict[str, dict[str, int]] = {}
    row = 5
    for key in balance.SECTION2_DOCUMENT_ROWS:
        documents[key] = {
            column: int(first.cell(row=row, column=2 + i).value)  # type: ignore[arg-type]
            for i, column in enumerate(balance.SECTION2_DOCUMENT_COLUMNS)
        }
        row += 1
    # （五）: caption at 8, header 9, row 10; （六）: caption 12, header 13, rows 14-15;
    # （八）: caption 17, header 18, row 19.
    decisions = {
        "licensing": int(first.cell(row=10, column=2).value),  # type: ignore[arg-type]
        "punishment": int(first.cell(row=14, column=2).value),  # type: ignore[arg-type]
        "coercion": int(first.cell(row=15, column=2).value),  # type: ignore[arg-type]
    }
    fees_wan = str(first.cell(row=19, column=2).value)
    section3: dict[str, dict[str, int]] = {}
    for index, row_spec in enumerate(balance.SECTION3_ROWS):
        excel_row = 4 + 3 + index  # caption at 3, three header rows
        section3[row_spec.key] = {
            column: int(third.cell(row=excel_row, column=4 + i).value)  # type: ignore[arg-type]
            for i, column in enumerate(balance.COLUMNS)
        }
    section4: dict[str, dict[str, int]] = {}
    for p_index, proceeding in enumerate(balance.PROCEEDINGS):
        section4[proceeding] = {
            outcome: int(
                fourth.cell(row=7, column=1 + p_index * 5 + o_index).value  # type: ignore[arg-type]
            )
            for o_index, outcome in enumerate((*balance.OUTCOMES, "total"))
        }
    return {
        "section2": {
            "documents": documents,
            "decisions": decisions,
            "fees_wan": fees_wan,
        },
        "section3": section3,
        "section4": section4,
    }


def same_figures(data: dict[str, Any], reread: dict[str, Any]) -> bool:
    """Return True when a re-read workbook holds the snapshot's figures exactly."""
    fees_equal = Decimal(data["section2"]["fees_wan"]) == Decimal(
        reread["section2"]["fees_wan"]
    )
    return (
        fees_equal
        and data["section2"]["documents"] == reread["section2"]["documents"]
        and data["section2"]["decisions"] == reread["section2"]["decisions"]
        and data["section3"] == reread["section3"]
        and data["section4"] == reread["section4"]
    )


def render_pdf(html: str, base_url: str) -> bytes:
    """Return the PDF of a report page rendered for print (WeasyPrint, CJK fonts)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]
