"""Checking import rows (no lookup of documents): values, 文号 duplicates, look-ups.

Everything here is decided from the file and the tables loaded once per job, so a row
found bad is reported before anything is written for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from policies.docnumber import DocNumberError, parse_doc_number
from policies.exchange import (
    SourceRow,
    parse_bool,
    parse_choice,
    parse_day,
    split_list,
)
from policies.models import Audience, DocType, Topic
from policies.validity import Validity
from portal.models import Organisation
from portal.publishing.sanitize import clean_html, html_to_text
from portal.search.fields import SearchFields, search_fields

# The columns an import compares and overwrites; 文号 and 索引号 identify the document.
CONTENT_FIELDS = (
    "title",
    "doc_type",
    "topic",
    "written_date",
    "published_date",
    "effective_date",
    "expiry_date",
    "needs_interpretation",
    "body",
)
STATUS_REASON = "批量导入：按导入文件登记效力状态"
LOCKED_MESSAGE = "该文件已进入审核或已发布，内容变更须在后台“开始修订”后进行"


class ImportContext:
    """Look-up tables loaded once per job (units by full and short name, audiences)."""

    def __init__(
        self, units: dict[str, Organisation], audiences: dict[str, Audience]
    ) -> None:
        self.units = units
        self.audiences = audiences
        self.index_prefixes: dict[int, str] = {}

    @classmethod
    def load(cls) -> ImportContext:
        units: dict[str, Organisation] = {}
        for unit in Organisation.objects.all():
            units[unit.name] = unit
            if unit.short_name:
                units.setdefault(unit.short_name, unit)
        audiences = {a.name: a for a in Audience.objects.all()}
        audiences |= {a.code: a for a in audiences.values()}
        return cls(units, audiences)


@dataclass
class ParsedRow:
    """One row checked against everything that needs no lookup of documents.

    ``fields`` holds the content columns as stored (the body already sanitised).
    """

    row: SourceRow
    title: str
    written: datetime.date
    doc_number: str
    index_number: str
    issuers: list[Organisation]
    audiences: list[Audience]
    fields: dict[str, Any]
    status: str | None
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def line(self) -> int:
        return self.row.line

    def match_keys(self) -> set[tuple[Any, ...]]:
        """The keys a stored document is matched on (文号, 索引号, title + date)."""
        keys: set[tuple[Any, ...]] = {("title", self.title, self.written)}
        if self.doc_number:
            keys.add(("doc_number", self.doc_number))
        if self.index_number:
            keys.add(("index_number", self.index_number))
        return keys

    def issuer_ids(self) -> list[int]:
        """The issuing organs in order, each once (the first is the lead organ)."""
        return list(dict.fromkeys(o.pk for o in self.issuers))

    def audience_ids(self) -> list[int]:
        return list(dict.fromkeys(a.pk for a in self.audiences))

    def derived(self, doc_number: str) -> dict[str, Any]:
        """Plain text and search columns of this row's content under ``doc_number``
        (computed once: only rows that are written need them)."""
        if self._derived.get("doc_number") != doc_number:
            body_text = html_to_text(self.fields["body"])
            search: SearchFields = search_fields(self.title, doc_number, body_text)
            self._derived = {"doc_number": doc_number, "body_text": body_text, **search}
        return {k: v for k, v in self._derived.items() if k != "doc_number"}

    def status_date(self, today: datetime.date) -> datetime.date:
        """The day the file's status took effect (废止/失效日期, else today)."""
        values = self.row.values
        if self.status == Validity.REPEALED:
            return parse_day(values.get("repeal_date")) or today
        if self.status == Validity.EXPIRED:
            return parse_day(values.get("lapse_date")) or today
        return today


def parse_row(row: SourceRow, *, context: ImportContext) -> ParsedRow:
    """Check ``row`` and return its values; raise ValueError naming what is wrong."""
    values = row.values
    title = str(values.get("title") or "").strip()
    if not title:
        raise ValueError("标题不能为空")
    if len(title) > 300:
        raise ValueError("标题过长（最多 300 字）")
    written = parse_day(values.get("written_date"))
    if written is None:
        raise ValueError("成文日期不能为空")
    raw_number = str(values.get("doc_number") or "").strip()
    doc_number = ""
    if raw_number:
        parsed = parse_doc_number(raw_number)
        if isinstance(parsed, DocNumberError):
            raise ValueError(f"发文字号：{parsed.message}")
        doc_number = parsed.canonical
    issuers = []
    for name in split_list(values.get("issuers")):
        if name not in context.units:
            raise ValueError(f"发文机关“{name}”不在机构列表中")
        issuers.append(context.units[name])
    audiences = []
    for name in split_list(values.get("audiences")):
        if name not in context.audiences:
            raise ValueError(f"适用对象“{name}”不存在")
        audiences.append(context.audiences[name])
    fields: dict[str, Any] = {
        "title": title,
        "doc_type": parse_choice(values.get("doc_type"), DocType) or DocType.POLICY,
        "topic": parse_choice(values.get("topic"), Topic) or Topic.GENERAL,
        "written_date": written,
        "published_date": parse_day(values.get("published_date")),
        "effective_date": parse_day(values.get("effective_date")),
        "expiry_date": parse_day(values.get("expiry_date")),
        "needs_interpretation": parse_bool(values.get("needs_interpretation")),
        "body": clean_html(str(values.get("body") or "")),
    }
    return ParsedRow(
        row=row,
        title=title,
        written=written,
        doc_number=doc_number,
        index_number=str(values.get("index_number") or "").strip(),
        issuers=issuers,
        audiences=audiences,
        fields=fields,
        status=parse_choice(values.get("status"), Validity),
    )


def duplicate_doc_numbers(rows: list[SourceRow]) -> dict[int, str]:
    """Return, by line, why rows sharing one 文号 (however written) are not imported.

    Which of two rows is "right" cannot be told from the file, and importing one
    would let the other overwrite it on every re-import: both are refused, each
    naming all lines that carry the number.
    """
    lines_by_number: dict[str, list[int]] = {}
    for row in rows:
        raw = str(row.values.get("doc_number") or "").strip()
        if not raw:
            continue
        parsed = parse_doc_number(raw)
        if isinstance(parsed, DocNumberError):
            continue  # Reported by the row itself.
        lines_by_number.setdefault(parsed.canonical, []).append(row.line)
    refused: dict[int, str] = {}
    for number, lines in lines_by_number.items():
        if len(lines) < 2:
            continue
        listed = "、".join(str(line) for line in lines)
        reason = (
            f"发文字号“{number}”在第 {listed} 行重复出现（写法不同也视为同一文号），"
            "这些行均未导入，请删去重复行后重新导入"
        )
        refused |= dict.fromkeys(lines, reason)
    return refused


def reason(exc: Exception) -> str:
    """The Chinese message reported for a bad row."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
