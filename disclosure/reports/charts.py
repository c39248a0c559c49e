"""Accessible SVG bar charts of a report's main figures (no JavaScript, no library).

Each chart is ``role="img"`` with ``<title>``/``<desc>`` and ``aria-labelledby``; the same
figures are given as a sentence (``Chart.alt``) and the page keeps the tables beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from disclosure.reports import balance

_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("disclosed", "予以公开", ("disclosed",)),
    ("partial", "部分公开", ("partial",)),
    (
        "withheld",
        "不予公开",
        tuple(k for k in balance.RESULT_KEYS if k.startswith("withheld_")),
    ),
    (
        "unavailable",
        "无法提供",
        tuple(k for k in balance.RESULT_KEYS if k.startswith("unavailable_")),
    ),
    (
        "not_processed",
        "不予处理",
        tuple(k for k in balance.RESULT_KEYS if k.startswith("not_processed_")),
    ),
    (
        "other",
        "其他处理",
        tuple(k for k in balance.RESULT_KEYS if k.startswith("other_")),
    ),
)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    items: list[tuple[str, int]]

    @property
    def alt(self) -> str:
        parts = "，".join(f"{label}{value}件" for label, value in self.items)
        return f"{self.title}：{parts}。"

    @property
    def svg(self) -> str:
        return bar_chart_svg(self.slug, self.title, self.items, self.alt)


def bar_chart_svg(slug: str, title: str, items: list[tuple[str, int]], alt: str) -> str:
    """Return a horizontal bar chart; labels are escaped, bars scale to the maximum."""
    row_height, label_width, bar_width = 28, 96, 200
    height = row_height * len(items) + 8
    peak = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" '
        f'viewBox="0 0 {label_width + bar_width + 60} {height}" role="img" '
        f'aria-labelledby="chart-{slug}-title chart-{slug}-desc">',
        f'<title id="chart-{slug}-title">{escape(title)}</title>',
        f'<desc id="chart-{slug}-desc">{escape(alt)}</desc>',
    ]
    for index, (label, value) in enumerate(items):
        y = 4 + index * row_height
        width = round(bar_width * value / peak)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 18}" text-anchor="end" '
            f'font-size="14">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="18" '
            f'fill="#1d5fa8"></rect>'
            f'<text x="{label_width + width + 6}" y="{y + 18}" font-size="14">'
            f"{value}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def report_charts(data: dict[str, Any], previous: dict[str, Any] | None) -> list[Chart]:
    """Return the charts of a snapshot: by result, by month, by applicant kind, by year."""
    section3 = data["section3"]
    by_result = [
        (label, sum(section3[key]["total"] for key in keys))
        for _, label, keys in _GROUPS
    ]
    months = data.get("received_by_month") or [0] * 12
    by_month = [(f"{i + 1}月", int(n)) for i, n in enumerate(months)]
    by_kind = [
        (balance.COLUMN_LABELS[c], section3["new"][c]) for c in balance.PERSON_COLUMNS
    ]
    charts = [
        Chart("result", "本年度办理结果（件）", by_result),
        Chart("month", "本年新收申请按月分布（件）", by_month),
        Chart("kind", "本年新收申请按申请人类型（件）", by_kind),
    ]
    if previous is not None:
        charts.append(
            Chart(
                "year",
                "本年新收申请与上年对比（件）",
                [
                    (f"{previous['year']}年", previous["section3"]["new"]["total"]),
                    (f"{data['year']}年", section3["new"]["total"]),
                ],
            )
        )
    return charts
