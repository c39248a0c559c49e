"""Find hidden data in files before they leave the office (pure: bytes in, findings out).

Councils elsewhere were fined for answers whose spreadsheets hid residents' personal
data in hidden sheets, columns or pivot caches. A finding blocks sending until a person
reviews the file. Only formats that can be inspected are accepted at all.

Office files are ZIP archives of XML. They are refused before anything is inflated
when their directory promises a decompression bomb (size or ratio, see
``portal.attachments``), and their XML is then read in bounded chunks and scanned
for tags, never parsed into a tree: memory stays flat whatever the file claims.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from portal import attachments

ALLOWED_EXTENSIONS = frozenset({"pdf", "docx", "xlsx", "jpg", "jpeg", "png", "txt"})
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# A 10 MB reply attachment never needs more than this once inflated.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# Small parts (properties, workbook, relationships) are read whole under this cap.
MAX_PART_BYTES = 16 * 1024 * 1024
# No tag in an Office part is this long; a longer one is a malformed file.
MAX_TAG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Finding:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class UnsupportedFile(ValueError):
    """The file cannot be accepted (type, size or a damaged container)."""


# What the content of each checkable extension must be (txt has no signature).
_KIND_BY_EXTENSION = {
    "pdf": attachments.PDF,
    "docx": attachments.DOCX,
    "xlsx": attachments.XLSX,
    "jpg": attachments.JPEG,
    "jpeg": attachments.JPEG,
    "png": attachments.PNG,
}


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def validate_upload(filename: str, size: int) -> None:
    """Raise :class:`UnsupportedFile` with a Chinese message for a refused upload."""
    if extension_of(filename) not in ALLOWED_EXTENSIONS:
        raise UnsupportedFile(
            "不支持该文件类型。请上传 PDF、Word（.docx）、Excel（.xlsx）、"
            "JPG、PNG 或 TXT 文件；旧版 .doc/.xls 文件无法检查隐藏数据，请另存为新格式。"
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise UnsupportedFile("文件过大：单个附件不能超过 10MB。")


def inspect(filename: str, data: bytes) -> list[Finding]:
    """Return the hidden data found in ``data`` (empty when the file is clean)."""
    validate_upload(filename, len(data))
    ext = extension_of(filename)
    expected = _KIND_BY_EXTENSION.get(ext)
    if expected is not None and attachments.sniff(data[:16], data) != expected:
        raise UnsupportedFile(
            "文件内容与扩展名不符（按内容识别不是该格式），请检查后重新上传。"
        )
    if ext == "xlsx":
        return _inspect_xlsx(data)
    if ext == "docx":
        return _inspect_docx(data)
    if ext == "pdf":
        return _inspect_pdf(data)
    return []


def _open_zip(data: bytes) -> zipfile.ZipFile:
    archive = attachments.open_zip(data)
    if archive is None:
        raise UnsupportedFile("文件已损坏或不是有效的 Office 文档。")
    problem = attachments.zip_problem(archive, max_uncompressed=MAX_UNCOMPRESSED_BYTES)
    if problem:
        raise UnsupportedFile(problem)
    return archive


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return attachments.read_member(archive, name, limit=MAX_PART_BYTES)
    except attachments.ArchiveRefused as exc:
        raise UnsupportedFile(str(exc)) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnsupportedFile("文件已损坏或不是有效的 Office 文档。") from exc


def _chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    try:
        yield from attachments.iter_member(archive, name, limit=MAX_UNCOMPRESSED_BYTES)
    except attachments.ArchiveRefused as exc:
        raise UnsupportedFile(str(exc)) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise UnsupportedFile("文件已损坏或不是有效的 Office 文档。") from exc


def scan_tags(
    chunks: Iterable[bytes], pattern: re.Pattern[bytes]
) -> Iterator[re.Match[bytes]]:
    """Yield the matches of ``pattern`` (one whole tag) across streamed XML chunks.

    A tag still open at the end of a chunk (a ``<`` with no ``>`` after it) is
    carried into the next one, so a tag is matched only once it is complete.
    """
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut == -1 or buffer.find(b">", cut) != -1:
            # No tag is open at the end: nothing needs carrying.
            cut = len(buffer)
        yield from pattern.finditer(buffer, 0, cut)
        carry = buffer[cut:]
        if len(carry) > MAX_TAG_BYTES:
            raise UnsupportedFile("文件结构异常，无法检查隐藏数据。")
    yield from pattern.finditer(carry)


_ATTRIBUTE_RE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        name.decode(errors="replace"): html.unescape(value.decode(errors="replace"))
        for name, value in _ATTRIBUTE_RE.findall(tag)
    }


# Byte patterns, not an XML parser: nothing in an untrusted file is ever expanded.
_PERSON_PROPS = (
    (re.compile(rb"<dc:creator\b[^>]*>\s*[^<\s]"), "作者"),
    (re.compile(rb"<cp:lastModifiedBy\b[^>]*>\s*[^<\s]"), "最后修改人"),
)
_TRUE = frozenset({"1", "true", "on"})


def _core_properties(archive: zipfile.ZipFile) -> list[Finding]:
    if "docProps/core.xml" not in archive.namelist():
        return []
    core = _read(archive, "docProps/core.xml")
    return [
        Finding("metadata", f"文档属性中含有{label}信息")
        for pattern, label in _PERSON_PROPS
        if pattern.search(core)
    ]


_SHEET_TAG_RE = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_DEFINED_NAME_RE = re.compile(rb"<(?:\w+:)?definedName\b[^>]*>")
_RELATIONSHIP_RE = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ROW_OR_COL_RE = re.compile(rb"<(?:\w+:)?(row|col)\s[^>]*>")


@dataclass(frozen=True)
class _Sheet:
    title: str
    state: str
    part: str | None


def _sheets(archive: zipfile.ZipFile, workbook: bytes) -> list[_Sheet]:
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        for match in _RELATIONSHIP_RE.finditer(
            _read(archive, "xl/_rels/workbook.xml.rels")
        ):
            attrs = _attributes(match.group())
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get("Id", "")] = part
    sheets = []
    for match in _SHEET_TAG_RE.finditer(workbook):
        attrs = _attributes(match.group())
        sheet_part = targets.get(attrs.get("r:id", ""))
        sheets.append(
            _Sheet(
                title=attrs.get("name", ""),
                state=attrs.get("state", "visible"),
                part=sheet_part if sheet_part in archive.namelist() else None,
            )
        )
    return sheets


def _inspect_xlsx(data: bytes) -> list[Finding]:
    archive = _open_zip(data)
    names = archive.namelist()
    if "xl/workbook.xml" not in names:
        raise UnsupportedFile("Excel 文件无法读取，无法检查隐藏数据。")
    findings = _core_properties(archive)
    if any(n.startswith("xl/pivotCache/") for n in names):
        findings.append(
            Finding("pivot_cache", "含有数据透视表缓存（可能保存全部源数据）")
        )
    if any(n.startswith("xl/externalLinks/") for n in names):
        findings.append(Finding("external_link", "含有指向其他工作簿的外部链接"))
    if any(n.startswith(("xl/comments", "xl/threadedComments")) for n in names):
        findings.append(Finding("comments", "含有批注"))
    workbook = _read(archive, "xl/workbook.xml")
    sheets = _sheets(archive, workbook)
    for match in _DEFINED_NAME_RE.finditer(workbook):
        attrs = _attributes(match.group())
        # Built-in names (print area, autofilter range) hold no data of their own.
        if attrs.get("name", "").startswith("_xlnm."):
            continue
        local = attrs.get("localSheetId", "")
        if local.isdigit() and int(local) < len(sheets):
            title = sheets[int(local)].title
            findings.append(Finding("named_ranges", f"工作表“{title}”含有命名区域"))
        else:
            findings.append(Finding("named_ranges", "含有命名区域"))
    for sheet in sheets:
        if sheet.state != "visible":
            findings.append(Finding("hidden_sheet", f"工作表“{sheet.title}”被隐藏"))
        if sheet.part is None:
            continue
        hidden = {
            match.group(1)
            for match in scan_tags(_chunks(archive, sheet.part), _ROW_OR_COL_RE)
            if _attributes(match.group()).get("hidden", "").lower() in _TRUE
        }
        if b"row" in hidden:
            findings.append(Finding("hidden_rows", f"工作表“{sheet.title}”有隐藏的行"))
        if b"col" in hidden:
            findings.append(
                Finding("hidden_columns", f"工作表“{sheet.title}”有隐藏的列")
            )
    return findings


_DOCX_MARK_RE = re.compile(rb"<w:(ins|del|vanish)\b[^>]*>")


def _inspect_docx(data: bytes) -> list[Finding]:
    archive = _open_zip(data)
    names = archive.namelist()
    if "word/document.xml" not in names:
        raise UnsupportedFile("Word 文件无法读取，无法检查隐藏数据。")
    findings = _core_properties(archive)
    if "word/comments.xml" in names:
        findings.append(Finding("comments", "含有批注"))
    marks: set[bytes] = set()
    for match in scan_tags(_chunks(archive, "word/document.xml"), _DOCX_MARK_RE):
        kind = match.group(1)
        if kind == b"vanish":
            value = _attributes(match.group()).get("w:val", "1").lower()
            if value not in _TRUE:
                continue
        marks.add(kind)
    if marks & {b"ins", b"del"}:
        findings.append(Finding("revisions", "含有未接受的修订记录"))
    if b"vanish" in marks:
        findings.append(Finding("hidden_text", "含有隐藏文字"))
    return findings


_PDF_AUTHOR_RE = re.compile(rb"/Author\s*\((?!\))")


def _inspect_pdf(data: bytes) -> list[Finding]:
    if not attachments.pdf_is_sound(data):
        raise UnsupportedFile("文件不是有效的 PDF。")
    findings = []
    if _PDF_AUTHOR_RE.search(data):
        findings.append(Finding("metadata", "文档属性中含有作者信息"))
    if b"/Annots" in data:
        findings.append(Finding("comments", "含有注释"))
    return findings
