"""Writes of on-request disclosure: one function per workflow step.

Every step locks the application row, checks the transition table, appends an
``ApplicationEvent`` (who/when/why) and re-derives the stored projection (status, due
date, pause, extension) from the whole event history with ``workflow.project``.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal import roles
from portal.models import Organisation, User
from portal.pii import mask_id_number, redact_text
from portal.reminders.sweep import SweepResult, sweep
from portal.selectors import work_calendar
from portal.workdays import WorkCalendar
from requests_app import crypto, deadlines, hidden_data, ids, notifications
from requests_app.choices import (
    CHANNELS_NEEDING_CONFIRMATION,
    REASONS_BY_TYPE,
    ApplicantType,
    AttachmentCheck,
    Channel,
    ConsultationParty,
    IdType,
    Proceeding,
    ProceedingResult,
    ReplyReason,
    ReplyType,
    reason_fits,
)
from requests_app.fees import FeeMethod, quote_fee
from requests_app.models import (
    Application,
    ApplicationEvent,
    Attachment,
    PersonalDataAccess,
    Reply,
    ReplyTemplate,
    ReviewOutcome,
    TypicalCase,
)
from requests_app.workflow import (
    ClockEvent,
    EventKind,
    InvalidTransition,
    Status,
    check_transition,
    project,
)

logger = logging.getLogger(__name__)

# Query codes: 8 characters without look-alikes (0/O, 1/I/L).
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8


def local_date(now: datetime.datetime) -> datetime.date:
    return timezone.localtime(now).date()


def fee_pauses_clock() -> bool:
    # [U] 《信息处理费管理办法》: the notice-to-payment period is believed not to count
    # toward the reply period; configurable until the original text is checked.
    return bool(getattr(settings, "REQUESTS_FEE_PAUSES_CLOCK", True))


# --- the one place that appends an event and re-projects -------------------------------


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _record(
    application: Application,
    kind: EventKind,
    *,
    actor: User | None,
    now: datetime.datetime,
    on: datetime.date | None = None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
    calendar: WorkCalendar | None = None,
    first: bool = False,
) -> ApplicationEvent:
    """Append ``kind`` to the locked ``application`` and store the new projection."""
    status = None if first else Status(application.status)
    status_after = check_transition(status, kind)
    event = ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        at=now,
        on=on or local_date(now),
        reason=reason,
        payload=payload or {},
        status_after=status_after,
    )
    _store_projection(application, calendar or work_calendar())
    return event


def clock_events(application: Application) -> list[ClockEvent]:
    return [
        ClockEvent(EventKind(kind), on, payload)
        for kind, on, payload in application.events.order_by("at", "id").values_list(
            "kind", "on", "payload"
        )
    ]


def _store_projection(application: Application, calendar: WorkCalendar) -> None:
    state = project(
        clock_events(application), calendar, fee_pauses_clock=fee_pauses_clock()
    )
    application.status = state.status
    application.received_on = state.received_on
    application.due_date = state.due_date
    application.clock_paused_since = state.clock_paused_since
    application.extension_days = state.extension_days
    application.applicant_due = state.applicant_due
    application.save(
        update_fields=[
            "status",
            "received_on",
            "due_date",
            "clock_paused_since",
            "extension_days",
            "applicant_due",
            "updated_at",
        ]
    )


def _sync(target: Application, source: Application) -> None:
    """Copy the locked row's fresh values onto the caller's instance."""
    for field in target._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# --- filing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationInput:
    applicant_type: str
    name: str
    phone: str
    description: str
    delivery_method: str
    form: str
    id_type: str = ""
    id_number: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    email: str = ""
    address: str = ""
    document_hint: str = ""
    legal_person_kind: str = ""
    topic: str = ""
    area: str = ""


@dataclass(frozen=True)
class Submission:
    application: Application
    query_code: str


def validate_application_input(data: ApplicationInput) -> None:
    """Raise a ``ValidationError`` (Chinese, per field) for an incomplete application.

    条例第二十九条: name, proof of identity and contact details; a description of the
    information sought; the form and manner of delivery.
    """
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "请填写申请人姓名或名称。"
    if not data.phone.strip():
        errors["phone"] = "请填写联系电话。"
    if not data.description.strip():
        errors["description"] = "请填写所需信息的内容描述。"
    if data.applicant_type == ApplicantType.NATURAL:
        if not data.id_type:
            errors["id_type"] = "请选择证件类型。"
        if not data.id_number.strip():
            errors["id_number"] = "请填写证件号码。"
        elif data.id_type == IdType.RESIDENT_ID and not ids.is_valid_resident_id(
            data.id_number
        ):
            errors["id_number"] = "居民身份证号码不正确，请核对（含末位校验码）。"
    elif data.applicant_type == ApplicantType.LEGAL:
        if not ids.is_valid_credit_code(data.credit_code):
            errors["credit_code"] = (
                "统一社会信用代码不正确，请核对（18位，含末位校验码）。"
            )
        if not data.legal_representative.strip():
            errors["legal_representative"] = "请填写法定代表人或负责人。"
        if not data.contact_name.strip():
            errors["contact_name"] = "请填写联系人。"
    else:
        errors["applicant_type"] = "请选择申请人类型。"
    if data.delivery_method == "email" and not data.email.strip():
        errors["email"] = "选择电子邮件方式获取信息时，请填写电子邮箱。"
    if data.delivery_method == "post" and not data.address.strip():
        errors["address"] = "选择邮寄方式获取信息时，请填写通信地址。"
    if errors:
        raise ValidationError(errors)


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


@transaction.atomic
def submit_application(
    data: ApplicationInput,
    *,
    organisation: Organisation,
    now: datetime.datetime,
    channel: str = Channel.ONLINE,
    actor: User | None = None,
    signed_on: datetime.date | None = None,
    supporting_file: tuple[str, bytes] | None = None,
    notify: bool = True,
) -> Submission:
    """File an application; return it with its one-time query code.

    条例第三十一条: an in-person or signed-for postal application is received on
    submission/signature and registered at once; an online, fax or ordinary-letter
    application waits for the office's confirmation (双方确认之日).
    """
    validate_application_input(data)
    id_number = (
        ids.normalise_resident_id(data.id_number)
        if data.applicant_type == ApplicantType.NATURAL
        else ""
    )
    application = Application.objects.create(
        organisation=organisation,
        channel=channel,
        applicant_type=data.applicant_type,
        legal_person_kind=data.legal_person_kind
        if data.applicant_type == ApplicantType.LEGAL
        else "",
        name=data.name.strip(),
        id_type=data.id_type if data.applicant_type == ApplicantType.NATURAL else "",
        id_number_encrypted=crypto.encrypt(id_number),
        id_number_hash=crypto.lookup_hash(id_number),
        id_number_masked=mask_id_number(id_number) if id_number else "",
        credit_code=ids.normalise_credit_code(data.credit_code)
        if data.applicant_type == ApplicantType.LEGAL
        else "",
        legal_representative=data.legal_representative.strip(),
        contact_name=data.contact_name.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        description=data.description.strip(),
        document_hint=data.document_hint.strip(),
        delivery_method=data.delivery_method,
        form=data.form,
        topic=data.topic,
        area=data.area,
        submitted_at=now,
        status=Status.PENDING_CONFIRMATION
        if channel in CHANNELS_NEEDING_CONFIRMATION
        else Status.REGISTERED,
    )
    query_code = new_query_code()
    application.serial_number = ids.make_serial_number(
        local_date(now).year, application.pk
    )
    application.query_code_hash = crypto.query_code_hash(
        application.serial_number, query_code
    )
    application.save(update_fields=["serial_number", "query_code_hash"])
    if supporting_file is not None:
        filename, content = supporting_file
        application.supporting_file.save(filename, ContentFile(content), save=False)
        application.save(update_fields=["supporting_file"])
    if channel in CHANNELS_NEEDING_CONFIRMATION:
        _record(application, EventKind.SUBMITTED, actor=actor, now=now, first=True)
    else:
        received = deadlines.receipt_date(
            channel, submitted_on=local_date(now), signed_on=signed_on
        )
        _record(
            application,
            EventKind.REGISTERED,
            actor=actor,
            now=now,
            on=received,
            payload={"channel": channel},
            first=True,
        )
    if notify and application.email:
        serial, email = application.serial_number, application.email
        transaction.on_commit(
            lambda: notifications.send_filing_receipt(serial, query_code, email)
        )
    return Submission(application=application, query_code=query_code)


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
    """Record the corrected application; the 20 working days run afresh from it."""
    locked = _lock(application)
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
    locked = _lock(application)
    if handler.organisation_id != locked.organisation_id:
        raise ValidationError({"handler": "办理人应为办理单位的工作人员。"})
    event = _record(
        locked,
        EventKind.HANDLER_ASSIGNED,
        actor=actor,
        now=now,
        payload={"handler_id": handler.pk, "handler": str(handler)},
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


@transaction.atomic
def send_reply(
    application: Application,
    *,
    actor: User,
    reply_type: str,
    reason: str,
    body: str,
    delivery_method: str,
    now: datetime.datetime,
    legal_basis: str = "",
    template: ReplyTemplate | None = None,
    delivered_on: datetime.date | None = None,
) -> Reply:
    """Answer the application (条例第三十六条 to 第三十九条).

    The reply type and reason are the annual report's codes. Any attachment whose
    hidden-data check found something and was not reviewed blocks the reply.
    """
    locked = _lock(application)
    errors: dict[str, str] = {}
    if reply_type not in ReplyType.values:
        errors["reply_type"] = "请选择答复类型。"
    elif not reason_fits(reply_type, reason):
        label = ReplyType(reply_type).label
        errors["reason"] = (
            f"“{label}”不需要选择具体情形。"
            if not REASONS_BY_TYPE[ReplyType(reply_type)]
            else f"请选择“{label}”的具体情形（与年度报告统计口径一致）。"
        )
    if not body.strip():
        errors["body"] = "请填写答复正文。"
    if errors:
        raise ValidationError(errors)
    blocked = list(
        locked.attachments.filter(
            check_status__in=[AttachmentCheck.FLAGGED, AttachmentCheck.PENDING]
        ).values_list("original_name", flat=True)
    )
    if blocked:
        raise InvalidTransition(
            "以下附件含有隐藏数据或尚未检查，须经人工复核后才能发出："
            + "、".join(blocked)
        )
    _record(
        locked,
        EventKind.REPLIED,
        actor=actor,
        now=now,
        payload={"reply_type": reply_type, "reason": reason},
    )
    reply = Reply.objects.create(
        application=locked,
        reply_type=reply_type,
        reason=reason,
        legal_basis=legal_basis.strip(),
        body=body.strip(),
        template=template,
        delivery_method=delivery_method,
        replied_on=local_date(now),
        delivered_on=delivered_on,
        created_by=actor,
    )
    _sync(application, locked)
    return reply


@transaction.atomic
def archive_application(
    application: Application, *, actor: User, now: datetime.datetime
) -> ApplicationEvent:
    locked = _lock(application)
    event = _record(locked, EventKind.ARCHIVED, actor=actor, now=now)
    _sync(application, locked)
    return event


# --- review and litigation -------------------------------------------------------------


@transaction.atomic
def record_review_outcome(
    application: Application,
    *,
    actor: User,
    proceeding: str,
    filed_on: datetime.date,
    result: str = ProceedingResult.PENDING,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> ReviewOutcome:
    """Record a 行政复议 or 行政诉讼 about an answered application (年度报告第四部分)."""
    if proceeding not in Proceeding.values:
        raise ValidationError({"proceeding": "请选择行政复议或行政诉讼类型。"})
    if result not in ProceedingResult.values:
        raise ValidationError({"result": "请选择结果。"})
    if result != ProceedingResult.PENDING and decided_on is None:
        raise ValidationError({"decided_on": "已审结的，请填写审结日期。"})
    if decided_on is not None and decided_on < filed_on:
        raise ValidationError({"decided_on": "审结日期不能早于提起日期。"})
    return ReviewOutcome.objects.create(
        application=application,
        proceeding=proceeding,
        result=result,
        filed_on=filed_on,
        decided_on=decided_on,
        note=note,
        recorded_by=actor,
    )


@transaction.atomic
def decide_review_outcome(
    outcome: ReviewOutcome, *, result: str, decided_on: datetime.date
) -> ReviewOutcome:
    if result == ProceedingResult.PENDING or result not in ProceedingResult.values:
        raise ValidationError({"result": "请选择审结结果。"})
    outcome.result = result
    outcome.decided_on = decided_on
    outcome.save(update_fields=["result", "decided_on"])
    return outcome


# --- attachments -------------------------------------------------------------------------


@transaction.atomic
def add_attachment(
    *,
    filename: str,
    data: bytes,
    application: Application | None = None,
    typical_case: TypicalCase | None = None,
) -> Attachment:
    """Store a file to be sent, with the result of its hidden-data check."""
    try:
        findings = hidden_data.inspect(filename, data)
    except hidden_data.UnsupportedFile as exc:
        raise ValidationError({"file": str(exc)}) from exc
    attachment = Attachment(
        application=application,
        typical_case=typical_case,
        original_name=filename[:200],
        size=len(data),
        check_status=AttachmentCheck.FLAGGED if findings else AttachmentCheck.CLEAN,
        findings=[f.as_dict() for f in findings],
    )
    attachment.file.save(filename, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def approve_attachment(
    attachment: Attachment, *, actor: User, now: datetime.datetime
) -> Attachment:
    """Let a flagged file go after a person reviewed (and cleaned or accepted) it."""
    if attachment.check_status != AttachmentCheck.FLAGGED:
        raise InvalidTransition("只有发现隐藏数据的附件需要人工复核。")
    attachment.check_status = AttachmentCheck.APPROVED
    attachment.reviewed_by = actor
    attachment.reviewed_at = now
    attachment.save(update_fields=["check_status", "reviewed_by", "reviewed_at"])
    return attachment


# --- case library ----------------------------------------------------------------------


def _scrub(text: str, application: Application) -> str:
    """Remove the applicant's identifying details from free text."""
    text = redact_text(text)
    for value in (
        application.name,
        application.contact_name,
        application.legal_representative,
        application.address,
        application.email,
    ):
        if value and len(value) >= 2:
            text = text.replace(value, "某某")
    return text


