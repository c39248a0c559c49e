"""Highlighted snippets: where a query's terms occur in the original text."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.search.tokenizer import normalize, runs

SNIPPET_LENGTH = 120


def _normalised_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` char by char; map each normalised char to its source index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for n in normalize(ch):
            out.append(n)
            where.append(i)
    return "".join(out), where


def _term_pattern(term: str) -> str | None:
    term_runs = runs(term)
    if not term_runs:
        return None
    return r"[\W_]*".join(re.escape(run.text) for run in term_runs)


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Return sorted, non-overlapping ``(start, end)`` spans of ``terms`` in ``text``."""
    patterns = [p for p in (_term_pattern(t) for t in terms) if p]
    if not patterns or not text:
        return []
    norm, where = _normalised_with_map(text)
    spans: list[tuple[int, int]] = []
    regex = re.compile("|".join(f"(?:{p})" for p in sorted(patterns, key=len)[::-1]))
    for m in regex.finditer(norm):
        if m.end() > m.start():
            spans.append((where[m.start()], where[m.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> SafeString:
    """Return ``text`` HTML-escaped with every occurrence of ``terms`` in ``<mark>``."""
    return _render(text, match_spans(text, terms), 0, len(text))


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """Return about ``length`` characters of ``text`` around the first match, marked."""
    text = re.sub(r"\s+", " ", text or "").strip()
    spans = match_spans(text, terms)
    if not spans:
        end = min(len(text), length)
        return mark_safe(escape(text[:end]) + ("…" if end < len(text) else ""))  # noqa: S308
    first = spans[0][0]
    start = max(0, first - length // 4)
    end = min(len(text), start + length)
    return _render(text, spans, start, end)


def _render(
    text: str, spans: list[tuple[int, int]], start: int, end: int
) -> SafeString:
    parts = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(escape(text[pos:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    # Every piece of user or document text above went through escape().
    return mark_safe("".join(parts))  # noqa: S308
