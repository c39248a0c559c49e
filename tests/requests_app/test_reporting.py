"""Annual-report counts (section 三/四) and the projection check command."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from requests_app import services
from requests_app.choices import Channel, ReplyReason, ReplyType
from requests_app.fees import FeeMethod
from requests_app.models import Application
from requests_app.selectors import annual_report_counts
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory, LegalApplicationFactory

pytestmark = pytest.mark.django_db


def reply(application, handler, when, reply_type, reason="") -> None:
    services.send_reply(
        application,
        actor=handler,
        reply_type=reply_type,
        reason=reason,
        body="答复",
        delivery_method="email",
        now=when,
    )


def test_annual_counts_balance_per_column(unit, handler, office_admin) -> None:
    carried = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2024, 12, 20)
    )
    services.accept_application(carried, actor=handler, now=at(2024, 12, 20, 11))
    reply(carried, handler, at(2025, 1, 10), ReplyType.PARTIAL)
    a = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.start_review(a, actor=handler, now=at(2025, 3, 3, 11))
    reply(
        a,
        handler,
        at(2025, 3, 4),
        ReplyType.NOT_PROCESSED,
        ReplyReason.NOT_PROCESSED_REPEAT,
    )
    company = LegalApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 12, 29)
    )
    services.accept_application(company, actor=handler, now=at(2025, 12, 29, 11))
    fee_payer = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 5, 6)
    )
    services.accept_application(fee_payer, actor=handler, now=at(2025, 5, 6, 11))
    services.issue_fee_notice(
        fee_payer,
        actor=handler,
        method=FeeMethod.BY_VOLUME,
        quantity=40,
        now=at(2025, 5, 7),
    )
    services.record_payment(
        fee_payer, actor=handler, paid_on=datetime.date(2025, 5, 8), now=at(2025, 5, 8)
    )
    reply(fee_payer, handler, at(2025, 5, 9), ReplyType.DISCLOSED)
    services.record_review_outcome(
        a, actor=handler, proceeding="review", filed_on=datetime.date(2025, 4, 1)
    )
    counts = annual_report_counts(office_admin, 2025)
    assert counts.new_received["natural"] == 2 and counts.new_received["business"] == 1
    assert counts.carried_in["natural"] == 1
    assert counts.results["partial"]["natural"] == 1
    assert counts.results["not_processed_repeat"]["natural"] == 1
    assert counts.results["disclosed"]["natural"] == 1
    assert counts.carried_forward["business"] == 1
    assert counts.reviews == {"review": {"pending": 1}}
    assert counts.fees_collected == 100
    # Official balancing rule: 一 + 二 = 总计 + 四, per column.
    for column in counts.new_received:
        total = sum(row[column] for row in counts.results.values())
        assert (
            counts.new_received[column] + counts.carried_in[column]
            == total + counts.carried_forward[column]
        )


def test_verify_projections_reports_a_tampered_row(unit, handler, capsys) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    call_command("verify_projections")
    assert "全部一致" in capsys.readouterr().out
    Application.objects.filter(pk=application.pk).update(
        due_date=datetime.date(2030, 1, 1)
    )
    with pytest.raises(CommandError, match="1 处不一致"):
        call_command("verify_projections")
    assert "due_date" in capsys.readouterr().out
