"""Interviews, meeting attendance, commitments, analysis and the hotline import."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interaction.models import (
    Commitment,
    ExecutiveMeeting,
    HotlineRecord,
    Interview,
    InterviewQuestion,
    MeetingAttendee,
)
from interaction.services import programme as services
from portal import roles
from portal.publishing import services as publishing
from tests.conftest import Desk
from tests.interaction.conftest import Cast, write_letter
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _publish(record, desk: Desk):
    record = publishing.submit(record, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    return record


@pytest.fixture
def handler(desk: Desk):
    return UserFactory(organisation=desk.unit, roles=[roles.INTERACTION_HANDLER])


def make_interview(desk: Desk, days: int = 3, **kw) -> Interview:
    data = {
        "organisation": desk.unit,
        "title": "就业创业政策在线访谈",
        "guests": "区人社局局长",
        "scheduled_at": timezone.now() + datetime.timedelta(days=days),
    }
    data.update(kw)
    return _publish(Interview.objects.create(**data), desk)


def test_questions_in_advance_and_answers_in_the_archive(
    client, desk: Desk, handler, django_assert_max_num_queries
) -> None:
    interview = make_interview(desk)
    url = reverse("interaction:interview-detail", args=[interview.pk])
    html = client.post(url, {"content": "灵活就业人员社保补贴怎么申请？"}).content
    assert "问题已提交" in html.decode()
    question = InterviewQuestion.objects.get()
    other = UserFactory(roles=[roles.INTERACTION_HANDLER])
    with pytest.raises(services.ProgrammeError):
        services.answer_question(question, actor=other, answer="越权")
    services.answer_question(question, actor=handler, answer="可在网上办理。")
    client.get(url)
    with django_assert_max_num_queries(3):
        html = client.get(url).content.decode()
    assert "可在网上办理。" in html
    held = make_interview(desk, days=-1, title="已结束的访谈")
    with pytest.raises(services.ProgrammeError, match="不再接收"):
        services.ask_question(held, content="晚了", now=timezone.now())
    with django_assert_max_num_queries(3):
        listing = client.get(reverse("interaction:interview-list")).content.decode()
    assert "已结束的访谈" in listing


def test_meeting_published_with_opinions_and_adoption(
    client, desk: Desk, django_assert_max_num_queries
) -> None:
    meeting = ExecutiveMeeting.objects.create(
        organisation=desk.unit,
        title="区政府第12次常务会议",
        held_on=timezone.localdate(),
        topics="研究老旧小区改造实施方案",
    )
    MeetingAttendee.objects.create(
        meeting=meeting,
        kind="public",
        name="王代表",
        opinion="建议加装电梯",
        adoption="adopted",
    )
    url = reverse("interaction:meeting-detail", args=[meeting.pk])
    assert client.get(url).status_code == 404  # not yet published
    _publish(meeting, desk)
    client.get(url)
    with django_assert_max_num_queries(3):
        html = client.get(url).content.decode()
    assert "建议加装电梯" in html and "采纳" in html


def test_commitments_show_progress_and_delay(
    client, cast: Cast, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    commitment = Commitment.objects.create(
        organisation=cast.unit,
        year=today.year,
        title="完成20个老旧小区改造",
        deadline=today - datetime.timedelta(days=1),
        is_published=True,
    )
    Commitment.objects.create(
        organisation=cast.unit,
        year=today.year,
        title="未公开事项",
        deadline=today,
    )
    with pytest.raises(services.ProgrammeError):
        services.report_progress(
            commitment,
            actor=cast.other_handler,
            percent=10,
            text="x",
            reported_on=today,
        )
    services.report_progress(
        commitment, actor=cast.handler, percent=60, text="已完成12个", reported_on=today
    )
    client.get(reverse("interaction:commitment-list"))
    with django_assert_max_num_queries(4):
        html = client.get(reverse("interaction:commitment-list")).content.decode()
    assert "已完成12个" in html and "滞后" in html and "未公开事项" not in html
    assert (
        client.get(
            reverse("interaction:commitment-list"), {"year": "２０２４"}
        ).status_code
        == 200
    )


CSV = (
    "来源,工单号,受理日期,问题分类,诉求内容,承办单位\n"
    "12345,R1,{d},供暖,供暖不热,区住建局\n"
    "12345,R2,{d},供暖,暖气不热,区住建局\n"
    "12345,R3,bad-date,医保,报销,区医保局\n"
)


def test_hotline_import_reports_rows_and_is_office_only(client, cast: Cast) -> None:
    text = CSV.format(d=timezone.localdate().isoformat())
    url = reverse("interaction:hotline-import")
    client.force_login(cast.handler)
    assert client.get(url).status_code == 403
    client.force_login(cast.admin)
    upload = SimpleUploadedFile("h.csv", text.encode("utf-8-sig"), "text/csv")
    html = client.post(url, {"file": upload}).content.decode()
    assert "已导入 2 条" in html and "第 4 行" in html
    upload = SimpleUploadedFile("h.csv", text.encode("gb18030"), "text/csv")
    html = client.post(url, {"file": upload}).content.decode()
    assert "已导入 0 条，重复 2 条" in html
    assert HotlineRecord.objects.count() == 2


def test_analysis_groups_sources_and_flags_topics_without_policy(
    client, cast: Cast
) -> None:
    write_letter(now=timezone.now(), subject="供暖温度不达标")
    services.import_hotline_csv(CSV.format(d=timezone.localdate().isoformat()))
    url = reverse("interaction:analysis")
    client.force_login(cast.editor)
    assert client.get(url).status_code == 403
    client.force_login(cast.other_handler)
    html = client.get(url).content.decode()
    assert "供暖" in html and "暂无对应政策或解读" in html
    assert "区住建局" in html
    bad = client.get(url, {"start": "2024-05-01", "end": "2024-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in bad
    client.logout()
    assert client.get(url).status_code == 302
