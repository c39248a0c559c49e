"""Automatic proofreading (校对): a pure engine over rules staff maintain.

Literal rules (the vast majority) are matched in one pass by an Aho–Corasick automaton,
so cost grows with the text, not with the number of rules; regex rules run with a
timeout. Unit names are checked against the organisation table, and a 文号 or 落款 date
in the body is checked against the record's own fields.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import ahocorasick
import regex

from portal.cjk import CN_DIGITS, HAN

INFO, WARNING, BLOCKER = 1, 2, 3
REGEX_TIMEOUT = 0.05  # seconds per regex rule per text
CONTEXT_CHARS = 12


@dataclass(frozen=True)
class Rule:
    id: int | None
    category: str
    pattern: str
    suggestion: str = ""
    severity: int = WARNING
    is_regex: bool = False
    note: str = ""


@dataclass(frozen=True)
class Finding:
    field: str  # "title" | "body"
    start: int
    end: int
    matched: str
    suggestion: str
    message: str
    category: str
    severity: int
    rule_id: int | None = None
    context: str = ""


class RuleError(ValueError):
    """A rule that cannot be saved; the message is in Chinese for the admin form."""


# Nested quantifiers such as (a+)+ or (\w*)* backtrack catastrophically.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)\s*[+*{]")
_ADVERSARIAL_INPUTS = ("a" * 40 + "!", "政" * 60 + "！", "1" * 50 + "x", " " * 60 + "x")


def validate_rule(pattern: str, is_regex: bool) -> None:
    """Raise :class:`RuleError` for an empty or dangerous pattern."""
    if not pattern or not pattern.strip():
        raise RuleError("匹配内容不能为空。")
    if pattern != pattern.strip():
        raise RuleError("匹配内容首尾不能有空格。")
    if not is_regex:
        return
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"正则表达式有误：{exc}") from exc
    if compiled.search(""):
        raise RuleError("正则表达式不能匹配空字符串。")
    if _NESTED_QUANTIFIER.search(pattern):
        raise RuleError(
            "正则表达式含有嵌套的重复量词（如 (a+)+），可能导致校对卡死，请改写。"
        )
    for sample in _ADVERSARIAL_INPUTS:
        try:
            compiled.search(sample, timeout=REGEX_TIMEOUT)
        except TimeoutError as exc:
            raise RuleError("正则表达式执行过慢（灾难性回溯），请改写。") from exc


# 文号 as written in bodies: issuer code + bracketed year + serial + 号.
_DOC_NUMBER = re.compile(
    rf"([{HAN}]{{2,12}}?)\s*[〔\[［(（【]\s*((?:19|20)\d{{2}})\s*[〕\]］)）】]\s*0*(\d{{1,4}})\s*号"
)
_CN_DIGITS = CN_DIGITS
_ARABIC_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
# Unit names of the district as written in text, e.g. 济阳区发展和改革局.
_UNIT_NAME = re.compile(
    rf"济阳区(?!人民政府)[{HAN}]{{2,14}}?(?:委员会|办公室|服务中心|局|委)"
)


def _cn_small_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        tens, ones = text.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[text]


def find_dates(text: str) -> list[tuple[int, int, datetime.date]]:
    """Return ``(start, end, date)`` for every valid date written in ``text``."""
    found = []
    for match in _ARABIC_DATE.finditer(text):
        try:
            day = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
        found.append((match.start(), match.end(), day))
    for match in _CHINESE_DATE.finditer(text):
        try:
            year = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
            day = datetime.date(
                year, _cn_small_number(match.group(2)), _cn_small_number(match.group(3))
            )
        except (KeyError, ValueError):
            continue
        found.append((match.start(), match.end(), day))
    return sorted(found)


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]


@dataclass
class Proofreader:
    """Checks titles and bodies against ``rules`` and the known ``unit_names``."""

    rules: Sequence[Rule]
    unit_names: frozenset[str] = frozenset()
    _automaton: ahocorasick.Automaton | None = field(
        default=None, init=False, repr=False
    )
    _regex_rules: list[tuple[Rule, regex.Pattern[str]]] = field(
        default_factory=list, init=False, repr=False
    )

    def __post_init__(self) -> None:
        automaton = ahocorasick.Automaton()
        literal: dict[str, list[Rule]] = {}
        for rule in self.rules:
            if rule.is_regex:
                try:
                    self._regex_rules.append((rule, regex.compile(rule.pattern)))
                except regex.error:
                    continue  # refused at save time; an old bad row is skipped
            elif rule.pattern:
                literal.setdefault(rule.pattern, []).append(rule)
        for pattern, rules in literal.items():
            automaton.add_word(pattern, (pattern, tuple(rules)))
        if literal:
            automaton.make_automaton()
            self._automaton = automaton

    def check(
        self,
        title: str,
        body: str,
        *,
        doc_number: str = "",
        date: datetime.date | None = None,
    ) -> list[Finding]:
        """Return every finding in ``title`` and ``body``, ordered by field and position."""
        findings: list[Finding] = []
        for field_name, text in (("title", title or ""), ("body", body or "")):
            findings.extend(self._check_rules(field_name, text))
            findings.extend(self._check_unit_names(field_name, text))
        if doc_number:
            findings.extend(self._check_doc_number(body or "", doc_number))
        if date is not None:
            findings.extend(self._check_signature_date(body or "", date))
        return _drop_contained(findings)

    def _check_rules(self, field_name: str, text: str) -> Iterable[Finding]:
        if self._automaton is not None and text:
            for end_index, (pattern, rules) in self._automaton.iter(text):
                start = end_index - len(pattern) + 1
                for rule in rules:
                    yield self._finding(field_name, text, start, end_index + 1, rule)
        for rule, compiled in self._regex_rules:
            try:
                for match in compiled.finditer(text, timeout=REGEX_TIMEOUT):
                    if match.end() > match.start():
                        yield self._finding(
                            field_name, text, match.start(), match.end(), rule
                        )
            except TimeoutError:
                continue

    def _finding(
        self, field_name: str, text: str, start: int, end: int, rule: Rule
    ) -> Finding:
        suggestion = rule.suggestion
        message = rule.note or (
            f"建议改为“{suggestion}”" if suggestion else "请核实此处用语"
        )
        return Finding(
            field=field_name,
            start=start,
            end=end,
            matched=text[start:end],
            suggestion=suggestion,
            message=message,
            category=rule.category,
            severity=rule.severity,
            rule_id=rule.id,
            context=_context(text, start, end),
        )

    def _check_unit_names(self, field_name: str, text: str) -> Iterable[Finding]:
        if not self.unit_names:
            return
        for match in _UNIT_NAME.finditer(text):
            name = match.group(0)
            if name in self.unit_names or any(
                known.startswith(name) or name.startswith(known)
                for known in self.unit_names
            ):
                continue
            yield Finding(
                field=field_name,
                start=match.start(),
                end=match.end(),
                matched=name,
                suggestion="",
                message="机构名称与机构库不一致，请核对单位全称。",
                category="unit_name",
                severity=WARNING,
                context=_context(text, match.start(), match.end()),
            )

    def _check_doc_number(self, body: str, doc_number: str) -> Iterable[Finding]:
        own = _DOC_NUMBER.search(doc_number)
        if own is None:
            return
        issuer, year, serial = own.group(1), own.group(2), int(own.group(3))
        for match in _DOC_NUMBER.finditer(body):
            if (
                match.group(1).endswith(issuer)
                and match.group(2) == year
                and int(match.group(3)) != serial
            ):
                # The lazy issuer group may have swallowed preceding words (见、根据).
                start = match.end(1) - len(issuer)
                yield Finding(
                    field="body",
                    start=start,
                    end=match.end(),
                    matched=body[start : match.end()],
                    suggestion=doc_number,
                    message=f"正文中的文号与本文件发文字号“{doc_number}”不一致。",
                    category="fact",
                    severity=WARNING,
                    context=_context(body, start, match.end()),
                )

    def _check_signature_date(
        self, body: str, date: datetime.date
    ) -> Iterable[Finding]:
        # The 落款 date is the last date in the closing lines of the body.
        tail_start = max(0, len(body) - 120)
        dates = [d for d in find_dates(body) if d[0] >= tail_start]
        if not dates:
            return
        start, end, written = dates[-1]
        if written != date:
            yield Finding(
                field="body",
                start=start,
                end=end,
                matched=body[start:end],
                suggestion=f"{date.year}年{date.month}月{date.day}日",
                message="落款日期与成文日期不一致。",
                category="fact",
                severity=WARNING,
                context=_context(body, start, end),
            )


def _drop_contained(findings: list[Finding]) -> list[Finding]:
    """Keep the most specific finding where one match lies inside another.

    E.g. 济阳县人民政府 and 济阳县 both match at the same place: one finding, the longer,
    unless the shorter one is more severe.
    """
    ordered = sorted(
        findings, key=lambda f: (f.field != "title", f.start, -f.end, -f.severity)
    )
    kept: list[Finding] = []
    for finding in ordered:
        if any(
            k.field == finding.field
            and k.start <= finding.start
            and finding.end <= k.end
            and k.severity >= finding.severity
            and (k.start, k.end) != (finding.start, finding.end)
            for k in kept[-32:]
        ):
            continue
        kept.append(finding)
    return kept


def known_unit_names(rows: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Build the set of accepted unit names from ``(name, short_name)`` pairs."""
    names: set[str] = set()
    for name, short in rows:
        names.add(name)
        if short:
            names.add(short)
            if short.startswith("区"):
                names.add("济阳" + short)
    return frozenset(names)
