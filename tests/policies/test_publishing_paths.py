"""Every path that publishes or shows a policy record asks the same questions: the
content is locked outside 草稿, an interpretation never goes public before its
document, detail pages follow the list rule, 三同步 rests on data that cannot be
missing, and the workflow URLs are guarded like the change page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from policies import services
from policies.models import (
    Attachment,
    Audience,
    Document,
    DocumentIssuer,
    DocumentRelation,
    Interpretation,
)
from portal import roles
from portal.models import IndexEntry, Organisation
from portal.publishing import services as publishing
from portal.publishing.exceptions import ContentLocked, PublishingError
from portal.publishing.models import ReviewState
from tests.policies.factories import (
    DocumentFactory,
    InterpretationFactory,
    publish,
    review,
)
from tests.portal.factories import OrganisationFactory, UserFactory, management_forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Organisation:
    return OrganisationFactory(
        name="济南市济阳区人民政府办公室", code="office", kind=Organisation.Kind.OFFICE
    )


def _public_paths(client, text: str) -> dict[str, bool]:
    """Where ``text`` shows on the public site."""
    pages = {
        "search": client.get("/search/", {"q": text[:6]}),
        "home": client.get("/"),
        "feed": client.get("/feed/"),
        "sitemap": client.get("/sitemap-content.xml"),
        "interpretations": client.get("/policies/interpretations/"),
    }
    return {name: text in page.content.decode() for name, page in pages.items()}


# --- published content is locked -------------------------------------------------------


def test_a_published_documents_attachments_and_issuers_cannot_change_in_admin(
    client, desk, office
) -> None:
    document = publish(DocumentFactory(organisation=desk.unit), desk)
    page = reverse("admin:policies_document_change", args=[document.pk])
    client.force_login(desk.editor)
    shown = client.get(page)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert 'name="attachments-0-title"' not in html
    assert 'name="documentissuer_set-1-organisation"' not in html
    assert "/workflow/approve/" not in html  # no review step for the editor here
    assert "/workflow/revise/" in html  # but 修订 is
    data = {
        **management_forms(shown),
        "title": document.title,
        "organisation": desk.unit.pk,
        "written_date": "2024-03-01",
        "documentissuer_set-TOTAL_FORMS": "2",
        "documentissuer_set-INITIAL_FORMS": "1",
        "documentissuer_set-0-id": document.documentissuer_set.get().pk,
        "documentissuer_set-0-document": document.pk,
        "documentissuer_set-0-organisation": desk.unit.pk,
        "documentissuer_set-0-order": "0",
        "documentissuer_set-1-organisation": office.pk,
        "documentissuer_set-1-order": "1",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-title": "偷偷加的附件",
        "attachments-0-sort_order": "0",
        "attachments-0-file": SimpleUploadedFile(
            "a.pdf", b"%PDF-1.7\n1 0 obj\n", "application/pdf"
        ),
    }
    response = client.post(page, data)
    assert response.status_code == 403
    assert document.attachments.count() == 0
    assert list(document.issuers.all()) == [desk.unit]


def test_the_models_and_services_refuse_content_changes_outside_draft(
    desk, office
) -> None:
    document = publish(DocumentFactory(organisation=desk.unit), desk)
    with pytest.raises(ContentLocked):
        services.set_issuers(document, [office])
    with pytest.raises(ContentLocked):
        DocumentIssuer.objects.create(document=document, organisation=office, order=1)
    with pytest.raises(ContentLocked):
        Attachment.objects.create(document=document, title="附件", file="x.pdf")
    with pytest.raises(ContentLocked):
        document.documentissuer_set.get().delete()
    audience = Audience.objects.first()
    # The related manager writes inside its own atomic block without a savepoint.
    with pytest.raises(ContentLocked), transaction.atomic():
        document.audiences.add(audience)
    with pytest.raises(ContentLocked), transaction.atomic():
        audience.documents.add(document)
    assert not document.audiences.exists()
    document.title = "不经审核的新标题"
    with pytest.raises(ContentLocked):
        services.save_document(
            document, actor=desk.editor, today=datetime.date(2024, 6, 1)
        )
    document.refresh_from_db()
    assert document.title != "不经审核的新标题"
    assert list(document.issuers.all()) == [desk.unit]
    # Through 修订 the change is possible again, and goes through a new review.
    document = publishing.start_revision(document, actor=desk.editor)
    services.set_issuers(document, [desk.unit, office])
    assert document.issuers.count() == 2


# --- 三同步 ----------------------------------------------------------------------------


def test_a_document_without_issuers_cannot_be_submitted(desk) -> None:
    document = DocumentFactory(organisation=desk.unit, issuers=[])
    with pytest.raises(PublishingError, match="发文机关"):
        publishing.submit(document, actor=desk.editor)
    document.refresh_from_db()
    assert document.review_state == ReviewState.DRAFT


# --- interpretations ---------------------------------------------------------------------


def test_the_sweep_does_not_publish_an_interpretation_before_its_document(
    client, desk, office
) -> None:
    document = DocumentFactory(
        organisation=desk.unit,
        issuers=[office],
        needs_interpretation=True,
        title="济阳区人民政府办公室关于稳就业的草稿文件",
    )
    soon = timezone.now() + datetime.timedelta(minutes=5)
    interpretation = publish(
        InterpretationFactory(
            document=document, title="尚未发布文件的定时解读", publish_at=soon
        ),
        desk,
    )
    assert interpretation.review_state == ReviewState.SCHEDULED

    later = soon + datetime.timedelta(hours=1)
    assert publishing.publish_due(later) == 0
    interpretation.refresh_from_db()
    assert interpretation.review_state == ReviewState.SCHEDULED
    assert not IndexEntry.objects.exists()
    assert not any(_public_paths(client, "尚未发布文件的定时解读").values())
    detail = client.get(f"/policies/interpretations/{interpretation.pk}/")
    assert detail.status_code == 404
    assert "稳就业的草稿文件" not in detail.content.decode()

    # The document's publication releases it (its time has passed).
    document = review(document, desk)
    assert services.approve_document(document, actor=desk.final, now=later) is None
    interpretation.refresh_from_db()
    assert interpretation.review_state == ReviewState.PUBLISHED
    assert interpretation.published_at == later


def test_the_sweep_rechecks_three_sync_for_a_scheduled_document(desk, office) -> None:
    document = DocumentFactory(
        organisation=desk.unit,
        issuers=[office],
        needs_interpretation=True,
        publish_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    interpretation = publish(InterpretationFactory(document=document), desk)
    document = review(document, desk)
    assert (
        services.approve_document(document, actor=desk.final, now=timezone.now())
        is None
    )
    document.refresh_from_db()
    assert document.review_state == ReviewState.SCHEDULED
    # The interpretation is taken back before the document's time comes.
    publishing.send_back(interpretation, actor=desk.final, reason="解读需重写")
    assert publishing.publish_due(timezone.now() + datetime.timedelta(hours=1)) == 0
    document.refresh_from_db()
    assert document.review_state == ReviewState.SCHEDULED
    assert not Document.objects.public().exists()


def test_an_interpretation_of_a_withdrawn_document_is_closed(client, desk) -> None:
    document = DocumentFactory(organisation=desk.unit)
    interpretation = publish(InterpretationFactory(document=document), desk)
    publish(document, desk)
    interpretation.refresh_from_db()
    url = f"/policies/interpretations/{interpretation.pk}/"
    assert client.get(url).status_code == 200
    publishing.withdraw(document, actor=desk.final, reason="文件调整")
    assert client.get(url).status_code == 404


def test_another_units_document_cannot_receive_an_interpretation(client, desk) -> None:
    education = OrganisationFactory(code="jyj", name="济阳区教育和体育局")
    edu_editor = UserFactory(organisation=education, roles=[roles.EDITOR])
    theirs = DocumentFactory(organisation=desk.unit)
    with pytest.raises(ValidationError, match="本单位"):
        services.save_interpretation(
            Interpretation(document=theirs, organisation=education, title="越权解读"),
            actor=edu_editor,
        )
    client.force_login(edu_editor)
    add = reverse("admin:policies_interpretation_add")
    response = client.post(
        add,
        {
            **management_forms(client.get(add)),
            "document": theirs.pk,
            "title": "越权解读",
            "organisation": education.pk,
            "form": "text",
            "signer_kind": "department",
            "body": "<p>解读</p>",
        },
    )
    assert response.status_code == 200
    assert "越权解读" in response.content.decode()  # what was typed is kept
    assert not Interpretation.objects.exists()
    # A document it issued jointly is allowed.
    joint = DocumentFactory(organisation=desk.unit, issuers=[desk.unit, education])
    services.save_interpretation(
        Interpretation(document=joint, organisation=education, title="联合发文解读"),
        actor=edu_editor,
    )


# --- workflow URLs and buttons -----------------------------------------------------------


def test_workflow_urls_check_the_change_page_permission(client, desk) -> None:
    document = DocumentFactory(organisation=desk.unit, title="不应泄露的草稿标题")
    handler = UserFactory(organisation=desk.unit, roles=[roles.REQUEST_HANDLER])
    client.force_login(handler)
    change = reverse("admin:policies_document_change", args=[document.pk])
    assert client.get(change).status_code == 403
    for action in ("approve", "submit", "send_back", "withdraw", "revise"):
        url = reverse("admin:policies_document_workflow", args=[document.pk, action])
        response = client.get(url)
        assert response.status_code == 403, action
        assert "不应泄露的草稿标题" not in response.content.decode()
    outsider = UserFactory(roles=[roles.EDITOR, roles.REVIEW_FIRST])
    client.force_login(outsider)
    url = reverse("admin:policies_document_workflow", args=[document.pk, "approve"])
    response = client.get(url)
    assert response.status_code == 302
    assert "不应泄露的草稿标题" not in response.content.decode()


def test_the_admin_offers_only_the_steps_the_user_may_take(client, desk) -> None:
    document = publishing.submit(
        DocumentFactory(organisation=desk.unit, author=desk.editor), actor=desk.editor
    )
    change = reverse("admin:policies_document_change", args=[document.pk])
    workflow = f"/admin/policies/document/{document.pk}/workflow/"

    client.force_login(desk.first)
    html = client.get(change).content.decode()
    assert f"{workflow}approve/" in html and f"{workflow}send_back/" in html
    assert f"{workflow}submit/" not in html and f"{workflow}withdraw/" not in html

    for user in (desk.editor, desk.second, desk.final):
        client.force_login(user)
        html = client.get(change).content.decode()
        assert f"{workflow}approve/" not in html, user

    # Opened anyway, the step says who is needed, and keeps what was typed.
    client.force_login(desk.second)
    page = client.get(f"{workflow}approve/").content.decode()
    assert "请由本单位持有“初审”角色的人员处理" in page
    response = client.post(f"{workflow}approve/", {"text": "复审意见草稿"})
    body = response.content.decode()
    assert "持有“初审”角色" in body and "复审意见草稿" in body


# --- relations are scoped like documents ------------------------------------------------


def test_relations_are_scoped_like_documents(client, desk) -> None:
    other = OrganisationFactory(code="jtj", name="济阳区交通运输局")
    mine_old = publish(
        DocumentFactory(organisation=desk.unit, title="本单位旧文件"), desk
    )
    mine_new = publish(
        DocumentFactory(organisation=desk.unit, title="本单位新文件"), desk
    )
    theirs_old = DocumentFactory(organisation=other, title="外单位旧文件")
    theirs_new = DocumentFactory(organisation=other, title="外单位新文件")
    today = datetime.date(2024, 6, 1)
    now = timezone.now()
    services.record_relation(
        mine_new, mine_old, "related", actor=None, effective_on=today, now=now
    )
    services.record_relation(
        theirs_new, theirs_old, "related", actor=None, effective_on=today, now=now
    )
    assert DocumentRelation.objects.count() == 2
    client.force_login(desk.editor)
    listing = client.get("/admin/policies/documentrelation/").content.decode()
    assert "本单位新文件" in listing
    assert "外单位新文件" not in listing
    theirs = DocumentRelation.objects.get(source=theirs_new)
    page = client.get(f"/admin/policies/documentrelation/{theirs.pk}/change/")
    assert page.status_code == 302  # out of scope: not found
