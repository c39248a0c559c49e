"""Admin: registering documents through the services, 清理 (bulk status review),
退文 records scoped to the drafting unit, attachments checked by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policies.models import Document, DocumentReturn, StatusChange
from policies.validity import Validity
from portal import roles
from tests.files import minimal_pdf
from tests.policies.factories import DocumentFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(unit, **extra):
    data = {
        "title": "关于做好2024年稳就业工作的通知",
        "doc_number": "济阳人社发（２０２４）第03号",
        "organisation": unit.pk,
        "doc_type": "normative",
        "topic": "labour",
        "written_date": "2024-03-01",
        "body": '<p onclick="x()">正文<script>alert(1)</script></p>',
        "documentissuer_set-TOTAL_FORMS": "1",
        "documentissuer_set-INITIAL_FORMS": "0",
        "documentissuer_set-0-organisation": unit.pk,
        "documentissuer_set-0-order": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_an_editor_registers_a_document_normalised_and_sanitised(client, desk) -> None:
    client.force_login(desk.editor)
    response = client.post("/admin/policies/document/add/", _form(desk.unit))
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.doc_number == "济阳人社发〔2024〕3号"
    assert "<script>" not in document.body and "onclick" not in document.body
    assert document.index_number.endswith("/2024-00001")
    assert document.status == Validity.EFFECTIVE
    assert [o.pk for o in document.issuers.all()] == [desk.unit.pk]
    # The same 文号 in another spelling is refused with a message.
    response = client.post(
        "/admin/policies/document/add/",
        _form(desk.unit, title="另一份文件", doc_number="济阳人社发[2024]3号"),
    )
    assert response.status_code == 200
    assert "已登记" in response.content.decode()
    response = client.post(
        "/admin/policies/document/add/", _form(desk.unit, doc_number="第三号")
    )
    assert "无法识别" in response.content.decode()


def test_attachments_are_checked_by_content(client, desk) -> None:
    client.force_login(desk.editor)
    fake = SimpleUploadedFile(
        "通知.pdf", b"MZ\x90\x00 this is an exe", "application/pdf"
    )
    data = _form(
        desk.unit,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "附件1",
            "attachments-0-sort_order": "0",
            "attachments-0-file": fake,
        },
    )
    response = client.post("/admin/policies/document/add/", data)
    assert response.status_code == 200
    assert "文件类型不符" in response.content.decode()
    assert not Document.objects.exists()
    real = SimpleUploadedFile("附件.bin", minimal_pdf(), "application/octet-stream")
    data["attachments-0-file"] = real
    response = client.post("/admin/policies/document/add/", data)
    assert response.status_code == 302
    attachment = Document.objects.get().attachments.get()
    assert attachment.kind == "pdf"


def test_bulk_status_review_records_history(client, desk) -> None:
    office_admin = UserFactory(organisation=desk.unit, roles=[roles.OFFICE_ADMIN])
    client.force_login(office_admin)
    docs = [DocumentFactory(organisation=desk.unit) for _ in range(3)]
    response = client.post(
        "/admin/policies/document/",
        {
            "action": "review_status_selected",
            "_selected_action": [d.pk for d in docs],
            "apply": "1",
            "to_status": "expired",
            "changed_on": "2024-12-31",
            "reason": "2024年度规范性文件清理：宣布失效",
        },
    )
    assert response.status_code == 302
    assert set(Document.objects.values_list("status", flat=True)) == {"expired"}
    assert StatusChange.objects.filter(actor=office_admin).count() == 3


def test_returns_are_visible_to_the_drafting_unit_only(client, desk) -> None:
    document = DocumentFactory(organisation=desk.unit)
    DocumentReturn.objects.create(
        document=document, organisation=desk.unit, reason="三同步：缺少政策解读",
        returned_by=desk.final, returned_at=document.created_at,
    )  # fmt: skip
    other_unit = OrganisationFactory()
    other = UserFactory(
        organisation=other_unit, roles=[roles.EDITOR, roles.REVIEW_FINAL]
    )
    client.force_login(desk.final)
    assert "三同步" in client.get("/admin/policies/documentreturn/").content.decode()
    client.force_login(other)
    assert (
        "三同步" not in client.get("/admin/policies/documentreturn/").content.decode()
    )


def test_recording_a_relation_in_admin_changes_the_target_or_explains_why_not(
    client, desk
) -> None:
    office_admin = UserFactory(organisation=desk.unit, roles=[roles.OFFICE_ADMIN])
    client.force_login(office_admin)
    old, new, newer = (DocumentFactory(organisation=desk.unit) for _ in range(3))
    form = {"source": new.pk, "kind": "repeals", "target": old.pk,
            "effective_on": "2024-06-01", "note": ""}  # fmt: skip
    response = client.post("/admin/policies/documentrelation/add/", form)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Validity.REPEALED
    response = client.post(
        "/admin/policies/documentrelation/add/",
        form | {"source": newer.pk, "kind": "amends"},
    )
    assert response.status_code == 200
    assert "不能从“废止”变为“已修改”" in response.content.decode()
    response = client.post("/admin/policies/documentrelation/add/", form)
    assert "已经登记" in response.content.decode()


def test_only_staff_with_the_import_permission_may_upload(client, desk) -> None:
    reviewer = UserFactory(organisation=desk.unit, roles=[roles.REVIEW_FIRST])
    client.force_login(reviewer)
    assert client.get("/admin/policies/importjob/upload/").status_code == 403
    client.force_login(desk.editor)
    assert client.get("/admin/policies/importjob/upload/").status_code == 200
