"""The reply (条例第三十六条 to 第三十九条), its delivery to the applicant, and archiving."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.models import User
from requests_app.choices import (
    REASONS_BY_TYPE,
    AttachmentCheck,
    ReplyType,
    reason_fits,
)
from requests_app.models import Application, ApplicationEvent, Reply, ReplyTemplate
from requests_app.services._events import _lock, _record, _sync, local_date
from requests_app.services.delivery import deliver_on_commit
from requests_app.workflow import EventKind, InvalidTransition


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
    deliver_on_commit(locked, EventKind.REPLIED, delivery_method=delivery_method)
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
