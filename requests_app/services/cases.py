"""The case library (案例库)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.models import User
from portal.pii import redact_text
from portal.services import index_publish, index_withdraw
from requests_app.models import (
    Application,
    Reply,
    TypicalCase,
)
from requests_app.workflow import (
    InvalidTransition,
    Status,
)

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
    sync_case_index(case)
    return case


CASE_SECTION = "request-cases"


def sync_case_index(case: TypicalCase) -> None:
    """Publish a public case to the site index (search, feeds); withdraw it otherwise."""
    if case.is_public:
        index_publish(
            case,
            section=CASE_SECTION,
            title=case.title,
            url=case.get_absolute_url(),
            published_at=case.published_at,
            organisation=case.organisation,
            summary=case.request_summary[:200],
            body=f"{case.request_summary}\n{case.handling}\n{case.commentary}",
        )
    else:
        index_withdraw(case)


@transaction.atomic
def save_case(case: TypicalCase) -> TypicalCase:
    """Save a case edited by staff: scrub personal data again, then re-index it."""
    fields = ("title", "request_summary", "handling", "commentary")
    for field in fields:
        value = getattr(case, field)
        if case.application is not None:
            value = _scrub(value, case.application)
        setattr(case, field, redact_text(value))
    case.save()
    sync_case_index(case)
    return case
