"""区长信箱 transitions: one function per step, each in a transaction with an event row."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from interaction.models import Letter, LetterEvent, PublishedLetter, SerialCounter
from interaction.workflow import (
    TERMINAL,
    LetterEventKind,
    LetterStatus,
    Rating,
    Step,
    check_transition,
    project,
)
from portal import roles
from portal.checkdigits import make_serial
from portal.models import Organisation
from portal.pii import redact_known, redact_street_addresses, redact_text
from portal.reminders.sweep import SweepResult, sweep
from portal.selectors import work_calendar

SERIAL_PREFIX = "XX"  # 信箱
# Unambiguous characters: no 0/O, 1/I/L.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class MailboxError(Exception):
    """A refused step (message in Chinese, safe to show)."""


def reply_working_days() -> int:
    """The first-reply time limit in working days (setting, default 5)."""
    return int(getattr(settings, "MAILBOX_REPLY_WORKING_DAYS", 5))


def random_code(length: int = 8) -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def query_code_hash(serial_number: str, query_code: str) -> str:
    message = f"{serial_number.strip().upper()}:{query_code.strip().upper()}"
    return salted_hmac("interaction.mailbox.query-code", message).hexdigest()


def query_code_matches(letter: Letter, query_code: str) -> bool:
    return constant_time_compare(
        letter.query_code_hash, query_code_hash(letter.serial_number, query_code)
    )


def next_serial(prefix: str, year: int) -> str:
    """Hand out the next serial of ``prefix`` and ``year`` (one locking UPDATE)."""
    counter, _created = SerialCounter.objects.get_or_create(prefix=prefix, year=year)
    SerialCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return make_serial(prefix, year, counter.last)


@dataclass(frozen=True)
class Submission:
    letter: Letter
    serial_number: str
    query_code: str  # shown to the writer once, stored only as a keyed hash


def _refresh(letter: Letter) -> None:
    """Recompute the stored projection from the event history."""
    steps = [
        Step(kind=e.kind, at=e.at, unit_id=e.unit_id)
        # Insertion order is the true order of an append-only log, whatever ``at`` says.
        for e in letter.events.order_by("id").only("kind", "at", "unit_id")
    ]
    state = project(steps, calendar=work_calendar(), working_days=reply_working_days())
    letter.status = state.status
    letter.organisation_id = state.unit_id
    letter.due_date = state.due_date
    letter.reopens = state.reopens
    letter.first_replied_at = state.first_replied_at
    letter.replied_at = state.last_replied_at
    letter.save(
        update_fields=[
            "status",
            "organisation",
            "due_date",
            "reopens",
            "first_replied_at",
            "replied_at",
            "reply",
            "rating",
        ]
    )


def _step(
    letter: Letter,
    kind: str,
    *,
    now: datetime.datetime,
    actor: Any = None,
    unit: Organisation | None = None,
    text: str = "",
    payload: dict[str, Any] | None = None,
) -> LetterEvent:
    check_transition(letter.status, kind, reopens=letter.reopens)
    event = LetterEvent.objects.create(
        letter=letter,
        kind=kind,
        at=now,
        actor=actor,
        unit=unit,
        text=text,
        payload=payload or {},
    )
    _refresh(letter)
    return event


def _lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _require_handler(letter: Letter, actor: Any) -> None:
    """The handling unit's 互动办理人, or the 区政务公开办, may act on a letter."""
    if roles.is_office_admin(actor):
        return
    if not roles.has_role(actor, roles.INTERACTION_HANDLER):
        raise MailboxError("您没有办理区长信箱来信的权限。")
    if (
        letter.organisation_id is None
        or actor.organisation_id != letter.organisation_id
    ):
        raise MailboxError("只能办理本单位承办的来信。")


@transaction.atomic
def submit_letter(
    *,
    category: str,
    subject: str,
    content: str,
    name: str,
    phone: str,
    email: str = "",
    allow_public: bool = False,
    now: datetime.datetime,
) -> Submission:
    """Register a letter: serial number, query code, and the reply deadline."""
    serial = next_serial(SERIAL_PREFIX, timezone.localtime(now).year)
    code = random_code()
    letter = Letter.objects.create(
        serial_number=serial,
        query_code_hash=query_code_hash(serial, code),
        category=category,
        subject=subject,
        content=content,
        name=name,
        phone=phone,
        email=email,
        allow_public=allow_public,
        submitted_at=now,
    )
    # The first event has no prior state to check against: record it and project.
    LetterEvent.objects.create(letter=letter, kind=LetterEventKind.SUBMIT, at=now)
    _refresh(letter)
    return Submission(letter=letter, serial_number=serial, query_code=code)


@transaction.atomic
def assign_letter(
    letter: Letter, *, actor: Any, unit: Organisation, now: datetime.datetime
) -> LetterEvent:
    """分办: the district office gives the letter to a unit."""
    letter = _lock(letter)
    if not roles.is_office_admin(actor):
        raise MailboxError("只有区政务公开办可以分办来信。")
    return _step(letter, LetterEventKind.ASSIGN, now=now, actor=actor, unit=unit)


@transaction.atomic
def transfer_letter(
    letter: Letter,
    *,
    actor: Any,
    unit: Organisation,
    reason: str,
    now: datetime.datetime,
) -> LetterEvent:
    """转办: the handling unit (or the office) passes the letter to another unit."""
    letter = _lock(letter)
    _require_handler(letter, actor)
    if not reason.strip():
        raise MailboxError("转办须说明理由。")
    if unit.pk == letter.organisation_id:
        raise MailboxError("不能转办给当前承办单位。")
    return _step(
        letter, LetterEventKind.TRANSFER, now=now, actor=actor, unit=unit, text=reason
    )


