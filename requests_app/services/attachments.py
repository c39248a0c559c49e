"""Files that leave the office, checked for hidden data."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from portal.models import User
from requests_app import hidden_data
from requests_app.choices import (
    AttachmentCheck,
)
from requests_app.models import (
    Application,
    Attachment,
    TypicalCase,
)
from requests_app.workflow import (
    InvalidTransition,
)

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


def add_reply_attachment(
    application: Application, *, filename: str, data: bytes
) -> Attachment:
    """Attach a file to be sent with the reply of ``application`` (checked first)."""
    return add_attachment(filename=filename, data=data, application=application)


def add_case_attachment(
    application: Application, *, filename: str, data: bytes
) -> Attachment:
    """Attach a file to the typical case made from ``application`` (checked first)."""
    case = TypicalCase.objects.filter(application=application).first()
    if case is None:
        raise InvalidTransition("请先将该申请编入案例库，再上传案例附件。")
    return add_attachment(filename=filename, data=data, typical_case=case)