@transaction.atomic
def publish_case(
    application: Application,
    *,
    actor: User,
    title: str,
    request_summary: str,
    handling: str,
    now: datetime.datetime,
    commentary: str = "",
    topic: str = "",
    is_public: bool = False,
) -> TypicalCase:
    """Turn an answered application into a typical case, personal data removed."""
    if application.status not in (Status.REPLIED, Status.CLOSED, Status.ARCHIVED):
        raise InvalidTransition("只有已答复或已终止办理的申请才能编入案例库。")
    reply = Reply.objects.filter(application=application).first()
    if reply is None:
        raise InvalidTransition("该申请没有答复，不能编入案例库。")
    if not title.strip() or not request_summary.strip() or not handling.strip():
        raise ValidationError("请填写案例标题、申请内容概要和办理要点。")
    case, _created = TypicalCase.objects.update_or_create(
        application=application,
        defaults={
            "organisation_id": application.organisation_id,
            "title": _scrub(title.strip(), application),
            "request_summary": _scrub(request_summary.strip(), application),
            "handling": _scrub(handling.strip(), application),
            "commentary": _scrub(commentary.strip(), application),
            "reply_type": reply.reply_type,
            "reason": reply.reason,
            "topic": topic or application.topic,
            "is_public": is_public,
            "published_at": now,
            "created_by": actor,
        },
    )
    return case


