"""Pure parser of 发文字号 (document numbers): no database, no Django.

GB/T 9704-2012 《党政机关公文格式》 §7.2.5: 发文字号 = 发文机关代字 + 年份 + 发文顺序号; the
year is written in full and enclosed in 六角括号 〔〕; the serial number takes no 第 and no
padding (1, never 01), followed by 号. 《党政机关公文处理工作条例》第九条 gives the same
composition. The other numbering forms in real use are read too: decree numbers
(``济南市人民政府令第304号``) and announcement numbers (``国家税务总局公告2015年第41号``).

``parse_doc_number`` never raises: it returns a :class:`DocNumber` whose ``canonical``
form is the standard one, or a :class:`DocNumberError` with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from portal.cjk import CN_DIGITS, CN_UNITS, HAN, INVISIBLE_TABLE

MAX_INPUT_LENGTH = 80
MIN_YEAR = 1949
MAX_YEAR = 2099
MAX_SERIAL = 99999

# After NFKC: （）→() ［］→[] ｛｝→{} ﹝﹞→〔〕; the others stay as they are.
_OPEN = "〔[(【〖{<「『《〈"
_CLOSE = "〕])】〗}>」』》〉"
_LABEL = re.compile(
    r"^(?:发文字号|发文文号|发文编号|文件编号|文件字号|文号|字号)[:：]?"
)
_HAN = HAN
_ISSUER = rf"[{_HAN}A-Za-z][{_HAN}A-Za-z·]*?"
_CN_DIGITS = CN_DIGITS
_CN_NUMBER = r"[〇零一二两三四五六七八九十百千]+"

_STANDARD = re.compile(
    rf"^(?P<issuer>{_ISSUER})"
    rf"(?:(?P<open>[{re.escape(_OPEN)}])?(?P<year>\d{{4}})(?P<close>[{re.escape(_CLOSE)}]|年)"
    rf"|(?P<open2>[{re.escape(_OPEN)}])(?P<year2>\d{{4}})(?P<close2>[{re.escape(_CLOSE)}]|年)?)"
    r"第?(?P<serial>\d+)号?$"
)
# A year beside a decree number needs a bracket or 年 to tell it from the serial.
_DECREE = re.compile(
    rf"^(?P<issuer>{_ISSUER})令"
    rf"(?:[{re.escape(_OPEN)}](?P<year>\d{{4}})[{re.escape(_CLOSE)}年]?"
    rf"|(?P<year2>\d{{4}})[{re.escape(_CLOSE)}年])?"
    rf"第?(?P<serial>\d+|{_CN_NUMBER})号?$"
)
# "…第17号令" is another way of writing "…令第17号".
_DECREE_SUFFIX = re.compile(
    rf"^(?P<issuer>{_ISSUER})第(?P<serial>\d+|{_CN_NUMBER})号令$"
)
# The issuer may be left out where the page already names it (``公告2024年第5号``).
_ANNOUNCEMENT_NO_YEAR = re.compile(
    rf"^(?P<issuer>{_ISSUER})?(?P<word>公告|通告)第?(?P<serial>\d+)号$"
)
_ANNOUNCEMENT = re.compile(
    rf"^(?P<issuer>{_ISSUER})?(?P<word>公告|通告)"
    rf"[{re.escape(_OPEN)}]?(?P<year>\d{{4}})[{re.escape(_CLOSE)}]?年?"
    r"第?(?P<serial>\d+)号?$"
)


class DocNumberKind(StrEnum):
    STANDARD = "standard"
    DECREE = "decree"
    ANNOUNCEMENT = "announcement"


@dataclass(frozen=True)
class DocNumber:
    """A parsed document number; ``canonical`` is how it is stored and shown."""

    kind: DocNumberKind
    issuer_code: str
    year: int | None
    serial: int
    word: str = ""

    @property
    def canonical(self) -> str:
        if self.kind is DocNumberKind.DECREE:
            # One form whatever was typed: the year is not part of a decree number.
            return f"{self.issuer_code}令第{self.serial}号"
        if self.kind is DocNumberKind.ANNOUNCEMENT:
            year = f"{self.year}年" if self.year else ""
            return f"{self.issuer_code}{self.word}{year}第{self.serial}号"
        # GB/T 9704-2012 §7.2.5: 〔full year〕, no 第, no padding, then 号.
        return f"{self.issuer_code}〔{self.year}〕{self.serial}号"


@dataclass(frozen=True)
class DocNumberError:
    """Input that is not a document number, with the reason in Chinese."""

    text: str
    message: str


EXAMPLE = "济阳政办发〔2024〕2号"


def normalize_input(text: str) -> str:
    """Return ``text`` with invisible characters, spaces, labels and full width removed."""
    text = unicodedata.normalize("NFKC", text.translate(INVISIBLE_TABLE))
    text = re.sub(r"\s+", "", text)
    text = _LABEL.sub("", text)
    return text.rstrip("。.,，;；、")


def _chinese_number(text: str) -> int | None:
    """Return the value of a Chinese numeral up to 9999 (``三百零四`` → 304)."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    units = CN_UNITS
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in units:
            total += (current or 1) * units[ch]
            current = 0
        else:
            return None
    return total + current


