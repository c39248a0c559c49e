"""三同步 through the real publishing services: a 区政府/区政府办公室 policy document
that needs an interpretation cannot pass 终审 without a reviewed one, is returned (退文)
with the reason recorded, and is published at the same moment as its interpretation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from policies import services
from policies.models import Document, DocumentReturn, Interpretation
from portal.models import IndexEntry, Organisation
from portal.publishing import services as publishing
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import ReviewEvent, ReviewState
from tests.policies.factories import (
    DocumentFactory,
    InterpretationFactory,
    publish,
    review,
)
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office() -> Organisation:
    return OrganisationFactory(
        name="济南市济阳区人民政府办公室", code="office", kind=Organisation.Kind.OFFICE
    )


@pytest.fixture
def policy(desk, office) -> Document:
    return DocumentFactory(
        organisation=desk.unit,
        issuers=[office, desk.unit],
        needs_interpretation=True,
        title="济阳区人民政府办公室关于进一步稳定和扩大就业的若干措施",
    )


def test_the_shared_mechanism_refuses_final_review_without_an_interpretation(
    desk, policy
) -> None:
    policy = review(policy, desk)
    with pytest.raises(PublishingError, match="三同步"):
        publishing.approve(policy, actor=desk.final)
    policy.refresh_from_db()
    assert policy.review_state == ReviewState.FINAL_REVIEW
    assert not Document.objects.public().exists()


def test_a_submission_without_interpretation_is_returned_with_a_recorded_reason(
    desk, policy
) -> None:
    policy = review(policy, desk)
    returned = services.approve_document(policy, actor=desk.final, now=timezone.now())
    assert returned is not None
    assert "三同步" in returned.reason
    assert returned.organisation == desk.unit
    policy.refresh_from_db()
    assert policy.review_state == ReviewState.DRAFT
    last = (
        ReviewEvent.objects.filter(object_id=str(policy.pk)).order_by("at", "id").last()
    )
    assert last.action == ReviewEvent.Action.RETURN and "三同步" in last.opinion
    assert not IndexEntry.objects.filter(section="policies").exists()


def test_the_document_and_its_interpretation_are_published_at_the_same_moment(
    desk, policy
) -> None:
    interpretation = InterpretationFactory(document=policy, signer_kind="leader")
    interpretation = publish(interpretation, desk)
    # Approved, but held until its policy is published.
    assert interpretation.review_state == ReviewState.SCHEDULED
    assert not Interpretation.objects.public().exists()

    policy = review(policy, desk)
    assert (
        services.approve_document(policy, actor=desk.final, now=timezone.now()) is None
    )
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert policy.review_state == interpretation.review_state == ReviewState.PUBLISHED
    assert policy.published_at == interpretation.published_at
    assert set(IndexEntry.objects.values_list("section", flat=True)) == {
        "policies",
        "interpretations",
    }


def test_withdrawing_a_document_takes_its_interpretations_out_of_search(
    client, desk, policy
) -> None:
    interpretation = publish(
        InterpretationFactory(document=policy, signer_kind="leader"), desk
    )
    policy = review(policy, desk)
    services.approve_document(policy, actor=desk.final, now=timezone.now())
    policy.refresh_from_db()
    interpretation.refresh_from_db()
    assert IndexEntry.objects.filter(section="interpretations").count() == 1

    publishing.withdraw(policy, actor=desk.final, reason="文件内容调整")
    assert not IndexEntry.objects.exists()
    search = client.get("/search/", {"q": interpretation.title[:6]}).content.decode()
    assert interpretation.title not in search

    # Revised and published again, the document brings its interpretation back.
    policy = publishing.start_revision(policy, actor=desk.editor)
    policy = review(policy, desk)
    services.approve_document(policy, actor=desk.final, now=timezone.now())
    assert IndexEntry.objects.filter(section="interpretations").count() == 1


def test_documents_of_a_department_are_not_held_by_three_sync(desk) -> None:
    document = DocumentFactory(organisation=desk.unit, needs_interpretation=True)
    document = publish(document, desk)
    assert document.review_state == ReviewState.PUBLISHED


def test_the_admin_final_review_button_records_the_return(client, desk, policy) -> None:
    policy = review(policy, desk)
    client.force_login(desk.final)
    url = reverse("admin:policies_document_workflow", args=[policy.pk, "approve"])
    response = client.post(url, {"text": "同意"})
    assert response.status_code == 200
    assert "已退文" in response.content.decode()
    assert DocumentReturn.objects.filter(document=policy).count() == 1
