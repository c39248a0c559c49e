"""Upload checks by structure, not only the first bytes; ZIP bombs refused (no DB)."""

from __future__ import annotations

import io
import zipfile

import pytest

from portal import attachments
from tests.files import minimal_pdf


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


OFFICE = {
    "[Content_Types].xml": b"<Types/>",
    "word/document.xml": b"<w:document/>",
}


def test_a_real_pdf_is_a_pdf() -> None:
    assert attachments.sniff(b"%PDF-1.4", minimal_pdf()) == attachments.PDF
    assert attachments.pdf_is_sound(minimal_pdf())


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n<html><script>alert(1)</script></html>",
        b"%PDF-1.7\n1 0 obj\n<html></html>",
        b"%PDF-1.7 " + b"x" * 5000 + b"\n%%EOF",
        b"%PDF-x\n1 0 obj\nstartxref\n0\n%%EOF",
        minimal_pdf()[:-200],
    ],
    ids=["html", "no-trailer", "no-object-no-startxref", "bad-version", "truncated"],
)
def test_a_pdf_header_on_something_else_is_refused(data: bytes) -> None:
    assert attachments.sniff(data[:16], data) is None
    result = attachments.check_file(data, attachments.DOCUMENT_KINDS, 10**8)
    assert isinstance(result, str) and "文件类型不符" in result


def test_office_files_need_a_central_directory_and_their_main_part() -> None:
    good = _zip(OFFICE)
    assert attachments.sniff(good[:16], good) == attachments.DOCX
    # The local header alone, without the directory at the end.
    cut = good[: good.rfind(b"PK\x01\x02")]
    assert attachments.sniff(cut[:16], cut) is None
    # Local header magic followed by HTML.
    fake = b"PK\x03\x04<html><body>not a zip</body></html>"
    assert attachments.sniff(fake[:16], fake) is None
    # A Word package without word/document.xml is not a Word file.
    hollow = _zip({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"})
    assert attachments.sniff(hollow[:16], hollow) is None


def test_a_directory_pointing_outside_its_local_headers_is_refused() -> None:
    good = bytearray(_zip(OFFICE))
    # Move the second entry's local-header offset (central directory field at +42).
    second = good.find(b"PK\x01\x02", good.find(b"PK\x01\x02") + 4)
    good[second + 42 : second + 46] = (7).to_bytes(4, "little")
    data = bytes(good)
    assert attachments.sniff(data[:16], data) is None


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(size // len(block)):
                member.write(block)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    data = _bomb(32 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    result = attachments.check_file(data, attachments.DOCUMENT_KINDS, 10**8)
    assert isinstance(result, str) and "压缩炸弹" in result


def test_a_member_that_expands_past_its_limit_is_cut_off() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_zip({"a.xml": b"a" * 200_000})))
    assert attachments.read_member(archive, "a.xml", limit=200_000)
    with pytest.raises(attachments.ArchiveRefused, match="压缩炸弹"):
        attachments.read_member(archive, "a.xml", limit=100_000)
