"""Attachment checks by content (magic bytes), never by the file name. Pure.

Shared by every app that accepts uploads (policy attachments, imports, 依申请公开
supporting files and reply attachments)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_MEDIA_BYTES = 200 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str


PDF = FileKind("pdf", "PDF", "pdf")
OFD = FileKind("ofd", "OFD", "ofd")
DOCX = FileKind("docx", "Word", "docx")
XLSX = FileKind("xlsx", "Excel", "xlsx")
PPTX = FileKind("pptx", "PowerPoint", "pptx")
OLE = FileKind("ole", "Office 97-2003 / WPS", "doc")
ZIP = FileKind("zip", "ZIP", "zip")
PNG = FileKind("png", "PNG 图片", "png")
JPEG = FileKind("jpeg", "JPEG 图片", "jpg")
MP4 = FileKind("mp4", "MP4 视频", "mp4")
CSV = FileKind("csv", "CSV", "csv")

DOCUMENT_KINDS = frozenset({PDF, OFD, DOCX, XLSX, PPTX, OLE, ZIP})
MEDIA_KINDS = frozenset({PNG, JPEG, MP4, PDF})


def sniff(head: bytes, whole: bytes | None = None) -> FileKind | None:
    """Return the kind of a file from its first bytes (and, for ZIP, its member list)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_OLE):
        return OLE
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(whole)).namelist())
        except zipfile.BadZipFile:
            return None
        if "OFD.xml" in names:
            return OFD
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return DOCX
            if any(n.startswith("xl/") for n in names):
                return XLSX
            if any(n.startswith("ppt/") for n in names):
                return PPTX
        return ZIP
    return None


def check_file(
    data: bytes, allowed: frozenset[FileKind], max_bytes: int
) -> FileKind | str:
    """Return the detected kind, or a Chinese reason why ``data`` is refused."""
    if not data:
        return "文件为空。"
    if len(data) > max_bytes:
        return f"文件过大（不超过 {max_bytes // (1024 * 1024)} MB）。"
    kind = sniff(data[:16], data)
    if kind is None or kind not in allowed:
        labels = "、".join(sorted(k.label for k in allowed))
        return f"文件类型不符：按内容识别不是允许的格式（{labels}）。"
    return kind
