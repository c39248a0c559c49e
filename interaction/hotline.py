"""Parsing of 12345 hotline / service-window CSV exports, and topic terms (pure)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# Expected header (Chinese, as the 12345 platform exports it); order does not matter.
COLUMNS = {
    "来源": "source",
    "工单号": "reference",
    "受理日期": "received_on",
    "问题分类": "topic",
    "诉求内容": "question",
    "承办单位": "unit_name",
}
REQUIRED = ("reference", "received_on", "topic", "question")
SOURCES = {
    "12345": "12345",
    "12345热线": "12345",
    "窗口": "window",
    "政务服务窗口": "window",
}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class HotlineRow:
    line: int
    source: str
    reference: str
    received_on: datetime.date
    topic: str
    question: str
    unit_name: str


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def _date(value: str) -> datetime.date | None:
    value = value.strip().replace("/", "-").replace(".", "-")
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_csv(text: str) -> tuple[list[HotlineRow], list[RowError]]:
    """Return the good rows and a Chinese message per bad row (line numbers 1-based)."""
    text = text.lstrip("\ufeff").replace("\x00", "")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error:
        return [], [RowError(1, "文件不是有效的CSV格式。")]
    if header is None:
        return [], [RowError(1, "文件为空。")]
    names = [COLUMNS.get(h.strip(), "") for h in header]
    missing = [k for k, v in COLUMNS.items() if v in REQUIRED and v not in names]
    if missing:
        return [], [RowError(1, f"缺少列：{'、'.join(missing)}。")]
    rows: list[HotlineRow] = []
    errors: list[RowError] = []
    for line, raw in enumerate(_safe_rows(reader), start=2):
        if raw is None:
            errors.append(RowError(line, "该行不是有效的CSV格式。"))
            break
        if line - 1 > MAX_ROWS:
            errors.append(RowError(line, f"一次最多导入 {MAX_ROWS} 行，其余未导入。"))
            break
        if not any(cell.strip() for cell in raw):
            continue
        values = {
            name: cell.strip() for name, cell in zip(names, raw, strict=False) if name
        }
        problems = [
            f"“{label}”为空"
            for label, key in COLUMNS.items()
            if key in REQUIRED and not values.get(key)
        ]
        received = _date(values.get("received_on", ""))
        if values.get("received_on") and received is None:
            problems.append("受理日期格式不正确（应为 2024-03-05）")
        source = SOURCES.get(values.get("source", "12345") or "12345")
        if source is None:
            problems.append("来源应为“12345”或“窗口”")
        if len(values.get("question", "")) > 2000:
            problems.append("诉求内容超过2000字")
        if len(values.get("reference", "")) > 40 or len(values.get("topic", "")) > 50:
            problems.append("工单号或问题分类过长")
        if problems or received is None or source is None:
            errors.append(RowError(line, "；".join(problems) + "。"))
            continue
        rows.append(
            HotlineRow(
                line=line,
                source=source,
                reference=values["reference"],
                received_on=received,
                topic=values["topic"],
                question=values["question"],
                unit_name=values.get("unit_name", "")[:100],
            )
        )
    return rows, errors


def _safe_rows(reader: Iterable[list[str]]) -> Iterable[list[str] | None]:
    iterator = iter(reader)
    while True:
        try:
            row = next(iterator)
        except StopIteration:
            return
        except csv.Error:
            yield None
            return
        yield row


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# Words that say nothing about the topic of a letter or question.
STOP_TERMS = frozenset(
    {"建议", "请问", "问题", "咨询", "关于", "希望", "我们", "你们", "什么", "怎么",
     "如何", "能否", "可以", "是否", "反映", "小区", "办理", "增加", "情况", "有关"}
)  # fmt: skip


def top_terms(texts: Iterable[str], limit: int = 20) -> list[tuple[str, int]]:
    """Most frequent two-character terms across ``texts`` (each counted once per text)."""
    counts: Counter[str] = Counter()
    for text in texts:
        seen: set[str] = set()
        for run in _CJK_RUN.findall(text):
            seen.update(run[i : i + 2] for i in range(len(run) - 1))
        counts.update(seen - STOP_TERMS)
    return counts.most_common(limit)