@transaction.atomic
def reply_to_letter(
    letter: Letter, *, actor: Any, text: str, now: datetime.datetime
) -> LetterEvent:
    """答复: the handling unit answers the writer."""
    letter = _lock(letter)
    _require_handler(letter, actor)
    if not text.strip():
        raise MailboxError("答复内容不能为空。")
    letter.reply = text
    letter.rating = ""
    event = _step(letter, LetterEventKind.REPLY, now=now, actor=actor, text=text)
    if letter.email:
        email = letter.email
        serial = letter.serial_number
        transaction.on_commit(lambda: _send_reply_notice(email, serial))
    return event


def _send_reply_notice(email: str, serial_number: str) -> None:
    # The reply itself stays behind the query code: the mail only says it is there.
    send_mail(
        f"您的来信 {serial_number} 已答复",
        f"您写给区长信箱的来信（编号 {serial_number}）已答复，"
        "请凭信件编号和查询码在网站“区长信箱—查询”中查看并评价。",
        None,
        [email],
    )


@transaction.atomic
def rate_letter(
    letter: Letter,
    *,
    rating: str,
    reopen: bool = False,
    comment: str = "",
    now: datetime.datetime,
) -> LetterEvent:
    """评价: the writer rates the reply; a dissatisfied writer may ask once to reopen."""
    letter = _lock(letter)
    if rating not in Rating.values:
        raise MailboxError("请选择评价结果。")
    if reopen and rating != Rating.DISSATISFIED:
        raise MailboxError("只有对答复不满意时才能申请重新办理。")
    if reopen:
        letter.rating = rating
        return _step(
            letter,
            LetterEventKind.REOPEN,
            now=now,
            text=comment,
            payload={"rating": rating},
        )
    letter.rating = rating
    return _step(
        letter, LetterEventKind.RATE, now=now, text=comment, payload={"rating": rating}
    )


@transaction.atomic
def prepare_publication(letter: Letter, *, actor: Any) -> PublishedLetter:
    """Create the draft public rendition of a replied letter, personal data removed.

    Only for letters whose writer agreed; the writer's name, phone and e-mail are never
    copied, and ID-number or phone-like runs in the text are masked before staff see
    the draft. Publication then goes through 三审三校.
    """
    letter = _lock(letter)
    _require_handler(letter, actor)
    if not letter.allow_public:
        raise MailboxError("来信人未同意公开，不能公开此件来信。")
    if letter.first_replied_at is None or letter.replied_at is None:
        raise MailboxError("来信尚未答复，不能公开。")
    existing = PublishedLetter.objects.filter(letter=letter).first()
    if existing is not None:
        return existing
    assert letter.organisation_id is not None  # noqa: S101 - replied implies assigned
    return PublishedLetter.objects.create(
        letter=letter,
        organisation_id=letter.organisation_id,
        author=actor,
        category=letter.category,
        subject=redact_text(letter.subject),
        content=_scrub(letter.content, letter),
        reply=_scrub(letter.reply, letter),
        received_on=timezone.localtime(letter.submitted_at).date(),
        replied_on=timezone.localtime(letter.replied_at).date(),
    )


def _scrub(text: str, letter: Letter) -> str:
    """Mask ID numbers and phones, remove street-level addresses and the writer's own
    name, phone and e-mail."""
    text = redact_known(text, [letter.phone, letter.email, letter.name])
    return redact_street_addresses(redact_text(text))


def reminder_threshold(left: int, round_: int) -> str | None:
    """Return the reminder due with ``left`` working days to the deadline, if any."""
    if left < 0:
        return f"r{round_}-overdue"
    if left <= 1:
        return f"r{round_}-1d"
    return None


def _reminder_recipients(letter: Letter, threshold: str) -> list[str]:
    from interaction.selectors import letter_handler_emails

    return letter_handler_emails(letter)


def _send_reminder(letter: Letter, threshold: str) -> list[str]:
    recipients = _reminder_recipients(letter, threshold)
    if recipients:
        overdue = threshold.endswith("overdue")
        send_mail(
            f"区长信箱来信 {letter.serial_number} "
            + ("已超过答复期限" if overdue else "即将到答复期限"),
            f"来信“{letter.subject}”（编号 {letter.serial_number}）的答复期限为"
            f"{letter.due_date:%Y年%m月%d日}，请及时办理。",
            None,
            recipients,
        )
    return recipients


def send_letter_reminders(*, now: datetime.datetime) -> SweepResult:
    """Remind the handling unit 1 working day before the deadline and once overdue.

    Selects open letters by state and due date, so a missed day catches up; each
    (letter, round, threshold) is sent once through ``portal.reminders``.
    """
    from interaction.selectors import letters_due_for_reminders

    calendar = work_calendar()
    today = timezone.localtime(now).date()
    due: list[tuple[Letter, str]] = []
    for letter in letters_due_for_reminders(today, calendar):
        assert letter.due_date is not None  # noqa: S101 - selected on due_date
        if letter.due_date < today:
            left = -1
        else:
            left = calendar.workdays_between(today, letter.due_date)
        threshold = reminder_threshold(left, letter.reopens)
        if threshold is not None:
            due.append((letter, threshold))
    return sweep(due, send=_send_reminder, now=now)


__all__ = [
    "TERMINAL",
    "LetterStatus",
    "MailboxError",
    "Submission",
    "assign_letter",
    "prepare_publication",
    "query_code_matches",
    "rate_letter",
    "reply_to_letter",
    "send_letter_reminders",
    "submit_letter",
    "transfer_letter",
]
