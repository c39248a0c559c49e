"""Workflow steps after filing: one function per transition."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.models import Organisation, User
from portal.selectors import work_calendar
from requests_app import deadlines
from requests_app.access import handler_candidates
from requests_app.choices import (
    ConsultationParty,
    ReplyReason,
    ReplyType,
)
from requests_app.fees import FeeMethod, quote_fee
from requests_app.models import (
    Application,
    ApplicationEvent,
    Reply,
)
from requests_app.services._events import (
    _lock,
    _record,
    _sync,
    local_date,
)
from requests_app.services.delivery import deliver_on_commit
from requests_app.workflow import (
    EventKind,
    InvalidTransition,
)


@transaction.atomic
def confirm_receipt(
    application: Application,
    *,
    actor: User,
    now: datetime.datetime,
    confirmed_on: datetime.date | None = None,
) -> ApplicationEvent:
    """Confirm an online/fax/ordinary-letter application; the clock starts that day.

    条例第三十一条第三项: 以双方确认之日为收到申请之日.
    """
    locked = _lock(application)
    event = _record(
        locked,
        EventKind.CONFIRMED,
        actor=actor,
        now=now,
        on=confirmed_on or local_date(now),
    )
    _sync(application, locked)
    return event


@transaction.atomic
def start_review(
    application: Application, *, actor: User, now: datetime.datetime
) -> ApplicationEvent:
    locked = _lock(application)
    event = _record(locked, EventKind.REVIEW_STARTED, actor=actor, now=now)
    if locked.handler_id is None:
        # Whoever starts the review handles the application until reassigned.
        locked.handler = actor
        locked.save(update_fields=["handler"])
    _sync(application, locked)
    return event


@transaction.atomic
def issue_correction_notice(
    application: Application,
    *,
    actor: User,
    items: Sequence[str],
    applicant_due: datetime.date,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Ask the applicant, once, to correct the application (条例第三十条).

    The notice lists every item at once, goes out within 7 working days of receipt and
    sets a reasonable period; the reply clock restarts when the correction arrives.
    """
    locked = _lock(application)
    items = [item.strip() for item in items if item.strip()]
    if not items:
        raise ValidationError({"items": "请逐项列明需要补正的事项。"})
    if locked.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise InvalidTransition("补正只能一次性告知，本申请已发出过补正通知。")
    calendar = work_calendar()
    today = local_date(now)
    if locked.received_on is not None:
        last_day = deadlines.correction_notice_last_day(
            locked.received_on, calendar=calendar
        )
        if today > last_day:
            raise InvalidTransition(
                f"补正通知应当自收到申请之日起7个工作日内发出（条例第三十条），"
                f"本申请最迟应于{last_day:%Y年%m月%d日}发出。"
            )
    if applicant_due <= today:
        raise ValidationError({"applicant_due": "补正期限应晚于今天。"})
    event = _record(
        locked,
        EventKind.CORRECTION_REQUESTED,
        actor=actor,
        now=now,
        reason="；".join(items),
        payload={"items": items, "applicant_due": applicant_due.isoformat()},
        calendar=calendar,
    )
    deliver_on_commit(locked, EventKind.CORRECTION_REQUESTED)
    _sync(application, locked)
    return event


@transaction.atomic
def receive_correction(
    application: Application,
    *,
    actor: User,
    received_on: datetime.date,
    now: datetime.datetime,
    description: str = "",
) -> ApplicationEvent:
    """Record the corrected application; the 20 working days run afresh from it.

    条例第三十条: the reply period runs from the day the correction is received, so
    that day must lie between the 补正 notice and today; any other date would move the
    statutory deadline.
    """
    locked = _lock(application)
    notice_on = (
        locked.events.filter(kind=EventKind.CORRECTION_REQUESTED)
        .order_by("-at", "-id")
        .values_list("on", flat=True)
        .first()
    )
    today = local_date(now)
    if received_on > today:
        raise ValidationError(
            {"received_on": f"收到补正的日期不能晚于今天（{today:%Y年%m月%d日}）。"}
        )
    if notice_on is not None and received_on < notice_on:
        raise ValidationError(
            {
                "received_on": "收到补正的日期不能早于发出补正通知的日期"
                f"（{notice_on:%Y年%m月%d日}）。"
            }
        )
    if description.strip():
        locked.description = description.strip()
        locked.save(update_fields=["description"])
    event = _record(
        locked, EventKind.CORRECTION_RECEIVED, actor=actor, now=now, on=received_on
    )
    _sync(application, locked)
    return event


def _close_with_reply(
    locked: Application,
    kind: EventKind,
    *,
    actor: User | None,
    now: datetime.datetime,
    reason: ReplyReason,
    body: str,
    legal_basis: str,
) -> ApplicationEvent:
    event = _record(locked, kind, actor=actor, now=now, reason=body)
    Reply.objects.create(
        application=locked,
        reply_type=ReplyType.OTHER,
        reason=reason,
        legal_basis=legal_basis,
        body=body,
        delivery_method=locked.delivery_method,
        replied_on=local_date(now),
        created_by=actor,
    )
    return event


