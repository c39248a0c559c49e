"""Review rounds, who may review what they changed, and ``now`` passed in."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from disclosure.models import InformationItem
from portal import roles
from portal.publishing import services
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import ReviewState
from portal.publishing.selectors import clear_proofreader_cache, review_history
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import UserFactory, management_forms

pytestmark = pytest.mark.django_db
AT = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_proofreader():
    clear_proofreader_cache()
    yield
    clear_proofreader_cache()


def test_a_returned_record_is_republished_with_one_reviewer_per_step(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit, title="退回后重新发布")
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)
    item = services.send_back(item, actor=desk.final, reason="数据需核实")
    assert item.review_state == ReviewState.DRAFT
    InformationItem.objects.filter(pk=item.pk).update(summary="已核实")
    item.refresh_from_db()

    # A new round: the same three reviewers each take their own step again.
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)
    item = services.approve(item, actor=desk.final)
    assert item.review_state == ReviewState.PUBLISHED
    steps = [(e.round, e.action, e.actor) for e in review_history(item)]
    assert steps == [
        (1, "submit", desk.editor),
        (1, "approve", desk.first),
        (1, "approve", desk.second),
        (1, "return", desk.final),
        (2, "submit", desk.editor),
        (2, "approve", desk.first),
        (2, "approve", desk.second),
        (2, "approve", desk.final),
        (2, "publish", desk.final),
    ]


def test_no_one_takes_two_steps_within_a_round(desk) -> None:
    both = UserFactory(
        organisation=desk.unit, roles=[roles.REVIEW_FIRST, roles.REVIEW_SECOND]
    )
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    item = services.approve(item, actor=both)
    item = services.send_back(item, actor=desk.second, reason="请补充")
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=both)  # a new round: allowed again
    with pytest.raises(PublishingError, match="同一人不能承担.*请由本单位其他复审"):
        services.approve(item, actor=both)


def test_whoever_changed_the_draft_may_not_review_it(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit, author=desk.editor)
    services.record_edit(item, actor=desk.first)  # review1 edits the title
    item = services.submit(item, actor=desk.editor)
    with pytest.raises(PublishingError, match="修改过本稿内容的人不能审核"):
        services.approve(item, actor=desk.first)
    item.refresh_from_db()
    assert item.review_state == ReviewState.FIRST_REVIEW


def test_an_edit_in_the_admin_is_recorded_and_bars_the_editor_from_review(
    client, desk
) -> None:
    from policies.models import Document
    from tests.policies.factories import DocumentFactory

    document = DocumentFactory(
        organisation=desk.unit, title="原标题", author=desk.editor
    )
    client.force_login(desk.first)  # 初审 staff hold policies.change_document
    page = reverse("admin:policies_document_change", args=[document.pk])
    form = {
        "title": "初审人员改过的标题",
        "doc_number": document.doc_number,
        "organisation": desk.unit.pk,
        "doc_type": document.doc_type,
        "topic": document.topic,
        "written_date": "2024-03-01",
        "body": document.body,
        "documentissuer_set-TOTAL_FORMS": "1",
        "documentissuer_set-INITIAL_FORMS": "1",
        "documentissuer_set-0-id": document.documentissuer_set.get().pk,
        "documentissuer_set-0-document": document.pk,
        "documentissuer_set-0-organisation": desk.unit.pk,
        "documentissuer_set-0-order": "0",
    }
    response = client.post(page, {**management_forms(client.get(page)), **form})
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(pk=document.pk)
    assert document.title == "初审人员改过的标题"
    document = services.submit(document, actor=desk.editor)
    with pytest.raises(PublishingError, match="修改过本稿内容"):
        services.approve(document, actor=desk.first)
    # Saving without a change records nothing: the second reviewer stays eligible.
    assert [e.action for e in review_history(document)] == ["edit", "submit"]


def test_services_take_now_from_the_caller(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit)
    item = services.submit(item, actor=desk.editor, now=AT)
    item = services.approve(item, actor=desk.first, now=AT)
    item = services.approve(item, actor=desk.second, now=AT)
    item = services.approve(item, actor=desk.final, now=AT)
    assert item.published_at == AT
    assert {e.at for e in review_history(item)} == {AT}
    item = services.withdraw(item, actor=desk.final, reason="更正", now=AT)
    assert item.withdrawn_at == AT


def test_the_review_queue_lists_only_records_the_user_may_review(
    desk, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.publishing.selectors import review_queue

    edited = InformationItemFactory(organisation=desk.unit, author=desk.editor)
    services.record_edit(edited, actor=desk.first)
    services.submit(edited, actor=desk.editor)

    def add_waiting(n: int) -> list:
        return [
            services.submit(
                InformationItemFactory(organisation=desk.unit), actor=desk.editor
            )
            for _ in range(n)
        ]

    waiting = add_waiting(1)
    review_queue(desk.first)  # content types and roles are cached after the first
    # A fixed number of queries per publishable model, whatever the number of rows.
    with CaptureQueriesContext(connection) as few:
        review_queue(desk.first)
    waiting += add_waiting(3)
    with django_assert_num_queries(len(few.captured_queries)):
        queue = review_queue(desk.first)
    assert {item.record.pk for item in queue} == {w.pk for w in waiting}
