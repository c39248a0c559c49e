"""The admin home shows each role its own work; a returned record shows its reason."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.models import ProofRule
from portal.publishing import services
from portal.publishing.selectors import (
    clear_proofreader_cache,
    last_return,
    returned_to_editor,
    review_history,
    review_queue,
)
from requests_app.choices import Channel
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import OrganisationFactory, UserFactory
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_proofreader():
    clear_proofreader_cache()
    yield
    clear_proofreader_cache()


def _returned(desk, reason: str = "请补充政策依据和联系电话。"):
    item = services.submit(
        InformationItemFactory(organisation=desk.unit, author=desk.editor),
        actor=desk.editor,
    )
    return services.send_back(item, actor=desk.first, reason=reason)


def test_an_editor_sees_records_returned_to_them(client, desk) -> None:
    item = _returned(desk)
    client.force_login(desk.editor)
    body = client.get(reverse("admin:index")).content.decode()
    assert 'id="returned-home"' in body
    assert "被退回待修改的信息" in body
    assert "请补充政策依据和联系电话。" in body
    change = reverse("admin:disclosure_informationitem_change", args=[item.pk])
    assert change in body
    # The editor sees no reviewer's queue or handler's list.
    assert 'id="queue-home"' not in body and 'id="requests-home"' not in body


def test_the_return_reason_is_at_the_top_of_the_record(client, desk) -> None:
    item = _returned(desk, "标题中的单位名称有误。")
    client.force_login(desk.editor)
    body = client.get(
        reverse("admin:disclosure_informationitem_change", args=[item.pk])
    ).content.decode()
    assert 'id="return-reason"' in body
    assert body.index("标题中的单位名称有误。") < body.index('name="title"')


def test_resubmitting_clears_the_returned_state(desk) -> None:
    item = _returned(desk)
    assert last_return(item) is not None
    item = services.submit(item, actor=desk.editor)
    assert last_return(item) is None
    assert returned_to_editor(desk.editor) == []


def test_another_editors_returned_record_is_not_listed(desk) -> None:
    _returned(desk)
    colleague = UserFactory(organisation=desk.unit, roles=[roles.EDITOR])
    assert returned_to_editor(colleague) == []
    assert len(returned_to_editor(desk.editor)) == 1


def test_a_reviewer_sees_their_queue_with_blocking_findings(client, desk) -> None:
    ProofRule.objects.create(
        category=ProofRule.Category.FORBIDDEN,
        pattern="某某某",
        note="不得出现占位词",
        severity=ProofRule.Severity.BLOCKER,
    )
    clear_proofreader_cache()
    item = services.submit(
        InformationItemFactory(
            organisation=desk.unit, author=desk.editor, title="关于某某某的通知"
        ),
        actor=desk.editor,
    )
    queue = review_queue(desk.first)
    assert [q.record.pk for q in queue] == [item.pk]
    assert queue[0].blockers == 1
    client.force_login(desk.first)
    home = client.get(reverse("admin:index")).content.decode()
    assert 'id="queue-home"' in home and "1 条严重问题未确认" in home
    assert (
        "1 条严重问题未确认"
        in client.get(reverse("admin:review-queue")).content.decode()
    )
    # The first step's page already says 终审 will refuse it.
    step = client.get(
        reverse("admin:disclosure_informationitem_workflow", args=[item.pk, "approve"])
    ).content.decode()
    assert 'id="open-blockers"' in step and "某某某" in step
    change = client.get(
        reverse("admin:disclosure_informationitem_change", args=[item.pk])
    ).content.decode()
    assert 'id="open-blockers"' in change


def test_a_handler_sees_open_applications_by_days_left(client) -> None:
    unit = OrganisationFactory()
    handler = UserFactory(organisation=unit, roles=[roles.REQUEST_HANDLER])
    now = timezone.now()
    later = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON, now=now)
    sooner = ApplicationFactory(
        organisation=unit,
        channel=Channel.IN_PERSON,
        now=now - datetime.timedelta(days=10),
    )
    foreign = ApplicationFactory(channel=Channel.IN_PERSON, now=now)
    client.force_login(handler)
    body = client.get(reverse("admin:index")).content.decode()
    assert 'id="requests-home"' in body
    assert reverse("requests:staff-dashboard") in body
    assert "依申请公开工作台" in body
    assert body.index(str(sooner)) < body.index(str(later))
    assert str(foreign) not in body
    # A handler is no reviewer: no 审核工作台 of zeros.
    assert 'id="review-dashboard"' not in body and 'id="queue-home"' not in body


def test_admin_home_query_count_is_constant(
    client, desk, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        _returned(desk)
    client.force_login(desk.editor)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admin:index")).status_code == 200


def test_review_history_is_shown_in_local_time(client, desk) -> None:
    # 23:07 UTC is 07:07 the next morning in Asia/Shanghai.
    at = datetime.datetime(2026, 3, 1, 23, 7, tzinfo=datetime.UTC)
    item = services.submit(
        InformationItemFactory(organisation=desk.unit, author=desk.editor),
        actor=desk.editor,
        now=at,
    )
    event = review_history(item)[-1]
    assert str(event).endswith("2026-03-02 07:07")
    client.force_login(desk.first)
    step = client.get(
        reverse("admin:disclosure_informationitem_workflow", args=[item.pk, "approve"])
    ).content.decode()
    assert "2026-03-02 07:07" in step and "23:07" not in step
    change = client.get(
        reverse("admin:disclosure_informationitem_change", args=[item.pk])
    ).content.decode()
    assert "23:07" not in change
