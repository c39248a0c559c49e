"""Delivering notices and replies to the applicant by e-mail, each recorded as 送达.

For applications whose 获取方式 (or the reply's 送达方式) is 电子邮件 or 网上获取, the
applicant is e-mailed when a 补正 notice, an extension notice, a fee notice or the reply
is issued. The mail leaves after the step's transaction commits, and only a mail that
left is recorded as a 送达 event (条例第四十五条: 申请登记、审核、办理、答复、归档
records; 条例第三十条、第三十三条 and the 办法 make these notices the applicant's to
receive). The event keeps no address, only the channel.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from requests_app import notifications
from requests_app.choices import DeliveryMethod
from requests_app.models import Application, ApplicationEvent, Reply
from requests_app.services._events import _lock, _record, local_date
from requests_app.workflow import EventKind

logger = logging.getLogger(__name__)

# The steps whose notice the applicant receives, and the e-mail template of each.
NOTICES: dict[EventKind, str] = {
    EventKind.CORRECTION_REQUESTED: "correction_notice",
    EventKind.EXTENDED: "extension_notice",
    EventKind.FEE_NOTICE_ISSUED: "fee_notice",
    EventKind.REPLIED: "reply",
}
ELECTRONIC: frozenset[str] = frozenset({DeliveryMethod.EMAIL, DeliveryMethod.ONLINE})


def deliver_on_commit(
    application: Application, kind: EventKind, *, delivery_method: str = ""
) -> bool:
    """Queue the e-mail of ``kind``'s notice for after the commit; False if none is due."""
    method = delivery_method or application.delivery_method
    if kind not in NOTICES or method not in ELECTRONIC or not application.email:
        return False
    pk = application.pk
    transaction.on_commit(lambda: deliver_notice(pk, kind, now=timezone.now()))
    return True


def deliver_notice(
    application_pk: int, kind: EventKind, *, now: datetime.datetime
) -> ApplicationEvent | None:
    """E-mail the latest ``kind`` notice of the application and record its 送达.

    A missing application or notice is nothing to do. A mail that fails is logged
    (without the address) and not recorded, so the record shows only what was sent.
    """
    application = (
        Application.objects.select_related("organisation")
        .filter(pk=application_pk)
        .first()
    )
    if application is None or not application.email:
        return None
    notice = (
        application.events.filter(kind=kind)
        .order_by("-at", "-id")
        .only("payload")
        .first()
    )
    if notice is None:
        return None
    context = _context(application, kind, notice.payload)
    try:
        notifications.send_applicant_notice(NOTICES[kind], context, application.email)
    except Exception:  # noqa: BLE001 - any mail failure leaves the step committed
        logger.exception(
            "notice %s of application %s could not be e-mailed", kind, application_pk
        )
        return None
    with transaction.atomic():
        locked = _lock(application)
        if kind is EventKind.REPLIED:
            # The reply's 送达日期 (the day 复议 and 诉讼 periods count from), unless
            # staff entered another one.
            Reply.objects.filter(application=locked, delivered_on__isnull=True).update(
                delivered_on=local_date(now)
            )
        return _record(
            locked,
            EventKind.DELIVERED,
            actor=None,
            now=now,
            reason=f"{kind.label}已通过电子邮件送达申请人",
            payload={"notice": str(kind), "channel": DeliveryMethod.EMAIL.value},
        )


def _context(
    application: Application, kind: EventKind, payload: dict[str, Any]
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "serial_number": application.serial_number,
        "organisation": application.organisation.name,
        "name": application.name,
        "payload": payload,
        "applicant_due": _date(payload.get("applicant_due")),
        "due_date": application.due_date,
    }
    if kind is EventKind.REPLIED:
        context["reply"] = Reply.objects.filter(application=application).first()
    return context


def _date(value: Any) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else None
