"""E-mails of supervision, each a ``<name>_subject.txt``/``_body.txt`` template pair."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail import send_mail
from django.template.loader import render_to_string

from portal.models import Organisation, User
from portal.roles import SUPERVISION_LIAISON


def _send(name: str, context: dict[str, Any], recipients: Sequence[str]) -> None:
    subject = render_to_string(f"supervision/email/{name}_subject.txt", context)
    body = render_to_string(f"supervision/email/{name}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, list(recipients))


def unit_recipients(organisation: Organisation) -> list[str]:
    """The unit's 政务公开联络员 and its 政府信息公开工作机构 mailbox."""
    emails = [
        email
        for email in User.objects.filter(
            organisation=organisation,
            is_active=True,
            groups__name=SUPERVISION_LIAISON,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    ]
    if organisation.office_email:
        emails.append(organisation.office_email)
    return sorted(set(emails))


def send_unit_reminder(
    organisation: Organisation, name: str, context: dict[str, Any]
) -> list[str]:
    recipients = unit_recipients(organisation)
    if recipients:
        _send(name, {"organisation": organisation, **context}, recipients)
    return recipients
