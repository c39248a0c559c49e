"""The 补正 receipt date lies between the 补正 notice and today (issue 8 §5).

条例第三十条: the reply period runs afresh from the day the correction is received; a
date before the notice or in the future would move the statutory deadline.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from requests_app import services
from requests_app.choices import Channel
from requests_app.models import Application
from requests_app.workflow import EventKind, Status
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def awaiting_correction(unit, handler, now: datetime.datetime) -> Application:  # type: ignore[no-untyped-def]
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=now
    )
    services.issue_correction_notice(
        application,
        actor=handler,
        items=["请明确所需信息的文号"],
        applicant_due=timezone.localtime(now).date() + datetime.timedelta(days=15),
        now=now + datetime.timedelta(days=2),
    )
    assert application.status == Status.AWAITING_CORRECTION
    return application


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        (datetime.date(2025, 1, 1), "不能早于发出补正通知的日期（2025年09月28日）"),
        (datetime.date(2025, 9, 27), "不能早于发出补正通知的日期"),
        (datetime.date(2030, 1, 1), "不能晚于今天（2025年10月09日）"),
        (datetime.date(2025, 10, 10), "不能晚于今天"),
    ],
)
def test_the_service_refuses_dates_outside_notice_to_today(
    unit, handler, received_on, message
) -> None:
    application = awaiting_correction(unit, handler, at(2025, 9, 26))
    with pytest.raises(ValidationError, match=message):
        services.receive_correction(
            application, actor=handler, received_on=received_on, now=at(2025, 10, 9)
        )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert not application.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()


@pytest.mark.parametrize(
    "received_on", [datetime.date(2025, 9, 28), datetime.date(2025, 10, 9)]
)
def test_the_notice_day_and_today_are_accepted(unit, handler, received_on) -> None:
    application = awaiting_correction(unit, handler, at(2025, 9, 26))
    services.receive_correction(
        application, actor=handler, received_on=received_on, now=at(2025, 10, 9)
    )
    assert application.status == Status.REVIEWING
    assert application.events.get(kind=EventKind.CORRECTION_RECEIVED).on == received_on


def test_the_page_refuses_in_chinese_and_keeps_the_input(client, unit, handler) -> None:
    application = awaiting_correction(
        unit, handler, timezone.now() - datetime.timedelta(days=3)
    )
    client.force_login(handler)
    url = reverse("requests:staff-action", args=[application.pk, "correction_received"])
    for typed in ("2025-01-01", "2099-12-31"):
        response = client.post(
            url, {"received_on": typed, "description": "补正后：济阳政发〔2024〕1号"}
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert "收到补正的日期不能" in body
        assert f'value="{typed}"' in body
        assert "补正后：济阳政发〔2024〕1号" in body
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert "补正后" not in application.description
