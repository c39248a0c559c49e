"""Find hidden data in files before they leave the office (pure: bytes in, findings out).

Councils elsewhere were fined for answers whose spreadsheets hid residents' personal
data in hidden sheets, columns or pivot caches. A finding blocks sending until a person
reviews the file. Only formats that can be inspected are accepted at all.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from portal import attachments

ALLOWED_EXTENSIONS = frozenset({"pdf", "docx", "xlsx", "jpg", "jpeg", "png", "txt"})
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


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
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnsupportedFile("文件已损坏或不是有效的 Office 文档。") from exc


# Byte patterns, not an XML parser: nothing in an untrusted file is ever expanded.
_PERSON_PROPS = (
    (re.compile(rb"<dc:creator\b[^>]*>\s*[^<\s]"), "作者"),
    (re.compile(rb"<cp:lastModifiedBy\b[^>]*>\s*[^<\s]"), "最后修改人"),
)


def _core_properties(archive: zipfile.ZipFile) -> list[Finding]:
    if "docProps/core.xml" not in archive.namelist():
        return []
    core = archive.read("docProps/core.xml")
    return [
        Finding("metadata", f"文档属性中含有{label}信息")
        for pattern, label in _PERSON_PROPS
        if pattern.search(core)
    ]


def _inspect_xlsx(data: bytes) -> list[Finding]:
    import openpyxl

    archive = _open_zip(data)
    names = archive.namelist()
    findings = _core_properties(archive)
    if any(n.startswith("xl/pivotCache/") for n in names):
        findings.append(
            Finding("pivot_cache", "含有数据透视表缓存（可能保存全部源数据）")
        )
    if any(n.startswith("xl/externalLinks/") for n in names):
        findings.append(Finding("external_link", "含有指向其他工作簿的外部链接"))
    if any(n.startswith(("xl/comments", "xl/threadedComments")) for n in names):
        findings.append(Finding("comments", "含有批注"))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure means "cannot check"
        raise UnsupportedFile("Excel 文件无法读取，无法检查隐藏数据。") from exc
    if len(workbook.defined_names):
        findings.append(Finding("named_ranges", "含有命名区域"))
    for sheet in workbook.worksheets:
        title = sheet.title
        if sheet.sheet_state != "visible":
            findings.append(Finding("hidden_sheet", f"工作表“{title}”被隐藏"))
        if getattr(sheet, "defined_names", None):
            findings.append(Finding("named_ranges", f"工作表“{title}”含有命名区域"))
        if any(dim.hidden for dim in sheet.row_dimensions.values()):
            findings.append(Finding("hidden_rows", f"工作表“{title}”有隐藏的行"))
        if any(dim.hidden for dim in sheet.column_dimensions.values()):
            findings.append(Finding("hidden_columns", f"工作表“{title}”有隐藏的列"))
    workbook.close()
    return findings


def _inspect_docx(data: bytes) -> list[Finding]:
    archive = _open_zip(data)
    names = archive.namelist()
    if "word/document.xml" not in names:
        raise UnsupportedFile("Word 文件无法读取，无法检查隐藏数据。")
    findings = _core_properties(archive)
    if "word/comments.xml" in names:
        findings.append(Finding("comments", "含有批注"))
    body = archive.read("word/document.xml")
    if b"<w:ins " in body or b"<w:del " in body:
        findings.append(Finding("revisions", "含有未接受的修订记录"))
    if b"<w:vanish/>" in body:
        findings.append(Finding("hidden_text", "含有隐藏文字"))
    return findings


_PDF_AUTHOR_RE = re.compile(rb"/Author\s*\((?!\))")


def _inspect_pdf(data: bytes) -> list[Finding]:
    if not data.startswith(b"%PDF"):
        raise UnsupportedFile("文件不是有效的 PDF。")
    findings = []
    if _PDF_AUTHOR_RE.search(data):
        findings.append(Finding("metadata", "文档属性中含有作者信息"))
    if b"/Annots" in data:
        findings.append(Finding("comments", "含有注释"))
    return findings
