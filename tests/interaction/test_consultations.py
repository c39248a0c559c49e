"""Consultations: publication rule, comments only while open, grouping, moderation,
closing on time, feedback report, overdue list, pages and API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from interaction import selectors_consultations as selectors
from interaction.consultation_rules import Phase
from interaction.models import Comment, Consultation
from interaction.services import consultations as services
from interaction.tasks import close_due_consultations_task
from portal import roles
from portal.publishing import services as publishing
from portal.publishing.exceptions import PublishingError
from tests.conftest import Desk
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db
DRAFT = "第一条 为了规范城区停车管理，制定本办法。\n第二条 本办法适用于城区道路。\n第三条 收费标准另行公布。"


def make_consultation(desk: Desk, *, days_open: int = 10, length: int = 30, **kw):
    today = timezone.localdate()
    data = {
        "organisation": desk.unit,
        "title": "济阳区城区停车管理办法（征求意见稿）",
        "draft_text": DRAFT,
        "explanation": "起草说明……",
        "opens_on": today - datetime.timedelta(days=days_open),
        "closes_on": today
        - datetime.timedelta(days=days_open)
        + datetime.timedelta(days=length - 1),
        "is_major_decision": True,
    }
    data.update(kw)
    consultation = Consultation.objects.create(**data)
    record = publishing.submit(consultation, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    return record


@pytest.fixture
def moderator(desk: Desk):
    return UserFactory(organisation=desk.unit, roles=[roles.INTERACTION_HANDLER])


def test_a_major_decision_needs_30_days_or_a_public_reason(desk: Desk) -> None:
    with pytest.raises(PublishingError, match="不少于30日"):
        make_consultation(desk, length=20)
    assert make_consultation(
        desk, length=20, short_period_reason="汛期前须出台"
    ).is_public


def test_comments_only_while_open(desk: Desk) -> None:
    now = timezone.now()
    open_one = make_consultation(desk)
    services.submit_comment(
        open_one, content="建议第二条增加夜间免费时段。", article=2, now=now
    )
    with pytest.raises(services.ConsultationError, match="共 3 条"):
        services.submit_comment(open_one, content="x", article=9, now=now)
    closed = make_consultation(desk, days_open=40, title="已截止的征集")
    with pytest.raises(services.ConsultationError, match="不在征集期内"):
        services.submit_comment(closed, content="晚了", now=now)
    assert Comment.objects.count() == 1


def test_mass_comments_are_grouped_and_counted(desk: Desk, moderator) -> None:
    c = make_consultation(desk)
    now = timezone.now()
    text = "强烈反对第三条收费标准，停车费太高，请重新论证。"
    first = services.submit_comment(c, content=text, article=3, now=now)
    copies = [
        services.submit_comment(c, content=variant, article=3, now=now)
        for variant in (text, text.replace("，", ", "), text + "！！")
    ]
    other = services.submit_comment(c, content="建议第一条写明依据的上位法。", now=now)
    assert all(copy.group_id == first.pk for copy in copies)
    assert other.group_id is None
    for comment in (first, *copies, other):
        services.approve_comment(comment, actor=moderator, now=now)
    opinions = selectors.approved_opinions(c)
    assert [
        (block.article, [g.copies for g in block.groups]) for block in opinions
    ] == [
        (3, [3]),
        (None, [0]),
    ]


def test_moderation_keeps_reasons_and_counts_rejections_in_public(
    client, desk: Desk, moderator, django_assert_max_num_queries
) -> None:
    c = make_consultation(desk)
    now = timezone.now()
    shown = services.submit_comment(c, content="支持本办法。", name="市民甲", now=now)
    hidden = services.submit_comment(c, content="广告：低价代办停车证", now=now)
    pending = services.submit_comment(c, content="尚未审核的意见", now=now)
    other_unit_staff = UserFactory(roles=[roles.INTERACTION_HANDLER])
    with pytest.raises(services.ConsultationError, match="本单位"):
        services.approve_comment(shown, actor=other_unit_staff, now=now)
    with pytest.raises(services.ConsultationError, match="本单位"):
        services.approve_comment(shown, actor=desk.editor, now=now)
    services.approve_comment(shown, actor=moderator, now=now)
    services.reject_comment(hidden, actor=moderator, reason="irrelevant", now=now)
    hidden.refresh_from_db()
    assert hidden.rejection_reason == "irrelevant" and hidden.moderated_by == moderator
    url = reverse("interaction:consultation-detail", args=[c.pk])
    client.get(url)
    # settings cached; consultation, opinions (copies + groups), rejected, feedback
    with django_assert_max_num_queries(6):
        html = client.get(url).content.decode()
    assert "支持本办法。" in html and "市民甲" in html
    assert "低价代办" not in html and pending.content not in html
    assert "与征集内容无关或广告 1 条" in html
    assert "征集中" in html


def test_closing_on_time_by_the_beat_task(desk: Desk) -> None:
    c = make_consultation(desk, days_open=5, length=20, short_period_reason="紧急")
    assert close_due_consultations_task.delay().get() == {"closed": 0}
    Consultation.objects.filter(pk=c.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert close_due_consultations_task.delay().get() == {"closed": 1}
    assert close_due_consultations_task.delay().get() == {"closed": 0}
    c.refresh_from_db()
    assert c.closed_at is not None
    with pytest.raises(services.ConsultationError):
        services.submit_comment(c, content="晚到的意见", now=timezone.now())


def test_feedback_report_figures_and_overdue_list(
    client, desk: Desk, moderator
) -> None:
    c = make_consultation(desk)
    now = timezone.now()
    a = services.submit_comment(
        c, content="建议第二条增加夜间免费时段。", article=2, now=now
    )
    b = services.submit_comment(
        c, content="建议第二条增加夜间免费时段！", article=2, now=now
    )
    d = services.submit_comment(c, content="第三条收费太高。", article=3, now=now)
    for comment in (a, b, d):
        services.approve_comment(comment, actor=moderator, now=now)
    with pytest.raises(services.ConsultationError, match="截止后"):
        services.prepare_feedback_report(c, actor=moderator, body="说明", now=now)
    Consultation.objects.filter(pk=c.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    services.close_due_consultations(now=now)
    c.refresh_from_db()
    today = timezone.localdate()
    assert list(selectors.consultations_overdue_feedback(today)) == [c]
    services.record_adoption(a, actor=moderator, adoption="adopted", reason="")
    with pytest.raises(services.ConsultationError, match="说明理由"):
        services.record_adoption(d, actor=moderator, adoption="not_adopted", reason="")
    services.record_adoption(
        d, actor=moderator, adoption="not_adopted", reason="按成本核定"
    )
    report = services.prepare_feedback_report(
        c, actor=moderator, body="采纳情况如下。", now=now
    )
    assert report.figures["received"] == 3 and report.figures["distinct"] == 2
    assert report.figures["per_article"]["第2条"]["adopted"] == 2
    assert report.figures["per_article"]["第3条"]["not_adopted"] == 1
    assert selectors.phase_of(selectors.consultation_page(c.pk), today) == Phase.CLOSED
    record = publishing.submit(report, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    assert not selectors.consultations_overdue_feedback(today).exists()
    html = client.get(reverse("interaction:consultation-detail", args=[c.pk])).content
    assert "已反馈" in html.decode() and "按成本核定" in html.decode()


def test_list_page_and_api(client, desk: Desk, django_assert_max_num_queries) -> None:
    c = make_consultation(desk)
    client.get(reverse("interaction:consultation-list"))
    with django_assert_max_num_queries(3):
        html = client.get(reverse("interaction:consultation-list")).content.decode()
    assert c.title in html
    for n in range(5):
        make_consultation(desk, title=f"征集{n}")
    with django_assert_max_num_queries(3):
        client.get(reverse("interaction:consultation-list"))
    api = APIClient()
    listed = api.get("/api/v1/consultations/").json()
    assert listed["count"] == 6 and listed["results"][0]["phase"] == "open"
    detail = api.get(f"/api/v1/consultations/{c.pk}/").json()
    assert "第一条" in detail["draft_text"]
    ok = api.post(
        f"/api/v1/consultations/{c.pk}/comments/",
        {"content": "支持", "contact": "13800000000"},
        format="json",
    )
    assert ok.status_code == 201
    closed = make_consultation(desk, days_open=40, title="已截止")
    refused = api.post(
        f"/api/v1/consultations/{closed.pk}/comments/",
        {"content": "晚了"},
        format="json",
    )
    assert refused.status_code == 409 and "不在征集期内" in refused.content.decode()
    assert (
        "13800000000" not in api.get(f"/api/v1/consultations/{c.pk}/").content.decode()
    )


def test_comment_form_bad_input_keeps_text(client, desk: Desk) -> None:
    c = make_consultation(desk)
    url = reverse("interaction:consultation-detail", args=[c.pk])
    response = client.post(url, {"article": "五", "content": "<b>我的意见</b>"})
    html = response.content.decode()
    assert 'href="#id_article"' in html and 'id="id_article_error"' in html
    assert "&lt;b&gt;我的意见&lt;/b&gt;" in html
    assert not Comment.objects.exists()
    client.post(url, {"article": "2", "content": "好的意见"})
    assert Comment.objects.get().article == 2
