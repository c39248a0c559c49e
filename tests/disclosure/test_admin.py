"""Staff entry of items: 索引号 on creation, attachments checked by content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.admin import ItemAttachmentForm
from disclosure.models import InformationItem, ItemAttachment
from tests.disclosure.factories import InformationItemFactory
from tests.files import minimal_pdf
from tests.portal.factories import management_forms

pytestmark = pytest.mark.django_db


def test_an_editor_creates_an_item_with_its_index_number(client, desk) -> None:
    client.force_login(desk.editor)
    add = reverse("admin:disclosure_informationitem_add")
    response = client.post(
        add,
        {
            **management_forms(client.get(add)),
            "title": "济阳区2024年公益性岗位招聘公告",
            "category": "employment",
            "organisation": desk.unit.pk,
            "body": "<p>现将招聘有关事项公告如下。</p>",
            "generated_date": "2024-05-06",
            "publish_at_0": "",
            "publish_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    item = InformationItem.objects.get()
    assert item.index_number == "RSJ/2024-00001"
    assert item.topic == "general"


def test_attachments_are_checked_by_content_not_by_name(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit)
    fake = SimpleUploadedFile("公告.pdf", b"MZ\x90\x00 this is an executable")
    form = ItemAttachmentForm(
        data={"title": "附件", "sort_order": 0},
        files={"file": fake},
        instance=ItemAttachment(item=item),
    )
    assert not form.is_valid()
    assert "文件类型不符" in str(form.errors["file"])
    pdf = SimpleUploadedFile("scan.bin", minimal_pdf())
    form = ItemAttachmentForm(
        data={"title": "附件", "sort_order": 0},
        files={"file": pdf},
        instance=ItemAttachment(item=item),
    )
    assert form.is_valid(), form.errors
    assert form.instance.kind == "PDF" and form.instance.size > 0


def test_projects_are_entered_and_scoped_by_unit(client, desk) -> None:
    from disclosure.models import Project
    from portal import roles
    from tests.portal.factories import OrganisationFactory, UserFactory

    client.force_login(desk.editor)
    add = reverse("admin:disclosure_project_add")
    response = client.post(
        add,
        {
            **management_forms(client.get(add)),
            "name": "济阳区城区供热管网改造工程",
            "kind": "construction",
            "organisation": desk.unit.pk,
            "location": "济阳城区",
            "summary": "改造供热管网 12 公里。",
            "publish_at_0": "",
            "publish_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    project = Project.objects.get()
    assert project.review_state == "draft"
    # Stages are added on the change page once the project exists.
    change = reverse("admin:disclosure_project_change", args=[project.pk])
    assert "项目阶段" in client.get(change).content.decode()
    other = UserFactory(
        organisation=OrganisationFactory(code="zz"), roles=[roles.EDITOR]
    )
    client.force_login(other)
    assert client.get(change).status_code in (302, 404)
    assert (
        project.name
        not in client.get(
            reverse("admin:disclosure_project_changelist")
        ).content.decode()
    )
