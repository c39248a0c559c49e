"""Mailbox transitions: event rows, scope, refusals, publication, statistics, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from interaction import selectors
from interaction.models import Letter, LetterEvent, PublishedLetter
from interaction.services import mailbox
from interaction.tasks import send_letter_reminders_task
from interaction.workflow import InvalidTransition, LetterStatus, Rating
from portal.checkdigits import is_valid_serial
from portal.publishing import services as publishing
from tests.conftest import Desk
from tests.interaction.conftest import NOW, Cast, write_letter

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_submit_gives_a_checked_serial_and_a_query_code_stored_only_hashed(
    cast: Cast,
) -> None:
    submission = write_letter()
    letter = submission.letter
    assert is_valid_serial("XX", submission.serial_number)
    assert submission.serial_number.startswith("XX2024")
    assert submission.query_code not in letter.query_code_hash
    assert letter.status == LetterStatus.SUBMITTED
    assert letter.due_date == datetime.date(2024, 3, 12)
    assert list(letter.events.values_list("kind", flat=True)) == ["submit"]
    assert (
        selectors.get_letter_for_writer(
            submission.serial_number.lower(), submission.query_code
        )
        == letter
    )
    assert selectors.get_letter_for_writer(submission.serial_number, "WRONG") is None
    second = write_letter()
    assert second.serial_number != submission.serial_number


def test_assign_transfer_reply_rate_records_every_step(
    cast: Cast, letter: Letter
) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW + HOUR)
    mailbox.transfer_letter(
        letter,
        actor=cast.handler,
        unit=cast.other_unit,
        reason="属教育和体育局职责",
        now=NOW + 2 * HOUR,
    )
    letter.refresh_from_db()
    assert letter.organisation == cast.other_unit
    with pytest.raises(mailbox.MailboxError, match="本单位"):
        mailbox.reply_to_letter(letter, actor=cast.handler, text="答复", now=NOW)
    mailbox.reply_to_letter(
        letter, actor=cast.other_handler, text="已安排调研。", now=NOW + 3 * HOUR
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED
    assert letter.reply == "已安排调研。"
    mailbox.rate_letter(letter, rating=Rating.SATISFIED, now=NOW + 4 * HOUR)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLOSED
    assert letter.rating == Rating.SATISFIED
    kinds = list(LetterEvent.objects.filter(letter=letter).values_list("kind", "actor"))
    assert kinds == [
        ("submit", None),
        ("assign", cast.admin.pk),
        ("transfer", cast.handler.pk),
        ("reply", cast.other_handler.pk),
        ("rate", None),
    ]


def test_only_the_office_assigns(cast: Cast, letter: Letter) -> None:
    with pytest.raises(mailbox.MailboxError, match="区政务公开办"):
        mailbox.assign_letter(letter, actor=cast.handler, unit=cast.unit, now=NOW)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.SUBMITTED


def test_staff_without_the_role_cannot_reply(cast: Cast, letter: Letter) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    with pytest.raises(mailbox.MailboxError, match="权限"):
        mailbox.reply_to_letter(letter, actor=cast.editor, text="答复", now=NOW)


def test_dissatisfied_writer_reopens_once(cast: Cast, letter: Letter) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    mailbox.reply_to_letter(
        letter, actor=cast.handler, text="第一次答复", now=NOW + HOUR
    )
    with pytest.raises(mailbox.MailboxError, match="不满意"):
        mailbox.rate_letter(letter, rating=Rating.SATISFIED, reopen=True, now=NOW)
    mailbox.rate_letter(
        letter, rating=Rating.DISSATISFIED, reopen=True, now=NOW + 2 * HOUR
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REOPENED
    assert letter.reopens == 1
    mailbox.reply_to_letter(
        letter, actor=cast.handler, text="第二次答复", now=NOW + 3 * HOUR
    )
    with pytest.raises(InvalidTransition, match="一次"):
        mailbox.rate_letter(
            letter, rating=Rating.DISSATISFIED, reopen=True, now=NOW + 4 * HOUR
        )
    mailbox.rate_letter(letter, rating=Rating.DISSATISFIED, now=NOW + 4 * HOUR)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CLOSED


def test_reply_mail_does_not_carry_the_reply(
    cast: Cast, letter: Letter, django_capture_on_commit_callbacks
) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        mailbox.reply_to_letter(
            letter, actor=cast.handler, text="秘密答复内容", now=NOW
        )
    assert len(mail.outbox) == 1
    assert letter.serial_number in mail.outbox[0].subject
    assert "秘密答复内容" not in mail.outbox[0].body


def _replied(cast: Cast, **overrides: object) -> Letter:
    letter = write_letter(**overrides).letter
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    mailbox.reply_to_letter(
        letter,
        actor=cast.handler,
        text="李四您好，已处理。如有疑问请致电 13912345678 或身份证 11010519491231002X。",
        now=NOW + datetime.timedelta(days=2),
    )
    letter.refresh_from_db()
    return letter


def test_publication_needs_consent_and_removes_personal_data(cast: Cast) -> None:
    private = _replied(cast, allow_public=False, subject="不公开的信")
    with pytest.raises(mailbox.MailboxError, match="未同意公开"):
        mailbox.prepare_publication(private, actor=cast.handler)
    letter = _replied(cast)
    draft = mailbox.prepare_publication(letter, actor=cast.handler)
    text = draft.publication_text()
    for secret in ("13912345678", "李四", "lisi@example.com", "11010519491231002X"):
        assert secret not in text
    assert mailbox.prepare_publication(letter, actor=cast.handler) == draft


def test_publication_removes_a_street_address_typed_into_the_letter(
    cast: Cast,
) -> None:
    letter = _replied(
        cast, content="我家住在济阳街道纬二路123号3单元502室，门前公交站牌损坏。"
    )
    text = mailbox.prepare_publication(letter, actor=cast.handler).publication_text()
    assert "123号" not in text and "502室" not in text
    assert "（地址已隐去）" in text and "门前公交站牌损坏" in text


def test_published_reply_goes_through_review_and_into_the_index(
    cast: Cast, desk: Desk
) -> None:
    letter = _replied(cast)
    draft = mailbox.prepare_publication(letter, actor=cast.handler)
    PublishedLetter.objects.filter(pk=draft.pk).update(organisation=desk.unit)
    draft.refresh_from_db()
    assert not selectors.public_letters().exists()
    record = publishing.submit(draft, actor=desk.editor)
    for reviewer in (desk.first, desk.second, desk.final):
        record = publishing.approve(record, actor=reviewer)
    assert list(selectors.public_letters()) == [draft]
    assert list(selectors.public_letters("公交")) == [draft]
    assert not selectors.public_letters("不存在的词").exists()
    from portal.models import IndexEntry

    assert IndexEntry.objects.filter(section="mailbox").count() == 1


def test_statistics_for_the_annual_report(cast: Cast) -> None:
    _replied(cast)  # replied 2 calendar days (2 working days) after receipt
    write_letter()  # not yet replied
    write_letter(now=NOW.replace(year=2023))
    stats = selectors.mailbox_statistics(2024)
    assert (stats.received, stats.replied, stats.published) == (2, 1, 0)
    assert stats.average_reply_working_days == 2.0
    assert (
        selectors.mailbox_statistics(2024, organisation=cast.other_unit).received == 0
    )
    assert selectors.mailbox_statistics(2022).average_reply_working_days is None


def test_reminders_once_per_threshold_even_when_run_twice(
    cast: Cast, letter: Letter, settings
) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    # Due Tue 12 March; on Mon 11 March one working day is left.
    monday = datetime.datetime(2024, 3, 11, 1, tzinfo=datetime.UTC)
    assert mailbox.send_letter_reminders(now=monday).sent == 1
    assert mailbox.send_letter_reminders(now=monday).sent == 0
    assert mail.outbox[-1].to == [cast.handler.email]
    late = datetime.datetime(2024, 3, 14, 1, tzinfo=datetime.UTC)
    assert mailbox.send_letter_reminders(now=late).sent == 1
    assert mailbox.send_letter_reminders(now=late).sent == 0
    assert "13912345678" not in mail.outbox[-1].body
    settings.REMINDERS_ENABLED = False
    assert send_letter_reminders_task.delay().get()["sent"] == 0


def test_verify_letter_projections_reports_a_tampered_row(
    cast: Cast, letter: Letter, capsys
) -> None:
    from django.core.management import CommandError, call_command

    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    call_command("verify_letter_projections")
    assert "全部一致" in capsys.readouterr().out
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.CLOSED)
    with pytest.raises(CommandError, match="1 处不一致"):
        call_command("verify_letter_projections")
    assert "status" in capsys.readouterr().out


def test_track_page_query_count_does_not_grow_with_history(
    client, cast: Cast, django_assert_max_num_queries
) -> None:
    from django.urls import reverse

    submission = write_letter()
    data = {
        "serial_number": submission.serial_number,
        "query_code": submission.query_code,
    }
    url = reverse("interaction:letter-track")
    client.get(url)
    # letter + unit (1), plus session/throttle-free reads; settings cached
    with django_assert_max_num_queries(3):
        client.post(url, data)
    letter = submission.letter
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    mailbox.transfer_letter(
        letter, actor=cast.handler, unit=cast.other_unit, reason="职责", now=NOW
    )
    mailbox.reply_to_letter(letter, actor=cast.other_handler, text="答复", now=NOW)
    with django_assert_max_num_queries(3):
        assert "答复" in client.post(url, data).content.decode()