def parse_doc_number(text: str | None) -> DocNumber | DocNumberError:
    """Read ``text`` as a 发文字号 / decree number / announcement number."""
    raw = text or ""
    if len(raw) > MAX_INPUT_LENGTH:
        return DocNumberError(raw, f"发文字号过长（最多 {MAX_INPUT_LENGTH} 个字符）。")
    value = normalize_input(raw)
    if not value:
        return DocNumberError(raw, "请填写发文字号。")
    parsed = _parse_normalized(value)
    if isinstance(parsed, str):
        return DocNumberError(raw, parsed)
    return parsed


def _check(year: int | None, serial: int | None) -> str:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return f"年份 {year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间。"
    if serial is None or serial < 1:
        return "发文顺序号应为正整数（如 1、2、3）。"
    if serial > MAX_SERIAL:
        return f"发文顺序号 {serial} 过大。"
    return ""


def _parse_normalized(value: str) -> DocNumber | str:
    match = _ANNOUNCEMENT.match(value)
    if match:
        year, serial = int(match["year"]), int(match["serial"])
        problem = _check(year, serial)
        return problem or DocNumber(
            DocNumberKind.ANNOUNCEMENT,
            match["issuer"] or "",
            year,
            serial,
            match["word"],
        )
    # A decree before the standard form: ``…令（2020）第5号`` would otherwise read
    # as a 文号 whose 代字 ends in 令, a second canonical form of ``…令第5号``.
    decree = _parse_decree(value)
    if decree is not None:
        return decree
    match = _STANDARD.match(value)
    if match and (match["open"] or match["close"] or match["open2"]):
        year = int(match["year"] or match["year2"])
        serial = int(match["serial"])
        problem = _check(year, serial)
        return problem or DocNumber(
            DocNumberKind.STANDARD, match["issuer"], year, serial
        )
    match = _ANNOUNCEMENT_NO_YEAR.match(value)
    if match:
        serial = int(match["serial"])
        problem = _check(None, serial)
        return problem or DocNumber(
            DocNumberKind.ANNOUNCEMENT,
            match["issuer"] or "",
            None,
            serial,
            match["word"],
        )
    return (
        f"无法识别“{value}”：发文字号应由发文机关代字、年份和序号组成，如“{EXAMPLE}”。"
    )


def _parse_decree(value: str) -> DocNumber | str | None:
    """Read a decree number; None when ``value`` is not one.

    A decree is identified by its issuer and serial alone (政府令 are numbered
    cumulatively): a year written beside it is kept on the value but not in the
    canonical form, so ``…令（2020）第5号`` and ``…令第5号`` are one number.
    """
    match = _DECREE.match(value) or _DECREE_SUFFIX.match(value)
    if not match:
        return None
    serial = _chinese_number(match["serial"])
    written = match.groupdict()
    year_text = written.get("year") or written.get("year2")
    year = int(year_text) if year_text else None
    problem = _check(year, serial)
    if problem or serial is None:
        return problem or "发文顺序号应为正整数（如 1、2、3）。"
    return DocNumber(DocNumberKind.DECREE, match["issuer"], year, serial)