# --- personal data -----------------------------------------------------------------------


def can_see_personal_data(user: User, application: Application) -> bool:
    """Only the handler of the application and the office administrators."""
    return roles.is_office_admin(user) or (
        application.handler_id is not None and application.handler_id == user.pk
    )


@transaction.atomic
def reveal_id_number(
    application: Application, *, user: User, now: datetime.datetime
) -> str:
    """Return the whole identity number and log the view (who, when)."""
    if not can_see_personal_data(user, application):
        raise PermissionDenied(
            "只有本申请的办理人和政务公开办管理员可以查看完整证件号码。"
        )
    PersonalDataAccess.objects.create(
        application=application, user=user, at=now, field="id_number"
    )
    logger.info(
        "personal data viewed: application=%s field=id_number user=%s",
        application.pk,
        user.pk,
    )
    return crypto.decrypt(application.id_number_encrypted)


# --- time-driven work --------------------------------------------------------------------


def reminder_threshold(days_left: int) -> str | None:
    """Return the reminder due for ``days_left`` working days, the most urgent first."""
    if days_left < 0:
        return "overdue"
    for limit in (1, 3, 5):
        if days_left <= limit:
            return f"{limit}d"
    return None


def send_deadline_reminders(*, now: datetime.datetime) -> SweepResult:
    """E-mail the handler and the unit when a reply is 5, 3, 1 working days from due,
    and when it is overdue; each (application, threshold) once.

    Selects by state (running clock, due within 5 working days), so a missed day
    catches up; when several thresholds passed at once only the most urgent is sent.
    """
    from requests_app.selectors import applications_due_for_reminders

    calendar = work_calendar()
    today = local_date(now)
    due: list[tuple[Application, str]] = []
    for application in applications_due_for_reminders(today, calendar):
        assert application.due_date is not None  # noqa: S101 - selected on due_date
        left = deadlines.working_days_left(
            today, application.due_date, calendar=calendar
        )
        threshold = reminder_threshold(left)
        if threshold is not None:
            due.append((application, threshold))
    return sweep(due, send=notifications.send_deadline_reminder, now=now)


@dataclass(frozen=True)
class LapseResult:
    closed: int


def close_lapsed_applications(*, now: datetime.datetime) -> LapseResult:
    """Close applications whose 补正 or payment period has passed (idempotent)."""
    from requests_app.selectors import applications_past_applicant_due

    closed = 0
    for application in applications_past_applicant_due(local_date(now)):
        try:
            if application.status == Status.AWAITING_CORRECTION:
                close_for_no_correction(application, actor=None, now=now)
            else:
                close_for_non_payment(application, actor=None, now=now)
        except InvalidTransition:
            # Another run, or a member of staff, got there first.
            continue
        closed += 1
    return LapseResult(closed=closed)
