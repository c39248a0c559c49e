"""Send reminders once per record, threshold and due date, whatever the number of runs.

A due item is ``(record, threshold)`` or ``(record, threshold, due_on)``; with a due
date the marker belongs to it, so a record whose due date moves is reminded again for
the new date (the old markers stay as history).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction

from portal.reminders.models import ReminderSent

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=models.Model)

# (record, threshold) or (record, threshold, due date)
DueItem = tuple[M, str] | tuple[M, str, datetime.date | None]

# A send function returns the recipients it wrote to (stored on the marker).
SendFunction = Callable[[M, str], Sequence[str]]


@dataclass(frozen=True)
class SweepResult:
    sent: int
    skipped: int  # already sent earlier (another run got there first)
    disabled: bool = False
    failed: int = 0  # the send raised; the claim was released for the next run


def reminders_enabled() -> bool:
    """The switch to stop all automatic reminders (e.g. during an emergency)."""
    return bool(getattr(settings, "REMINDERS_ENABLED", True))


def already_sent(
    model: type[models.Model], object_ids: Iterable[object]
) -> set[tuple[str, str, datetime.date | None]]:
    """Return the ``(object_id, threshold, due_on)`` markers of ``object_ids``."""
    content_type = ContentType.objects.get_for_model(model)
    ids = [str(pk) for pk in object_ids]
    if not ids:
        return set()
    return set(
        ReminderSent.objects.filter(
            content_type=content_type, object_id__in=ids
        ).values_list("object_id", "threshold", "due_on")
    )


def _unpack(item: DueItem[M]) -> tuple[M, str, datetime.date | None]:
    if len(item) == 3:
        return item[0], item[1], item[2]  # type: ignore[misc]
    return item[0], item[1], None


def send_once(
    obj: M,
    threshold: str,
    *,
    send: SendFunction[M],
    now: datetime.datetime,
    due_on: datetime.date | None = None,
) -> bool:
    """Claim the (``obj``, ``threshold``, ``due_on``) marker and send; False if sent.

    The marker insert and the send share one transaction: if sending fails the claim
    rolls back and the next sweep tries again.
    """
    content_type = ContentType.objects.get_for_model(type(obj))
    try:
        with transaction.atomic():
            marker = ReminderSent.objects.create(
                content_type=content_type,
                object_id=str(obj.pk),
                threshold=threshold,
                due_on=due_on,
                sent_at=now,
            )
            recipients = list(send(obj, threshold))
            marker.recipients = ", ".join(recipients)
            marker.save(update_fields=["recipients"])
    except IntegrityError:
        # Another run (or an earlier one) already sent this reminder.
        return False
    return True


def sweep(
    due: Iterable[DueItem[M]],
    *,
    send: SendFunction[M],
    now: datetime.datetime,
) -> SweepResult:
    """Send each ``(record, threshold)`` in ``due`` that has not been sent before.

    Records whose marker already exists are skipped with one query for the batch;
    the unique constraint settles races between concurrent runs.
    """
    if not reminders_enabled():
        return SweepResult(sent=0, skipped=0, disabled=True)
    items = [_unpack(item) for item in due]
    if not items:
        return SweepResult(sent=0, skipped=0)
    done: set[tuple[str, str, datetime.date | None]] = set()
    by_model: dict[type[models.Model], list[object]] = {}
    for obj, _threshold, _due_on in items:
        by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        done |= already_sent(model, pks)
    sent = skipped = failed = 0
    for obj, threshold, due_on in items:
        if (str(obj.pk), threshold, due_on) in done:
            skipped += 1
            continue
        try:
            claimed = send_once(obj, threshold, send=send, now=now, due_on=due_on)
        except Exception:  # noqa: BLE001 - one bad address must not stop the others
            # Identifiers only: the exception text may name a recipient.
            logger.warning(
                "reminder failed: %s pk=%s threshold=%s",
                obj._meta.label,
                obj.pk,
                threshold,
            )
            failed += 1
            continue
        if claimed:
            sent += 1
        else:
            skipped += 1
    logger.info("reminder sweep: %d sent, %d skipped, %d failed", sent, skipped, failed)
    return SweepResult(sent=sent, skipped=skipped, failed=failed)


def reminders_for(obj: models.Model) -> list[ReminderSent]:
    """Return the reminders sent about ``obj``, oldest first."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        ReminderSent.objects.filter(content_type=content_type, object_id=str(obj.pk))
    )
