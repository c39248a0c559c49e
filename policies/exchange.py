"""Export of the library (JSON lines, XLSX) and the row format bulk import reads.

The columns are the same both ways, so an exported file can be imported again (the
city document library harvests the export or ``/api/v1/policies/?updated_since=``).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook, load_workbook

from policies.models import DocType, Document, Topic
from policies.selectors import issuer_names
from policies.validity import Validity

# (key in JSON lines / API, header in XLSX and CSV)
COLUMNS: list[tuple[str, str]] = [
    ("index_number", "索引号"),
    ("title", "标题"),
    ("doc_number", "发文字号"),
    ("issuers", "发文机关"),
    ("doc_type", "文种/类别"),
    ("topic", "主题分类"),
    ("written_date", "成文日期"),
    ("published_date", "发布日期"),
    ("effective_date", "施行日期"),
    ("expiry_date", "有效期至"),
    ("status", "效力状态"),
    ("repeal_date", "废止日期"),
    ("lapse_date", "失效日期"),
    ("audiences", "适用对象"),
    ("needs_interpretation", "需要政策解读"),
    ("body", "正文"),
    ("url", "网址"),
    ("updated_at", "更新时间"),
]
HEADER_TO_KEY = {header: key for key, header in COLUMNS} | {k: k for k, _ in COLUMNS}
LIST_SEPARATOR = "、"
DATE_KEYS = (
    "written_date",
    "published_date",
    "effective_date",
    "expiry_date",
    "repeal_date",
    "lapse_date",
)


def export_row(document: Document, base_url: str = "") -> dict[str, Any]:
    """Return one document as the export's JSON object (API field names)."""
    return {
        "id": document.pk,
        "index_number": document.index_number or "",
        "title": document.title,
        "doc_number": document.doc_number,
        "issuers": issuer_names(document),
        "doc_type": document.doc_type,
        "doc_type_display": document.get_doc_type_display(),
        "topic": document.topic,
        "topic_display": document.get_topic_display(),
        "written_date": _iso(document.written_date),
        "published_date": _iso(document.display_date),
        "effective_date": _iso(document.effective_date),
        "expiry_date": _iso(document.expiry_date),
        "status": document.status,
        "status_display": document.get_status_display(),
        "repeal_date": _iso(document.repeal_date),
        "lapse_date": _iso(document.lapse_date),
        "audiences": [a.name for a in document.audiences.all()],
        "needs_interpretation": document.needs_interpretation,
        "body": document.body,
        "url": base_url + document.get_absolute_url(),
        "updated_at": document.updated_at.isoformat(),
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _cell(key: str, row: dict[str, Any]) -> Any:
    value = row.get(key)
    if key == "doc_type":
        return row.get("doc_type_display") or value
    if key == "topic":
        return row.get("topic_display") or value
    if key == "status":
        return row.get("status_display") or value
    if key == "needs_interpretation":
        return "是" if value else "否"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return value if value is not None else ""


def write_xlsx(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    """Write ``rows`` as an XLSX sheet with Chinese headers (constant memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("政府文件库")
    sheet.append([header for _, header in COLUMNS])
    count = 0
    for row in rows:
        sheet.append([_cell(key, row) for key, _ in COLUMNS])
        count += 1
    workbook.save(out)
    return count


# --- reading files for import --------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, Any]


class FileFormatError(Exception):
    """The file cannot be read at all (message in Chinese)."""


def read_rows(data: bytes, file_format: str) -> list[SourceRow]:
    """Return the data rows of a CSV or XLSX file keyed by column key, with line numbers."""
    if file_format == "xlsx":
        return list(_xlsx_rows(data))
    return list(_csv_rows(data))


def _keys(header: list[Any]) -> list[str | None]:
    keys = [
        HEADER_TO_KEY.get(str(h).strip()) if h is not None else None for h in header
    ]
    if "title" not in keys:
        raise FileFormatError("表头中没有“标题”列：请使用导出文件的表头。")
    return keys


def _xlsx_rows(data: bytes) -> Iterator[SourceRow]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file
        raise FileFormatError("无法读取 XLSX 文件，文件可能已损坏。") from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        keys = _keys(list(next(rows)))
    except StopIteration:
        raise FileFormatError("文件是空的。") from None
    for number, values in enumerate(rows, start=2):
        if all(v in (None, "") for v in values):
            continue
        yield SourceRow(number, {k: v for k, v in zip(keys, values, strict=False) if k})


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise FileFormatError("文件不是文本格式的 CSV。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileFormatError("无法识别 CSV 文件的字符编码（请使用 UTF-8）。")


def _csv_rows(data: bytes) -> Iterator[SourceRow]:
    reader = csv.reader(io.StringIO(_decode(data)))
    try:
        keys = _keys(next(reader))
    except StopIteration:
        raise FileFormatError("文件是空的。") from None
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        yield SourceRow(
            reader.line_num,
            {k: v for k, v in zip(keys, values, strict=False) if k},
        )


# --- turning cells into values ---------------------------------------------------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(value: Any) -> datetime.date | None:
    """Return a date from a cell (date, datetime, ``2024-01-31``, ``2024年1月31日``)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(f"日期“{value}”格式不正确，应为 2024-01-31")
    year, month, day = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"日期“{value}”不存在") from None


# 现行有效 / 已废止 are common spellings of 有效 / 废止.
_ALIASES = {"现行有效": "effective", "已废止": "repealed", "已失效": "expired"}


@functools.cache
def _choice_codes(choices: type[DocType | Topic | Validity]) -> dict[str, str]:
    """Code and label → code, built once (a lazy label costs a gettext per use)."""
    codes = {alias: code for alias, code in _ALIASES.items() if code in choices.values}
    for code, label in choices.choices:
        codes[str(label)] = code
        codes[code] = code
    return codes


def parse_choice(value: Any, choices: type[DocType | Topic | Validity]) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    code = _choice_codes(choices).get(text)
    if code is None:
        raise ValueError(f"“{text}”不是有效的取值")
    return code


def split_list(value: Any) -> list[str]:
    return [
        part.strip()
        for part in re.split(r"[、,，;；\n]", str(value or ""))
        if part.strip()
    ]


def parse_bool(value: Any) -> bool:
    return str(value or "").strip().lower() in {"是", "true", "1", "yes", "y"}
