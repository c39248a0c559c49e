"""Consultation and interview figures for the annual reports (国办函〔2018〕12号)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from interaction import selectors
from interaction.models import (
    Comment,
    Consultation,
    FeedbackReport,
    Interview,
    InterviewQuestion,
)
from interaction.models.consultations import CommentStatus
from interaction.models.programme import QuestionStatus
from portal.publishing import services as publishing
from tests.conftest import Desk
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _publish(record, desk: Desk):
    record = publishing.submit(record, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    return record


def _consultation(desk: Desk, opens_on: datetime.date, *, publish: bool = True):
    consultation = Consultation.objects.create(
        organisation=desk.unit,
        title="停车管理办法（征求意见稿）",
        draft_text="第一条 为了规范停车管理，制定本办法。",
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=30),
    )
    return _publish(consultation, desk) if publish else consultation


def _comment(consultation, status: str = CommentStatus.APPROVED) -> Comment:
    return Comment.objects.create(
        consultation=consultation,
        content="建议增加车位。",
        submitted_at=timezone.now(),
        fingerprint="x",
        status=status,
        rejection_reason="" if status == CommentStatus.APPROVED else "abusive",
    )


def test_consultation_statistics(desk: Desk, django_assert_num_queries) -> None:
    held = _consultation(desk, D(2024, 3, 1))
    _comment(held)
    _comment(held, CommentStatus.REJECTED)  # received, even if not shown
    other = _consultation(desk, D(2024, 6, 1))
    _comment(other)
    _publish(
        FeedbackReport.objects.create(
            organisation=desk.unit, consultation=held, title="采纳情况", body="……"
        ),
        desk,
    )
    _consultation(desk, D(2023, 6, 1))  # another year
    _comment(_consultation(desk, D(2024, 7, 1), publish=False))  # never published
    with django_assert_num_queries(1):
        stats = selectors.consultation_statistics(2024)
    assert (stats.held, stats.comments, stats.results_published) == (2, 3, 1)
    elsewhere = OrganisationFactory()
    assert selectors.consultation_statistics(2024, elsewhere).held == 0
    assert selectors.consultation_statistics(2024, desk.unit).comments == 3


def test_interview_statistics(desk: Desk, django_assert_num_queries) -> None:
    def interview(when: datetime.datetime) -> Interview:
        return _publish(
            Interview.objects.create(
                organisation=desk.unit,
                title="就业创业政策在线访谈",
                guests="区人社局局长",
                scheduled_at=when,
            ),
            desk,
        )

    first = interview(datetime.datetime(2024, 5, 8, 2, tzinfo=datetime.UTC))
    interview(datetime.datetime(2024, 9, 8, 2, tzinfo=datetime.UTC))
    interview(datetime.datetime(2023, 9, 8, 2, tzinfo=datetime.UTC))
    for status in (QuestionStatus.ANSWERED, QuestionStatus.PENDING):
        InterviewQuestion.objects.create(
            interview=first,
            content="社保补贴怎么申请？",
            submitted_at=timezone.now(),
            status=status,
        )
    with django_assert_num_queries(1):
        stats = selectors.interview_statistics(2024)
    assert (stats.held, stats.questions, stats.answered) == (2, 2, 1)
    assert selectors.interview_statistics(2024, OrganisationFactory()).held == 0
