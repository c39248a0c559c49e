"""The application workflow through its services: every state, 补正 timeout,
consultation + extension across a holiday, fees, refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.selectors import work_calendar
from requests_app import services
from requests_app.choices import Channel, ReplyReason, ReplyType
from requests_app.fees import FeeMethod
from requests_app.models import Application, ApplicationEvent, Reply
from requests_app.workflow import (
    TRANSITIONS,
    ClockEvent,
    EventKind,
    InvalidTransition,
    Status,
    check_transition,
    project,
)
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory, LegalApplicationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def kinds(application: Application) -> list[str]:
    return list(application.events.order_by("at", "id").values_list("kind", flat=True))


def assert_projection_matches_events(application: Application) -> None:
    """The stored columns equal a fresh projection of the event rows."""
    application.refresh_from_db()
    state = project(services.clock_events(application), work_calendar())
    assert application.status == state.status
    assert application.due_date == state.due_date
    assert application.clock_paused_since == state.clock_paused_since
    assert application.received_on == state.received_on


def test_one_application_walks_through_every_state(unit, handler) -> None:
    application = ApplicationFactory(organisation=unit, now=at(2025, 3, 3, 20))
    assert application.status == Status.PENDING_CONFIRMATION
    assert application.received_on is None
    assert application.due_date is None
    assert application.serial_number.startswith("JY2025")

    # 条例第三十一条: online filing received on the day both sides confirm.
    services.confirm_receipt(application, actor=handler, now=at(2025, 3, 4))
    assert application.status == Status.REGISTERED
    assert application.received_on == D(2025, 3, 4)
    assert application.due_date == D(2025, 4, 1)  # 3/5 .. 4/1: 20 working days

    services.start_review(application, actor=handler, now=at(2025, 3, 5))
    services.issue_correction_notice(
        application,
        actor=handler,
        items=["请明确所需信息的项目名称", "请说明所需信息的时间范围"],
        applicant_due=D(2025, 3, 20),
        now=at(2025, 3, 6),
    )
    assert application.status == Status.AWAITING_CORRECTION
    assert application.due_date is None
    assert application.clock_paused_since == D(2025, 3, 6)
    assert application.applicant_due == D(2025, 3, 20)

    services.receive_correction(
        application, actor=handler, received_on=D(2025, 3, 10), now=at(2025, 3, 10)
    )
    assert application.status == Status.REVIEWING
    # 条例第三十条: 20 working days from receipt of the corrected application.
    assert application.due_date == D(2025, 4, 8)  # 清明 4/4-4/6 skipped

    services.accept_application(application, actor=handler, now=at(2025, 3, 11))
    assert application.status == Status.PROCESSING
    assert application.handler == handler

    services.start_consultation(
        application,
        actor=handler,
        party="third_party",
        party_name="济阳某置业有限公司",
        now=at(2025, 3, 12),
    )
    assert application.status == Status.CONSULTING
    assert application.due_date is None
    services.end_consultation(
        application,
        actor=handler,
        answered_on=D(2025, 3, 19),
        outcome="第三方同意公开",
        now=at(2025, 3, 19),
    )
    assert application.status == Status.PROCESSING
    # 5 working days (3/13-3/19) not counted.
    assert application.due_date == D(2025, 4, 15)

    services.extend_deadline(
        application,
        actor=handler,
        days=10,
        approver="区政务公开办主任 张某",
        reason="涉及多个项目，需调取档案",
        notice_sent_on=D(2025, 3, 20),
        now=at(2025, 3, 20),
    )
    assert application.extension_days == 10
    # 4/16-18 (3), 4/21-25 (8), 4/27 调休 Sunday (9), 4/28 (10).
    assert application.due_date == D(2025, 4, 28)

    services.issue_fee_notice(
        application,
        actor=handler,
        method=FeeMethod.BY_VOLUME,
        quantity=40,
        now=at(2025, 3, 21),
    )
    assert application.status == Status.AWAITING_PAYMENT
    assert application.fee_amount == 100
    services.record_payment(
        application, actor=handler, paid_on=D(2025, 3, 25), now=at(2025, 3, 25)
    )
    assert application.status == Status.PROCESSING
    assert application.due_date == D(2025, 4, 30)  # 3/24-25 not counted

    reply = services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.PARTIAL,
        reason="",
        body="经审查，您申请的信息部分涉及第三方商业秘密，现提供可以公开的部分。",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        delivery_method="email",
        now=at(2025, 3, 28),
    )
    assert application.status == Status.REPLIED
    assert reply.replied_on == D(2025, 3, 28)

    services.archive_application(application, actor=handler, now=at(2025, 3, 31))
    assert application.status == Status.ARCHIVED
    assert kinds(application) == [
        "submitted",
        "confirmed",
        "review_started",
        "correction_requested",
        "correction_received",
        "accepted",
        "consultation_started",
        "consultation_ended",
        "extended",
        "fee_notice_issued",
        "fee_paid",
        "replied",
        "archived",
    ]
    statuses = [
        s
        for s in application.events.order_by("at", "id").values_list(
            "status_after", flat=True
        )
    ]
    # Every state but 已终止办理 (the lapse branches, tested below) was visited.
    assert set(statuses) == set(Status.values) - {Status.CLOSED}
    assert all(
        e.actor_id == handler.pk for e in application.events.exclude(kind="submitted")
    )
    assert_projection_matches_events(application)


def test_correction_timeout_closes_as_other_handling(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 1, 24)
    )
    assert application.status == Status.REGISTERED
    assert application.received_on == D(2025, 1, 24)
    services.start_review(application, actor=handler, now=at(2025, 1, 24, 15))
    services.issue_correction_notice(
        application,
        actor=handler,
        items=["请提供所需信息的文号"],
        applicant_due=D(2025, 2, 14),
        now=at(2025, 1, 27),
    )
    with pytest.raises(InvalidTransition, match="尚未届满"):
        services.close_for_no_correction(application, actor=None, now=at(2025, 2, 14))

    result = services.close_lapsed_applications(now=at(2025, 2, 17, 7))
    assert result.closed == 1
    assert services.close_lapsed_applications(now=at(2025, 2, 17, 8)).closed == 0
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.reply.reply_type == ReplyType.OTHER
    assert application.reply.reason == ReplyReason.OTHER_NO_CORRECTION
    assert kinds(application)[-1] == "correction_lapsed"
    assert application.events.get(kind="correction_lapsed").actor is None
    assert_projection_matches_events(application)


def test_consultation_and_extension_across_national_day(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 9, 1)
    )
    assert application.due_date == D(2025, 9, 28)  # the 调休 Sunday
    services.accept_application(application, actor=handler, now=at(2025, 9, 2))
    services.start_consultation(
        application,
        actor=handler,
        party="third_party",
        party_name="济阳某置业有限公司",
        now=at(2025, 9, 10),
    )
    event = application.events.get(kind="consultation_started")
    # 条例第三十二条: 15 working days to answer; the 调休 Sunday 9/28 counts.
    assert event.payload["answer_due"] == "2025-09-30"
    services.end_consultation(
        application,
        actor=handler,
        answered_on=D(2025, 9, 19),
        outcome="征求意见期满视为同意",
        now=at(2025, 9, 19),
    )
    # 9/2-9/10 counted (7); 9/11-9/19 paused; 9/22-26 (12), 9/28 Sun (13), 9/29-30 (15),
    # 10/9-10 (17), 10/11 Sat (18), 10/13-14 (20).
    assert application.due_date == D(2025, 10, 14)
    services.extend_deadline(
        application,
        actor=handler,
        days=20,
        approver="区政务公开办主任 张某",
        reason="需多部门会商",
        notice_sent_on=D(2025, 9, 26),
        now=at(2025, 9, 26),
    )
    # + 20 working days: 10/15-17 (3), 10/20-24 (8), 10/27-31 (13), 11/3-7 (18), 11/10-11.
    assert application.due_date == D(2025, 11, 11)
    extension = application.events.get(kind="extended")
    assert extension.payload["approver"] == "区政务公开办主任 张某"
    assert extension.payload["notice_sent_on"] == "2025-09-26"
    with pytest.raises(InvalidTransition, match="已延长过一次"):
        services.extend_deadline(
            application,
            actor=handler,
            days=1,
            approver="张某",
            reason="再延",
            notice_sent_on=D(2025, 9, 29),
            now=at(2025, 9, 29),
        )
    assert_projection_matches_events(application)


def test_fees_by_count_use_the_applicants_month(unit, handler) -> None:
    # The same company files 11 applications in March 2025.
    apps = [
        LegalApplicationFactory(
            organisation=unit,
            credit_code="9144030071526726XG",
            channel=Channel.IN_PERSON,
            now=at(2025, 3, 3, 9) + datetime.timedelta(minutes=i),
        )
        for i in range(11)
    ]
    eleventh = apps[-1]
    services.accept_application(eleventh, actor=handler, now=at(2025, 3, 4))
    with pytest.raises(ValidationError):
        # The first ten pieces of a month are free: nothing to charge for the tenth.
        tenth = apps[9]
        services.accept_application(tenth, actor=handler, now=at(2025, 3, 4))
        services.issue_fee_notice(
            tenth,
            actor=handler,
            method=FeeMethod.BY_COUNT,
            quantity=1,
            now=at(2025, 3, 4),
        )
    event = services.issue_fee_notice(
        eleventh,
        actor=handler,
        method=FeeMethod.BY_COUNT,
        quantity=1,
        now=at(2025, 3, 5),
    )
    assert event.payload["previous_pieces"] == 10
    assert event.payload["amount"] == 100
    assert eleventh.status == Status.AWAITING_PAYMENT
    # 收到收费通知次日起20个工作日: 3/5 + 20 working days.
    assert eleventh.applicant_due == D(2025, 4, 2)
    assert eleventh.due_date is None  # the clock waits for payment
    assert services.close_lapsed_applications(now=at(2025, 4, 2, 23)).closed == 0
    assert services.close_lapsed_applications(now=at(2025, 4, 3, 7)).closed == 1
    eleventh.refresh_from_db()
    assert eleventh.status == Status.CLOSED
    assert eleventh.reply.reason == ReplyReason.OTHER_NO_PAYMENT
    assert eleventh.fee_amount == 0


def test_fee_pause_can_be_switched_off(unit, handler, settings) -> None:
    settings.REQUESTS_FEE_PAUSES_CLOCK = False
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    due = application.due_date
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    services.issue_fee_notice(
        application,
        actor=handler,
        method=FeeMethod.BY_VOLUME,
        quantity=100,
        now=at(2025, 3, 5),
    )
    assert application.due_date == due
    assert application.fee_amount == 700


def test_illegal_transitions_are_refused_in_chinese_and_change_nothing(
    unit, handler
) -> None:
    application = ApplicationFactory(organisation=unit, now=at(2025, 3, 3))
    with pytest.raises(InvalidTransition) as exc:
        services.send_reply(
            application,
            actor=handler,
            reply_type=ReplyType.DISCLOSED,
            reason="",
            body="答复",
            delivery_method="email",
            now=at(2025, 3, 4),
        )
    assert "待确认收到" in exc.value.message and "答复" in exc.value.message
    with pytest.raises(InvalidTransition):
        services.archive_application(application, actor=handler, now=at(2025, 3, 4))
    application.refresh_from_db()
    assert application.status == Status.PENDING_CONFIRMATION
    assert kinds(application) == ["submitted"]
    assert not Reply.objects.filter(application=application).exists()


def test_correction_notice_once_and_within_seven_working_days(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 9, 26)
    )
    services.start_review(application, actor=handler, now=at(2025, 9, 26, 15))
    with pytest.raises(InvalidTransition, match="7个工作日"):
        services.issue_correction_notice(
            application,
            actor=handler,
            items=["补正"],
            applicant_due=D(2025, 11, 1),
            now=at(2025, 10, 14),
        )
    with pytest.raises(ValidationError):
        services.issue_correction_notice(
            application,
            actor=handler,
            items=["  "],
            applicant_due=D(2025, 11, 1),
            now=at(2025, 10, 13),
        )
    services.issue_correction_notice(
        application,
        actor=handler,
        items=["补正"],
        applicant_due=D(2025, 11, 1),
        now=at(2025, 10, 13),
    )
    services.receive_correction(
        application, actor=handler, received_on=D(2025, 10, 20), now=at(2025, 10, 20)
    )
    with pytest.raises(InvalidTransition, match="一次性"):
        services.issue_correction_notice(
            application,
            actor=handler,
            items=["再补正"],
            applicant_due=D(2025, 11, 1),
            now=at(2025, 10, 21),
        )


def test_reply_reason_must_fit_the_reply_type(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.start_review(application, actor=handler, now=at(2025, 3, 3, 11))
    for reply_type, reason in [
        (ReplyType.WITHHELD, ""),
        (ReplyType.WITHHELD, ReplyReason.UNAVAILABLE_NOT_HELD),
        (ReplyType.DISCLOSED, ReplyReason.WITHHELD_STATE_SECRET),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.send_reply(
                application,
                actor=handler,
                reply_type=reply_type,
                reason=reason,
                body="答复",
                delivery_method="email",
                now=at(2025, 3, 4),
            )
        assert "reason" in exc.value.message_dict
    # 不予处理 straight from review (条例第三十九条: 信访类).
    services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.NOT_PROCESSED,
        reason=ReplyReason.NOT_PROCESSED_PETITION,
        body="您的申请属于信访事项，不作为政府信息公开申请处理，请通过信访渠道提出。",
        delivery_method="email",
        now=at(2025, 3, 4),
    )
    assert application.status == Status.REPLIED


def test_transfer_keeps_history_and_moves_the_unit(unit, other_unit, handler) -> None:
    application = ApplicationFactory(organisation=unit, now=at(2025, 3, 3))
    services.confirm_receipt(application, actor=handler, now=at(2025, 3, 3, 14))
    services.transfer_application(
        application,
        actor=handler,
        to_organisation=other_unit,
        reason="所申请信息由自然资源局制作",
        now=at(2025, 3, 4),
    )
    application.refresh_from_db()
    assert application.organisation == other_unit
    assert application.status == Status.REGISTERED
    event = application.events.get(kind="transferred")
    assert event.payload["from_organisation"] == unit.name
    assert event.payload["to_organisation"] == other_unit.name
    with pytest.raises(ValidationError):
        services.transfer_application(
            application,
            actor=handler,
            to_organisation=other_unit,
            reason="x",
            now=at(2025, 3, 4),
        )


def test_every_event_kind_is_in_the_table_and_table_refuses_unknown_sources() -> None:
    assert set(TRANSITIONS) == set(EventKind)
    with pytest.raises(InvalidTransition):
        check_transition(Status.ARCHIVED, EventKind.REPLIED)
    with pytest.raises(InvalidTransition):
        check_transition(None, EventKind.CONFIRMED)
    assert check_transition(Status.PROCESSING, EventKind.EXTENDED) == Status.PROCESSING


def test_projection_rejects_an_impossible_history() -> None:
    events = [
        ClockEvent(EventKind.REGISTERED, D(2025, 3, 3)),
        ClockEvent(EventKind.ARCHIVED, D(2025, 3, 4)),
    ]
    with pytest.raises(InvalidTransition):
        project(events, work_calendar())


def test_review_outcomes_are_validated(unit, handler) -> None:
    application = ApplicationFactory(organisation=unit, now=at(2025, 3, 3))
    with pytest.raises(ValidationError):
        services.record_review_outcome(
            application,
            actor=handler,
            proceeding="review",
            filed_on=D(2025, 5, 1),
            result="upheld",
        )
    outcome = services.record_review_outcome(
        application, actor=handler, proceeding="review", filed_on=D(2025, 5, 1)
    )
    services.decide_review_outcome(
        outcome, result="corrected", decided_on=D(2025, 6, 1)
    )
    outcome.refresh_from_db()
    assert outcome.result == "corrected"


def test_failed_step_leaves_no_event_row(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    before = ApplicationEvent.objects.count()
    with pytest.raises(ValidationError):
        services.extend_deadline(
            application,
            actor=handler,
            days=25,
            approver="张某",
            reason="x",
            notice_sent_on=D(2025, 3, 4),
            now=at(2025, 3, 4),
        )
    assert ApplicationEvent.objects.count() == before


def test_the_applicant_may_withdraw_before_the_reply(unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    with pytest.raises(ValidationError):
        services.record_withdrawal(
            application, actor=handler, reason=" ", now=at(2025, 3, 5)
        )
    services.record_withdrawal(
        application, actor=handler, reason="申请人于3月5日书面撤回", now=at(2025, 3, 5)
    )
    assert application.status == Status.CLOSED
    assert application.reply.reply_type == ReplyType.OTHER
    assert application.reply.reason == ReplyReason.OTHER_OTHER
    with pytest.raises(InvalidTransition):
        services.record_withdrawal(
            application, actor=handler, reason="再撤回", now=at(2025, 3, 6)
        )
    services.archive_application(application, actor=handler, now=at(2025, 3, 7))
    assert_projection_matches_events(application)
