"""The 三审三校 workflow: every transition and refusal, scheduling, withdrawal, revision."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from disclosure.models import InformationItem
from portal import roles
from portal.models import IndexEntry, ProofRule
from portal.publishing import services
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import PublishedVersion, ReviewEvent, ReviewState
from portal.publishing.selectors import (
    clear_proofreader_cache,
    review_history,
    review_queue,
    waiting_counts,
)
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_proofreader():
    clear_proofreader_cache()
    yield
    clear_proofreader_cache()


def _through_review(item, desk):
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first, opinion="同意")
    item = services.approve(item, actor=desk.second, opinion="同意")
    return services.approve(item, actor=desk.final, opinion="同意发布")


def test_it_walks_draft_to_published_recording_every_step(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit)
    item = services.submit(item, actor=desk.editor)
    assert item.review_state == ReviewState.FIRST_REVIEW
    item = services.approve(item, actor=desk.first)
    assert item.review_state == ReviewState.SECOND_REVIEW
    item = services.approve(item, actor=desk.second)
    assert item.review_state == ReviewState.FINAL_REVIEW
    item = services.approve(item, actor=desk.final, opinion="同意发布")
    assert item.review_state == ReviewState.PUBLISHED
    assert item.published_at is not None
    actions = [
        (e.action, e.from_state, e.to_state, e.actor) for e in review_history(item)
    ]
    assert actions == [
        ("submit", "draft", "first_review", desk.editor),
        ("approve", "first_review", "second_review", desk.first),
        ("approve", "second_review", "final_review", desk.second),
        ("approve", "final_review", "final_review", desk.final),
        ("publish", "final_review", "published", desk.final),
    ]
    assert InformationItem.objects.public().filter(pk=item.pk).exists()
    entry = IndexEntry.objects.get(object_id=str(item.pk))
    assert entry.section == "disclosure" and entry.title == item.title


def test_the_author_cannot_review_their_own_record(desk) -> None:
    author = UserFactory(
        organisation=desk.unit, roles=[roles.EDITOR, roles.REVIEW_FIRST]
    )
    item = InformationItemFactory(organisation=desk.unit, author=author)
    item = services.submit(item, actor=author)
    with pytest.raises(PublishingError, match="撰稿人不能审核"):
        services.approve(item, actor=author)
    item.refresh_from_db()
    assert item.review_state == ReviewState.FIRST_REVIEW


def test_one_person_cannot_take_two_steps_of_the_same_record(desk) -> None:
    both = UserFactory(
        organisation=desk.unit, roles=[roles.REVIEW_FIRST, roles.REVIEW_SECOND]
    )
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    item = services.approve(item, actor=both)
    with pytest.raises(PublishingError, match="同一人不能承担"):
        services.approve(item, actor=both)
    assert (
        item.__class__.objects.get(pk=item.pk).review_state == ReviewState.SECOND_REVIEW
    )


def test_a_reviewer_of_another_unit_is_refused(desk) -> None:
    other_unit = OrganisationFactory(code="jtj", name="济阳区教育和体育局")
    outsider = UserFactory(organisation=other_unit, roles=[roles.REVIEW_FIRST])
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    with pytest.raises(PublishingError, match="只能审核本单位"):
        services.approve(item, actor=outsider)


def test_a_user_without_the_step_role_is_refused(desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    with pytest.raises(PublishingError, match="没有“初审”权限"):
        services.approve(item, actor=desk.second)


def test_a_step_in_the_wrong_state_is_refused(desk) -> None:
    item = InformationItemFactory(organisation=desk.unit)
    with pytest.raises(PublishingError, match="不能执行“审核通过”"):
        services.approve(item, actor=desk.first)
    published = _through_review(InformationItemFactory(organisation=desk.unit), desk)
    with pytest.raises(PublishingError, match="不能执行“提交审核”"):
        services.submit(published, actor=desk.editor)


def test_sending_back_needs_a_reason_and_returns_to_draft(desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    item = services.approve(item, actor=desk.first)
    with pytest.raises(PublishingError, match="必须填写理由"):
        services.send_back(item, actor=desk.second, reason="  ")
    item = services.send_back(item, actor=desk.second, reason="数据需核实")
    assert item.review_state == ReviewState.DRAFT
    last = review_history(item)[-1]
    assert (last.action, last.opinion, last.actor) == (
        "return",
        "数据需核实",
        desk.second,
    )
    # After correction the same reviewers review again (a new pass of the same version).
    item = services.submit(item, actor=desk.editor)
    assert item.review_state == ReviewState.FIRST_REVIEW


def test_scheduled_content_publishes_once_at_or_after_its_time(desk) -> None:
    at = timezone.now() + datetime.timedelta(hours=2)
    item = _through_review(
        InformationItemFactory(organisation=desk.unit, publish_at=at), desk
    )
    assert item.review_state == ReviewState.SCHEDULED
    assert not InformationItem.objects.public().filter(pk=item.pk).exists()
    assert not IndexEntry.objects.filter(object_id=str(item.pk)).exists()

    assert services.publish_due(at - datetime.timedelta(seconds=1)) == 0
    assert services.publish_due(at + datetime.timedelta(minutes=5)) == 1
    assert services.publish_due(at + datetime.timedelta(minutes=5)) == 0  # second run
    assert services.publish_due(at + datetime.timedelta(days=1)) == 0  # late run
    item.refresh_from_db()
    assert item.review_state == ReviewState.PUBLISHED
    assert item.published_at >= at
    publishes = [
        e for e in review_history(item) if e.action == ReviewEvent.Action.PUBLISH
    ]
    assert len(publishes) == 1 and publishes[0].actor is None


def test_the_beat_task_is_idempotent(desk) -> None:
    from portal.publishing.tasks import publish_due_task

    at = timezone.now() - datetime.timedelta(minutes=1)
    item = InformationItemFactory(
        organisation=desk.unit,
        publish_at=timezone.now() + datetime.timedelta(seconds=30),
    )
    item = _through_review(item, desk)
    InformationItem.objects.filter(pk=item.pk).update(publish_at=at)
    assert publish_due_task.delay().get() == 1
    assert publish_due_task.delay().get() == 0


def test_withdrawal_needs_a_reason_keeps_the_row_and_leaves_the_index(desk) -> None:
    item = _through_review(InformationItemFactory(organisation=desk.unit), desk)
    with pytest.raises(PublishingError, match="公开说明"):
        services.withdraw(item, actor=desk.final, reason="")
    with pytest.raises(PublishingError, match="只有终审人员"):
        services.withdraw(item, actor=desk.editor, reason="x")
    item = services.withdraw(item, actor=desk.final, reason="数据有误，更正后重新发布")
    assert item.review_state == ReviewState.WITHDRAWN
    assert InformationItem.objects.filter(pk=item.pk).exists()
    assert not InformationItem.objects.public().filter(pk=item.pk).exists()
    assert InformationItem.objects.public_pages().filter(pk=item.pk).exists()
    assert not IndexEntry.objects.filter(object_id=str(item.pk)).exists()


def test_a_revision_goes_through_review_again_and_keeps_versions(desk) -> None:
    item = _through_review(
        InformationItemFactory(organisation=desk.unit, title="原标题"), desk
    )
    item = services.withdraw(item, actor=desk.final, reason="标题有误")
    item = services.start_revision(item, actor=desk.editor)
    assert (item.review_state, item.version) == (ReviewState.DRAFT, 2)
    InformationItem.objects.filter(pk=item.pk).update(title="更正后的标题")
    item.refresh_from_db()
    # The same reviewers may review the new version.
    item = _through_review(item, desk)
    assert item.review_state == ReviewState.PUBLISHED
    versions = list(
        PublishedVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk)
        ).values_list("version", "title", "withdrawal_reason")
    )
    assert versions == [(1, "原标题", "标题有误"), (2, "更正后的标题", "")]
    assert IndexEntry.objects.get(object_id=str(item.pk)).title == "更正后的标题"


def test_findings_block_final_review_until_confirmed(desk) -> None:
    # The starter rule set (a data migration) already flags 济阳县 as blocking.
    assert (
        ProofRule.objects.get(pattern="济阳县").severity == ProofRule.Severity.BLOCKER
    )
    item = InformationItemFactory(
        organisation=desk.unit, body="<p>济阳县人民政府有关情况。</p>"
    )
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)
    with pytest.raises(PublishingError, match="严重校对问题.*济阳县"):
        services.approve(item, actor=desk.final)
    item.refresh_from_db()
    assert item.review_state == ReviewState.FINAL_REVIEW

    from portal.publishing.selectors import open_blockers

    (blocker,) = open_blockers(item)
    with pytest.raises(PublishingError, match="只有终审人员"):
        services.confirm_finding(blocker, actor=desk.second, reason="历史名称")
    with pytest.raises(PublishingError, match="必须填写理由"):
        services.confirm_finding(blocker, actor=desk.final, reason="")
    services.confirm_finding(
        blocker, actor=desk.final, reason="引用的是2018年以前的历史文件名称"
    )
    item = services.approve(item, actor=desk.final)
    assert item.review_state == ReviewState.PUBLISHED
    override = [
        e for e in review_history(item) if e.action == ReviewEvent.Action.OVERRIDE
    ]
    assert override and "历史文件名称" in override[0].opinion


def test_review_queue_and_waiting_counts(desk) -> None:
    waiting = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    InformationItemFactory(organisation=desk.unit)  # a draft waits for nobody
    queue = review_queue(desk.first)
    assert [item.record.pk for item in queue] == [waiting.pk]
    assert review_queue(desk.second) == []
    assert review_queue(desk.editor) == []
    counts = waiting_counts(desk.first)
    assert counts["first_review"] == 1 and counts["second_review"] == 0
