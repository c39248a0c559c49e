"""Attachment checks by content, never by the file name. Pure.

Shared by every app that accepts uploads (policy attachments, imports, 依申请公开
supporting files and reply attachments). A type is recognised by more than its first
bytes: a PDF needs its header, an object and its trailer (``startxref`` … ``%%EOF``);
a ZIP-based file needs a readable central directory whose every entry points at a
local file header, and an Office file its main part. ZIP archives are also checked
against decompression bombs (declared size, ratio, member count) before anything
reads their members, and members are read in bounded chunks.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_MEDIA_BYTES = 200 * 1024 * 1024

# Decompression limits for ZIP-based uploads. A 1 MB .docx that expands to 1 GiB is
# refused from its central directory, before a byte is inflated.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Apache POI's ZipSecureFile refuses entries inflating past 100:1 by default
# (MIN_INFLATE_RATIO = 0.01); real Office XML stays far below it.
MAX_COMPRESSION_RATIO = 100
# Small members (styles, content types) may compress any amount without harm.
RATIO_EXEMPT_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
READ_CHUNK_BYTES = 64 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
# Writers may leave a few bytes (a newline, padding) after the final %%EOF.
_PDF_TRAILER_WINDOW = 2048
_PDF_FIRST_OBJECT_WINDOW = 64 * 1024


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
ARCHIVE_KINDS = frozenset({OFD, DOCX, XLSX, PPTX, ZIP})

# The part an Office package cannot be without (ECMA-376 Part 2, the main part).
_OFFICE_MAIN_PART = {
    "word/": (DOCX, "word/document.xml"),
    "xl/": (XLSX, "xl/workbook.xml"),
    "ppt/": (PPTX, "ppt/presentation.xml"),
}


class ArchiveRefused(ValueError):
    """A ZIP member would expand past the limits; the message is Chinese."""


def pdf_is_sound(data: bytes) -> bool:
    """Return whether ``data`` has a PDF's header, an object and its trailer."""
    if not _PDF_HEADER.match(data):
        return False
    if not _PDF_OBJECT.search(data, 0, _PDF_FIRST_OBJECT_WINDOW):
        return False
    tail = data[-_PDF_TRAILER_WINDOW:]
    return b"%%EOF" in tail and b"startxref" in tail


def open_zip(data: bytes) -> zipfile.ZipFile | None:
    """Return the archive in ``data`` if its central directory is sound, else None."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None
    # Every central-directory entry must point at a local file header: a file that
    # only borrows a directory (or a prefix of "PK\3\4") is not a ZIP.
    for info in infos:
        start = info.header_offset
        if data[start : start + 4] != _ZIP_LOCAL_HEADER:
            return None
    return archive


def zip_problem(
    archive: zipfile.ZipFile,
    *,
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> str | None:
    """Return a Chinese reason why inflating ``archive`` is unsafe, or None."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        return f"压缩文件内条目过多（不超过 {MAX_ZIP_MEMBERS} 个）。"
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_EXEMPT_BYTES and info.file_size > max_ratio * max(
            info.compress_size, 1
        ):
            return (
                "文件解压后体积异常（压缩比超过 "
                f"{max_ratio} 倍），疑似压缩炸弹，已拒收。"
            )
    if total > max_uncompressed:
        return (
            f"文件解压后超过 {max_uncompressed // (1024 * 1024)} MB，"
            "疑似压缩炸弹，已拒收。"
        )
    return None


def iter_member(
    archive: zipfile.ZipFile, name: str, *, limit: int = MAX_UNCOMPRESSED_BYTES
) -> Iterator[bytes]:
    """Yield the member ``name`` in chunks, refusing more than ``limit`` bytes.

    The declared size in the directory can lie; the count here does not.
    """
    seen = 0
    with archive.open(name) as member:
        while chunk := member.read(READ_CHUNK_BYTES):
            seen += len(chunk)
            if seen > limit:
                raise ArchiveRefused(
                    f"文件解压后超过 {limit // (1024 * 1024)} MB，疑似压缩炸弹，已拒收。"
                )
            yield chunk


def read_member(
    archive: zipfile.ZipFile, name: str, *, limit: int = MAX_UNCOMPRESSED_BYTES
) -> bytes:
    """Return the member ``name`` whole, refusing more than ``limit`` bytes."""
    return b"".join(iter_member(archive, name, limit=limit))


def _zip_kind(archive: zipfile.ZipFile) -> FileKind | None:
    names = set(archive.namelist())
    if "OFD.xml" in names:
        return OFD
    if "[Content_Types].xml" in names:
        for prefix, (kind, main_part) in _OFFICE_MAIN_PART.items():
            if any(n.startswith(prefix) for n in names):
                return kind if main_part in names else None
    return ZIP


def sniff(head: bytes, whole: bytes | None = None) -> FileKind | None:
    """Return the kind of a file from its content.

    ``head`` decides the family; ``whole`` (when given) must also hold the family's
    structure: the PDF trailer, the ZIP central directory and Office main part.
    """
    if head.startswith(b"%PDF-"):
        if whole is not None and not pdf_is_sound(whole):
            return None
        return PDF
    if head.startswith(_OLE):
        return OLE
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(_ZIP_LOCAL_HEADER) and whole is not None:
        archive = open_zip(whole)
        return None if archive is None else _zip_kind(archive)
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
    if kind in ARCHIVE_KINDS:
        archive = open_zip(data)
        problem = "文件已损坏。" if archive is None else zip_problem(archive)
        if problem:
            return problem
    return kind
