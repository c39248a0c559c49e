"""What the applicant holding the serial number and query code may read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Prefetch,
)

from requests_app import crypto, download_tokens, ids
from requests_app.models import (
    Application,
    ApplicationEvent,
    Attachment,
    Reply,
)
from requests_app.selectors.cases import RELEASED_CHECKS
from requests_app.workflow import EventKind


def get_application_for_applicant(
    serial_number: str, query_code: str
) -> Application | None:
    """Return the application for a matching (serial number, query code) pair, else None.

    A wrong pair and an unknown serial both give None: no hint whether a serial exists.
    """
    serial = serial_number.strip().upper()
    if not ids.is_valid_serial_number(serial) or not query_code.strip():
        return None
    application = (
        Application.objects.filter(serial_number=serial)
        .select_related("reply", "organisation")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.order_by("at", "id").only(
                    "application_id", "kind", "on", "at", "status_after", "payload"
                ),
            )
        )
        .first()
    )
    if application is None or not crypto.query_code_matches(
        serial, query_code, application.query_code_hash
    ):
        return None
    return application


@dataclass(frozen=True)
class PublicEvent:
    kind: str
    label: str
    on: datetime.date
    note: str


# What the applicant sees of each step (never staff-internal reasons or names).
_PUBLIC_NOTES = {
    "correction_requested": lambda p: "需补正事项：" + "；".join(p.get("items", [])),
    "extended": lambda p: f"答复期限延长{p.get('days', 0)}个工作日",
    "fee_notice_issued": lambda p: f"应缴纳信息处理费{p.get('amount', 0)}元",
    "transferred": lambda p: f"转由{p.get('to_organisation', '')}办理",
    "delivered": lambda p: _delivered_note(p.get("notice", "")),
}


def _delivered_note(notice: str) -> str:
    label = EventKind(notice).label if notice in EventKind.values else "通知"
    return f"{label}已通过电子邮件送达"


def public_events(application: Application) -> list[PublicEvent]:
    rows = []
    for event in application.events.all():
        note_fn = _PUBLIC_NOTES.get(event.kind)
        rows.append(
            PublicEvent(
                kind=event.kind,
                label=event.get_kind_display(),
                on=event.on,
                note=note_fn(event.payload) if note_fn else "",
            )
        )
    return rows


def get_reply(application: Application) -> Reply | None:
    try:
        return application.reply
    except Reply.DoesNotExist:
        return None


def get_application_for_download(token: str) -> Application | None:
    """Return the replied application a valid download token opens, else None."""
    opened = download_tokens.read_token(token)
    if opened is None:
        return None
    pk, code_prefix = opened
    application = (
        Application.objects.filter(pk=pk, reply__isnull=False)
        .select_related("reply", "organisation")
        .first()
    )
    if application is None or application.query_code_hash[:16] != code_prefix:
        return None
    return application


def released_reply_attachments(application: Application) -> list[Attachment]:
    """The reply's files that may leave the office (hidden-data check passed)."""
    return list(
        Attachment.objects.filter(
            application=application, check_status__in=RELEASED_CHECKS
        )
        .only("id", "application_id", "original_name", "size")
        .order_by("id")
    )


def get_released_reply_attachment(
    application: Application, attachment_pk: int
) -> Attachment | None:
    return Attachment.objects.filter(
        pk=attachment_pk, application=application, check_status__in=RELEASED_CHECKS
    ).first()
