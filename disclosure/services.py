"""Writes of proactive disclosure. Publication itself goes through
``portal.publishing.services`` (三审三校); these prepare records before review."""

from __future__ import annotations

import datetime

from django.db import transaction

from disclosure.models import InformationItem, ItemAttachment
from policies.models import Topic
from policies.services import next_index_number
from portal.attachments import DOCUMENT_KINDS, MAX_ATTACHMENT_BYTES, check_file


@transaction.atomic
def save_item(item: InformationItem, *, today: datetime.date) -> InformationItem:
    """Save ``item``, giving a new one its unit's next 索引号 (shared with the policy
    library's counter, so a unit's numbers never collide across the two)."""
    item.topic = item.topic or Topic.GENERAL
    if not item.index_number:
        year = (item.generated_date or today).year
        item.index_number = next_index_number(item.organisation, year)
    item.save()
    return item


def attachment_problem(data: bytes) -> str:
    """Return a Chinese reason why ``data`` may not be attached, judged by its content."""
    result = check_file(data, DOCUMENT_KINDS, MAX_ATTACHMENT_BYTES)
    return result if isinstance(result, str) else ""


def describe_attachment(attachment: ItemAttachment, data: bytes) -> None:
    """Fill the detected format and size of an attachment before it is saved."""
    result = check_file(data, DOCUMENT_KINDS, MAX_ATTACHMENT_BYTES)
    if isinstance(result, str):
        raise ValueError(result)
    attachment.kind = result.label
    attachment.size = len(data)