@transaction.atomic
def close_for_no_correction(
    application: Application, *, actor: User | None, now: datetime.datetime
) -> ApplicationEvent:
    """Stop handling after the 补正 period passed (条例第三十条: 视为放弃申请)."""
    locked = _lock(application)
    today = local_date(now)
    if locked.applicant_due is not None and today <= locked.applicant_due:
        raise InvalidTransition(
            f"补正期限（{locked.applicant_due:%Y年%m月%d日}）尚未届满，不能终止办理。"
        )
    event = _close_with_reply(
        locked,
        EventKind.CORRECTION_LAPSED,
        actor=actor,
        now=now,
        reason=ReplyReason.OTHER_NO_CORRECTION,
        body="申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        legal_basis="《中华人民共和国政府信息公开条例》第三十条",
    )
    _sync(application, locked)
    return event


@transaction.atomic
def record_withdrawal(
    application: Application,
    *,
    actor: User,
    reason: str,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Record that the applicant withdrew the application (其他处理 → 其他)."""
    locked = _lock(application)
    if not reason.strip():
        raise ValidationError({"reason": "请说明申请人撤回的方式和时间。"})
    event = _close_with_reply(
        locked,
        EventKind.WITHDRAWN,
        actor=actor,
        now=now,
        reason=ReplyReason.OTHER_OTHER,
        body=f"申请人撤回政府信息公开申请（{reason.strip()}），本机关终止处理。",
        legal_basis="",
    )
    _sync(application, locked)
    return event


@transaction.atomic
def accept_application(
    application: Application, *, actor: User, now: datetime.datetime
) -> ApplicationEvent:
    locked = _lock(application)
    event = _record(locked, EventKind.ACCEPTED, actor=actor, now=now)
    if locked.handler_id is None:
        locked.handler = actor
        locked.save(update_fields=["handler"])
    _sync(application, locked)
    return event


@transaction.atomic
def assign_handler(
    application: Application, *, actor: User, handler: User, now: datetime.datetime
) -> ApplicationEvent:
    """Make ``handler`` the handler; the event records who assigned whom.

    The handler sees the applicant's whole personal data, so only a holder of the
    依申请公开办理人 role in the handling unit may be assigned.
    """
    locked = _lock(application)
    if handler.organisation_id != locked.organisation_id:
        raise ValidationError({"handler": "办理人应为办理单位的工作人员。"})
    if not handler_candidates(locked.organisation_id).filter(pk=handler.pk).exists():
        raise ValidationError(
            {"handler": "办理人应具有“依申请公开办理人”角色，请先为其分配该角色。"}
        )
    event = _record(
        locked,
        EventKind.HANDLER_ASSIGNED,
        actor=actor,
        now=now,
        payload={
            "handler_id": handler.pk,
            "handler": str(handler),
            "assigned_by_id": actor.pk,
            "assigned_by": str(actor),
        },
    )
    locked.handler = handler
    locked.save(update_fields=["handler"])
    _sync(application, locked)
    return event


@transaction.atomic
def transfer_application(
    application: Application,
    *,
    actor: User,
    to_organisation: Organisation,
    reason: str,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Hand the application to another unit; the history stays with it."""
    locked = _lock(application)
    if to_organisation.pk == locked.organisation_id:
        raise ValidationError({"to_organisation": "转办单位不能是当前办理单位。"})
    if not reason.strip():
        raise ValidationError({"reason": "请说明转办理由。"})
    event = _record(
        locked,
        EventKind.TRANSFERRED,
        actor=actor,
        now=now,
        reason=reason.strip(),
        payload={
            "from_organisation_id": locked.organisation_id,
            "from_organisation": str(locked.organisation),
            "to_organisation_id": to_organisation.pk,
            "to_organisation": str(to_organisation),
        },
    )
    locked.organisation = to_organisation
    locked.handler = None
    locked.save(update_fields=["organisation", "handler"])
    _sync(application, locked)
    return event


@transaction.atomic
def start_consultation(
    application: Application,
    *,
    actor: User,
    party: str,
    party_name: str,
    now: datetime.datetime,
    sent_on: datetime.date | None = None,
) -> ApplicationEvent:
    """Ask a third party (条例第三十二条) or another organ (第三十四条) in writing.

    条例第三十三条第三款: the consultation time is not counted in the reply period.
    """
    locked = _lock(application)
    if party not in ConsultationParty.values:
        raise ValidationError({"party": "请选择征求意见对象类型。"})
    if not party_name.strip():
        raise ValidationError({"party_name": "请填写征求意见对象名称。"})
    sent = sent_on or local_date(now)
    calendar = work_calendar()
    event = _record(
        locked,
        EventKind.CONSULTATION_STARTED,
        actor=actor,
        now=now,
        on=sent,
        reason=f"向{party_name.strip()}发出征求意见书",
        payload={
            "party": party,
            "party_name": party_name.strip(),
            # 条例第三十二条/第三十四条: 15 working days to answer.
            "answer_due": calendar.add_workdays(
                sent, deadlines.CONSULTATION_WORKING_DAYS
            ).isoformat(),
        },
        calendar=calendar,
    )
    _sync(application, locked)
    return event


@transaction.atomic
def end_consultation(
    application: Application,
    *,
    actor: User,
    answered_on: datetime.date,
    outcome: str,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Record the answer (or the lapse of the 15 days); the clock runs again."""
    locked = _lock(application)
    started = (
        locked.events.filter(kind=EventKind.CONSULTATION_STARTED)
        .order_by("-at", "-id")
        .values_list("on", flat=True)
        .first()
    )
    if started is not None and answered_on < started:
        raise ValidationError({"answered_on": "收到意见日期不能早于发出征求意见日期。"})
    event = _record(
        locked,
        EventKind.CONSULTATION_ENDED,
        actor=actor,
        now=now,
        on=answered_on,
        reason=outcome.strip(),
    )
    _sync(application, locked)
    return event


@transaction.atomic
def extend_deadline(
    application: Application,
    *,
    actor: User,
    days: int,
    approver: str,
    reason: str,
    notice_sent_on: datetime.date,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Extend the reply period once, by at most 20 working days (条例第三十三条第二款).

    The approval of the 政府信息公开工作机构负责人 and the notice to the applicant are
    recorded with the event.
    """
    locked = _lock(application)
    if not 1 <= days <= deadlines.MAX_EXTENSION_WORKING_DAYS:
        raise ValidationError({"days": "延长期限应为1至20个工作日。"})
    if locked.extension_days:
        raise InvalidTransition("答复期限已延长过一次，不能再次延长。")
    if not approver.strip():
        raise ValidationError(
            {"approver": "请填写批准延期的政府信息公开工作机构负责人。"}
        )
    if not reason.strip():
        raise ValidationError({"reason": "请说明延期理由。"})
    today = local_date(now)
    if locked.due_date is not None and today > locked.due_date:
        raise InvalidTransition("已超过答复期限，不能再延长。")
    event = _record(
        locked,
        EventKind.EXTENDED,
        actor=actor,
        now=now,
        reason=reason.strip(),
        payload={
            "days": days,
            "approver": approver.strip(),
            "notice_sent_on": notice_sent_on.isoformat(),
        },
    )
    deliver_on_commit(locked, EventKind.EXTENDED)
    _sync(application, locked)
    return event


@transaction.atomic
def issue_fee_notice(
    application: Application,
    *,
    actor: User,
    method: FeeMethod,
    quantity: int,
    now: datetime.datetime,
) -> ApplicationEvent:
    """Send a 收费通知 stating basis, rate and amount (《信息处理费管理办法》).

    按件: the count is the applicant's pieces this natural month, found through the
    keyed hash of the identity number (or the credit code) without decrypting rows.
    """
    from requests_app.selectors import applicant_pieces_before

    locked = _lock(application)
    if quantity < 1:
        raise ValidationError({"quantity": "数量应为正整数。"})
    previous = applicant_pieces_before(locked) if method is FeeMethod.BY_COUNT else 0
    quote = quote_fee(method, quantity=quantity, previous_pieces=previous)
    if quote.amount == 0:
        raise ValidationError(
            {"quantity": "按《政府信息公开信息处理费管理办法》标准，本申请不收费。"}
        )
    calendar = work_calendar()
    today = local_date(now)
    due = deadlines.fee_payment_due(today, calendar=calendar)
    event = _record(
        locked,
        EventKind.FEE_NOTICE_ISSUED,
        actor=actor,
        now=now,
        reason=quote.basis,
        payload={
            "method": method.value,
            "quantity": quantity,
            "previous_pieces": previous,
            "amount": quote.amount,
            "applicant_due": due.isoformat(),
        },
        calendar=calendar,
    )
    locked.fee_amount = quote.amount
    locked.save(update_fields=["fee_amount"])
    deliver_on_commit(locked, EventKind.FEE_NOTICE_ISSUED)
    _sync(application, locked)
    return event


@transaction.atomic
def record_payment(
    application: Application,
    *,
    actor: User,
    paid_on: datetime.date,
    now: datetime.datetime,
) -> ApplicationEvent:
    locked = _lock(application)
    event = _record(
        locked,
        EventKind.FEE_PAID,
        actor=actor,
        now=now,
        on=paid_on,
        payload={"amount": locked.fee_amount},
    )
    _sync(application, locked)
    return event


@transaction.atomic
def close_for_non_payment(
    application: Application, *, actor: User | None, now: datetime.datetime
) -> ApplicationEvent:
    """Stop handling after the payment period passed (视为放弃申请)."""
    locked = _lock(application)
    today = local_date(now)
    if locked.applicant_due is not None and today <= locked.applicant_due:
        raise InvalidTransition(
            f"缴费期限（{locked.applicant_due:%Y年%m月%d日}）尚未届满，不能终止办理。"
        )
    event = _close_with_reply(
        locked,
        EventKind.FEE_LAPSED,
        actor=actor,
        now=now,
        reason=ReplyReason.OTHER_NO_PAYMENT,
        body="申请人逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
        legal_basis="《政府信息公开信息处理费管理办法》",
    )
    locked.fee_amount = 0
    locked.save(update_fields=["fee_amount"])
    _sync(application, locked)
    return event
