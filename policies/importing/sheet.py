"""Reading the rows of an import file; XLSX by a lean reader of the first sheet.

openpyxl builds an object per cell and costs about half a millisecond per row of an
export-shaped sheet — more than writing the row. This reads the same values (shared and
inline strings, numbers, booleans, dates by their number format, cached formula
results) straight from the sheet's XML with the standard library's C parser, and falls
back to openpyxl for any file it does not understand, so every file openpyxl reads
still imports.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree
from xml.etree.ElementTree import Element, iterparse

from openpyxl.styles.numbers import (
    BUILTIN_FORMATS,
    is_date_format,
    is_timedelta_format,
)
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from policies.exchange import HEADER_TO_KEY, FileFormatError, SourceRow, read_rows

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_COLUMN = re.compile(r"[A-Z]+")


class UnsupportedSheet(Exception):
    """Something this reader does not handle: openpyxl reads the file instead."""


def read_import_rows(data: bytes, file_format: str) -> list[SourceRow]:
    """Return the data rows of a CSV or XLSX file keyed by column key, with line
    numbers (as :func:`policies.exchange.read_rows`, faster for XLSX)."""
    if file_format != "xlsx":
        return read_rows(data, file_format)
    try:
        return list(_source_rows(sheet_values(data)))
    except FileFormatError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl decides what the file is
        return read_rows(data, file_format)


def _source_rows(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[SourceRow]:
    try:
        _, header = next(rows)
    except StopIteration:
        raise FileFormatError("文件是空的。") from None
    keys = [
        HEADER_TO_KEY.get(str(h).strip()) if h is not None else None for h in header
    ]
    if "title" not in keys:
        raise FileFormatError("表头中没有“标题”列：请使用导出文件的表头。")
    width = len(keys)
    for line, values in rows:
        if all(v in (None, "") for v in values):
            continue
        values += [None] * (width - len(values))  # a missing cell is an empty one
        yield SourceRow(line, {k: v for k, v in zip(keys, values, strict=False) if k})


def sheet_values(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, cell values) of the workbook's first sheet from row 1, with
    empty rows where the sheet skips some (as openpyxl's read-only mode does)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook_path = _target(archive, "_rels/.rels", "", "/officeDocument")
    workbook_rels = _rels_path(workbook_path)
    workbook = _parse(archive, workbook_path)
    properties = workbook.find(f"{MAIN}workbookPr")
    epoch = CALENDAR_WINDOWS_1900
    if properties is not None and properties.get("date1904") in ("1", "true"):
        epoch = CALENDAR_MAC_1904
    sheet = workbook.find(f"{MAIN}sheets/{MAIN}sheet")
    if sheet is None:
        raise UnsupportedSheet("no sheet")
    rels = _relationships(archive, workbook_rels, workbook_path)
    sheet_path = rels.get(("id", sheet.get(f"{DOC_RELS}id", "")))
    if sheet_path is None:
        raise UnsupportedSheet("no sheet part")
    strings = _shared_strings(archive, rels.get(("type", "/sharedStrings")))
    dates, durations = _date_styles(archive, rels.get(("type", "/styles")))
    expected = 1
    with archive.open(sheet_path) as stream:
        for number, values in _rows(stream, strings, dates, durations, epoch):
            if number < expected:
                raise UnsupportedSheet("rows out of order")
            while expected < number:
                yield expected, []
                expected += 1
            yield number, values
            expected = number + 1


def _rows(
    stream: IO[bytes],
    strings: list[str],
    dates: set[int],
    durations: set[int],
    epoch: datetime.datetime,
) -> Iterator[tuple[int, list[Any]]]:
    row_tag, cell_tag = f"{MAIN}row", f"{MAIN}c"
    value_tag, inline_tag = f"{MAIN}v", f"{MAIN}is"
    columns: dict[str, int] = {}
    number = 0
    for _, element in iterparse(stream):  # noqa: S314 - see _parse
        if element.tag != row_tag:
            continue
        number = int(element.get("r") or number + 1)
        values: list[Any] = []
        for cell in element.iter(cell_tag):
            ref = cell.get("r")
            if ref:
                letters = _COLUMN.match(ref)
                if letters is None:
                    raise UnsupportedSheet(ref)
                column = columns.get(letters.group())
                if column is None:
                    column = columns[letters.group()] = _column_index(letters.group())
                if column < len(values):
                    raise UnsupportedSheet("cells out of order")
                values.extend([None] * (column - len(values)))
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                inline = cell.find(inline_tag)
                values.append(None if inline is None else _text(inline))
                continue
            raw = cell.findtext(value_tag) or None
            if raw is None:
                values.append(None)
            elif kind == "n":
                style = int(cell.get("s") or 0)
                value: Any = (
                    float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
                )
                if style in dates:
                    value = from_excel(value, epoch, timedelta=style in durations)
                values.append(value)
            elif kind == "s":
                values.append(strings[int(raw)])
            elif kind == "b":
                values.append(bool(int(raw)))
            elif kind in ("str", "e"):
                values.append(raw)
            elif kind == "d":
                values.append(datetime.datetime.fromisoformat(raw.rstrip("Z")))
            else:
                raise UnsupportedSheet(kind)
        element.clear()
        yield number, values


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text(element: Element) -> str:
    """Plain text of a string item: its own ``t`` and the ``t`` of its runs."""
    own = element.findtext(f"{MAIN}t") or ""
    runs = "".join(r.findtext(f"{MAIN}t") or "" for r in element.iterfind(f"{MAIN}r"))
    return own + runs


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if path is None:
        return []
    strings: list[str] = []
    with archive.open(path) as stream:
        for _, element in iterparse(stream):  # noqa: S314 - see _parse
            if element.tag == f"{MAIN}si":
                strings.append(_text(element).replace("x005F_", ""))
                element.clear()
    return strings


def _date_styles(
    archive: zipfile.ZipFile, path: str | None
) -> tuple[set[int], set[int]]:
    """Indexes of the cell styles whose number format shows a date (or a duration)."""
    if path is None:
        return set(), set()
    styles = _parse(archive, path)
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "")
        for f in styles.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")
    }
    dates, durations = set(), set()
    for index, xf in enumerate(styles.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
        format_id = int(xf.get("numFmtId", "0"))
        code = custom.get(format_id) or BUILTIN_FORMATS.get(format_id) or ""
        if is_date_format(code):
            dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return dates, durations


def _parse(archive: zipfile.ZipFile, path: str) -> Element:
    """The root element of a small part (workbook, relationships, styles).

    The parts come from an upload: the standard library's parser never loads external
    entities or DTDs, expat (2.4.1 on) stops entity amplification, and the archive's
    sizes were checked when the file was accepted (``zip_problem``) — as for openpyxl,
    which parses with the same library.
    """
    with archive.open(path) as stream:
        return ElementTree.parse(stream).getroot()  # noqa: S314


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(
    archive: zipfile.ZipFile, path: str, source: str
) -> dict[tuple[str, str], str]:
    """Targets of a part's relationships by ("id", rId) and by ("type", type suffix)."""
    folder = posixpath.dirname(source)
    found: dict[tuple[str, str], str] = {}
    for rel in _parse(archive, path).iterfind(f"{PKG_RELS}Relationship"):
        target = rel.get("Target", "")
        target = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[("id", rel.get("Id", ""))] = target
        kind = rel.get("Type", "")
        found.setdefault(("type", kind[kind.rfind("/") :]), target)
    return found


def _target(archive: zipfile.ZipFile, rels: str, source: str, kind: str) -> str:
    target = _relationships(archive, rels, source).get(("type", kind))
    if target is None:
        raise UnsupportedSheet(kind)
    return target
