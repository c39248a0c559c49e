"""Hidden-data checks block sending until reviewed; the reply letter prints Chinese."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from docx import Document

from requests_app import hidden_data, letters, services
from requests_app.choices import Channel, ReplyType
from requests_app.workflow import InvalidTransition, Status
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory


def xlsx(**tweaks: bool) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "答复"
    sheet["A1"] = "项目"
    workbook.properties.creator = ""
    workbook.properties.lastModifiedBy = ""
    if tweaks.get("hidden_sheet"):
        secret = workbook.create_sheet("居民名单")
        secret["A1"] = "370125198001011234"
        secret.sheet_state = "hidden"
    if tweaks.get("hidden_rows"):
        sheet.row_dimensions[5].hidden = True
    if tweaks.get("hidden_columns"):
        sheet.column_dimensions["C"].hidden = True
    if tweaks.get("named_range"):
        from openpyxl.workbook.defined_name import DefinedName

        workbook.defined_names["名单"] = DefinedName("名单", attr_text="答复!$A$1:$A$9")
    if tweaks.get("comment"):
        from openpyxl.comments import Comment

        sheet["A1"].comment = Comment("内部意见", "张三")
    if tweaks.get("author"):
        workbook.properties.creator = "张三"
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if tweaks.get("pivot") or tweaks.get("external"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, src.read(item.filename))
            if tweaks.get("pivot"):
                dst.writestr("xl/pivotCache/pivotCacheDefinition1.xml", "<x/>")
            if tweaks.get("external"):
                dst.writestr("xl/externalLinks/externalLink1.xml", "<x/>")
        data = out.getvalue()
    return data


def docx(*, author: str = "", revision: bool = False, comment: bool = False) -> bytes:
    document = Document()
    document.add_paragraph("答复附件")
    document.core_properties.author = author
    document.core_properties.last_modified_by = ""
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if revision or comment:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                content = src.read(item.filename)
                if revision and item.filename == "word/document.xml":
                    content = content.replace(
                        b"<w:body>",
                        b'<w:body><w:p><w:ins w:id="1" w:author="x"><w:r><w:t>x</w:t></w:r></w:ins></w:p>',
                    )
                dst.writestr(item, content)
            if comment:
                dst.writestr("word/comments.xml", "<w:comments/>")
        data = out.getvalue()
    return data


def codes(filename: str, data: bytes) -> set[str]:
    return {f.code for f in hidden_data.inspect(filename, data)}


def test_a_clean_spreadsheet_and_document_pass() -> None:
    assert codes("a.xlsx", xlsx()) == set()
    assert codes("a.docx", docx()) == set()
    assert codes("a.txt", "答复".encode()) == set()


@pytest.mark.parametrize(
    ("tweak", "code"),
    [
        ("hidden_sheet", "hidden_sheet"),
        ("hidden_rows", "hidden_rows"),
        ("hidden_columns", "hidden_columns"),
        ("named_range", "named_ranges"),
        ("comment", "comments"),
        ("author", "metadata"),
        ("pivot", "pivot_cache"),
        ("external", "external_link"),
    ],
)
def test_spreadsheet_hidden_data_is_found(tweak: str, code: str) -> None:
    assert code in codes("a.xlsx", xlsx(**{tweak: True}))


def test_document_metadata_revisions_and_comments_are_found() -> None:
    assert "metadata" in codes("a.docx", docx(author="张三"))
    assert "revisions" in codes("a.docx", docx(revision=True))
    assert "comments" in codes("a.docx", docx(comment=True))


def test_unsupported_or_broken_files_are_refused() -> None:
    with pytest.raises(hidden_data.UnsupportedFile, match="不支持该文件类型"):
        hidden_data.inspect("old.xls", b"\xd0\xcf")
    with pytest.raises(hidden_data.UnsupportedFile, match="内容与扩展名不符"):
        hidden_data.inspect("broken.xlsx", b"not a zip")
    # The extension cannot vouch for the content: a PDF named .xlsx is refused.
    with pytest.raises(hidden_data.UnsupportedFile, match="内容与扩展名不符"):
        hidden_data.inspect("renamed.xlsx", b"%PDF-1.7 ...")
    with pytest.raises(hidden_data.UnsupportedFile, match="内容与扩展名不符"):
        hidden_data.inspect("photo.png", b"<svg onload=alert(1)>")
    with pytest.raises(hidden_data.UnsupportedFile, match="10MB"):
        hidden_data.validate_upload("big.pdf", 11 * 1024 * 1024)


@pytest.mark.django_db
def test_a_flagged_attachment_blocks_the_reply_until_reviewed(
    unit, handler, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    flagged = services.add_attachment(
        filename="名单.xlsx", data=xlsx(hidden_sheet=True), application=application
    )
    assert flagged.check_status == "flagged"
    clean = services.add_attachment(
        filename="答复.docx", data=docx(), application=application
    )
    assert clean.check_status == "clean"
    with pytest.raises(ValidationError):
        services.add_attachment(filename="x.exe", data=b"MZ", application=application)

    def reply() -> object:
        return services.send_reply(
            application,
            actor=handler,
            reply_type=ReplyType.DISCLOSED,
            reason="",
            body="现提供所申请信息。",
            delivery_method="email",
            now=at(2025, 3, 5),
        )

    with pytest.raises(InvalidTransition, match="名单.xlsx"):
        reply()
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    services.approve_attachment(flagged, actor=handler, now=at(2025, 3, 5))
    with pytest.raises(InvalidTransition):
        services.approve_attachment(clean, actor=handler, now=at(2025, 3, 5))
    reply()
    assert application.status == Status.REPLIED


@pytest.mark.django_db
def test_reply_letter_renders_to_html_and_a_pdf_with_embedded_cjk_font(
    unit, handler, request
) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    reply = services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.WITHHELD,
        reason="withheld_process",
        body="您申请的信息属于过程性信息。\n依法不予公开。",
        legal_basis="《中华人民共和国政府信息公开条例》第十六条第二款",
        delivery_method="post",
        now=at(2025, 3, 10),
    )
    html = letters.render_reply_letter_html(application, reply)
    assert "政府信息公开申请答复书" in html
    assert "属于四类过程性信息" in html
    assert "2025年3月10日" in html
    assert letters.render_pdf(html).startswith(b"%PDF")
    pdf = letters.render_pdf(html, uncompressed=True)
    # Skipped with its reason on a machine without the font, enforced in CI.
    request.getfixturevalue("require_cjk_font")
    # WeasyPrint embeds a subset of the CJK font it used (Noto CJK from Debian) with a
    # ToUnicode map, so the Chinese prints and can be searched and copied.
    assert re.search(rb"/BaseFont /[A-Z]{6}\+Noto-(Serif|Sans)-CJK-SC", pdf)
    assert b"/FontFile" in pdf
    assert b"/ToUnicode" in pdf


def _inflating(
    template: bytes, part: str, size: int, *, block: bytes = b" " * (1024 * 1024)
) -> bytes:
    """Return ``template`` with ``part`` padded by ``size`` bytes of ``block``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item.filename))
                continue
            with dst.open(part, "w", force_zip64=True) as member:
                member.write(src.read(part))
                for _ in range(size // len(block)):
                    member.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "template", "part"),
    [
        ("bomb.docx", docx(), "word/document.xml"),
        ("bomb.xlsx", xlsx(), "xl/worksheets/sheet1.xml"),
    ],
    ids=["docx", "xlsx"],
)
def test_a_zip_bomb_is_refused_without_inflating_it(
    filename: str, template: bytes, part: str
) -> None:
    import tracemalloc

    data = _inflating(template, part, 32 * 1024 * 1024)
    assert len(data) < hidden_data.MAX_ATTACHMENT_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(hidden_data.UnsupportedFile, match="压缩炸弹"):
            hidden_data.inspect(filename, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_large_office_xml_is_scanned_in_chunks() -> None:
    # 12 MB of padding: under the limits, so it is read, but never held whole.
    import os
    import tracemalloc

    # Text of two letters at random: about 6:1, under the ratio limit.
    block = os.urandom(1024 * 1024).translate(bytes(b"ab"[i & 1] for i in range(256)))
    data = _inflating(
        docx(revision=True), "word/document.xml", 12 * 1024 * 1024, block=block
    )
    assert len(data) < hidden_data.MAX_ATTACHMENT_BYTES
    tracemalloc.start()
    try:
        found = codes("big.docx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "revisions" in found
    assert peak < 4 * 1024 * 1024


def test_hidden_marks_split_across_chunks_are_found() -> None:
    chunks = [b"<w:body><w:p><w:de", b'l w:id="1">', b"<w:r/></w:p>"]
    pattern = hidden_data._DOCX_MARK_RE
    assert [m.group(1) for m in hidden_data.scan_tags(chunks, pattern)] == [b"del"]


def test_a_pdf_that_is_html_after_its_header_is_refused() -> None:
    with pytest.raises(hidden_data.UnsupportedFile, match="内容与扩展名不符"):
        hidden_data.inspect("reply.pdf", b"%PDF-1.7\n<html><body>x</body></html>")
