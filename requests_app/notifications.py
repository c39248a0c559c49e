"""E-mails of on-request disclosure.

Each is a set of templates, ``<name>_subject.txt``, ``<name>_body.txt`` and
``<name>_body.html``, rendered by :func:`_send`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from requests_app.models import Application


def _send(name: str, context: dict[str, Any], recipients: Sequence[str]) -> None:
    base = f"requests_app/email/{name}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{base}_body.txt", context), None, list(recipients)
    )
    message.attach_alternative(
        render_to_string(f"{base}_body.html", context), "text/html"
    )
    message.send()


def send_applicant_notice(name: str, context: dict[str, Any], email: str) -> None:
    """E-mail the applicant a notice or the reply (addressed to them only)."""
    _send(name, context, [email])


def send_filing_receipt(serial_number: str, query_code: str, email: str) -> None:
    """Tell the applicant the serial number and query code (only they get the code)."""
    _send(
        "filing_receipt",
        {"serial_number": serial_number, "query_code": query_code},
        [email],
    )


THRESHOLD_LABELS = {
    "5d": "距答复期限还有5个工作日",
    "3d": "距答复期限还有3个工作日",
    "1d": "距答复期限还有1个工作日",
    "overdue": "已超过答复期限",
}


def reminder_recipients(application: Application) -> list[str]:
    """The handler, and the unit's 政府信息公开工作机构 mailbox as its supervisor."""
    recipients = []
    if application.handler is not None and application.handler.email:
        recipients.append(application.handler.email)
    if application.organisation.office_email:
        recipients.append(application.organisation.office_email)
    return recipients


def send_deadline_reminder(application: Application, threshold: str) -> list[str]:
    """E-mail a deadline reminder; personal data of the applicant is left out."""
    recipients = reminder_recipients(application)
    if recipients:
        _send(
            "deadline_reminder",
            {
                "serial_number": application.serial_number,
                "organisation": application.organisation.name,
                "due_date": application.due_date,
                "label": THRESHOLD_LABELS.get(threshold, threshold),
            },
            recipients,
        )
    return recipients
