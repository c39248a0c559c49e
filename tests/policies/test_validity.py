"""Validity status: the pure rules (property tests, no DB), transitions and their
history, relations (立改废) updating the target, the daily beat task, 清理."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies import services
from policies.models import StatusChange
from policies.tasks import apply_due_status_changes_task
from policies.validity import (
    TRANSITIONS,
    InvalidTransition,
    RelationKind,
    Validity,
    check_transition,
    due_status,
    initial_status,
)
from tests.policies.factories import DocumentFactory

NOW = datetime.datetime(2024, 6, 1, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2024, 6, 1)
dates = st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))
statuses = st.sampled_from(list(Validity))


# --- pure rules ----------------------------------------------------------------------


@given(status=statuses, effective=dates, expiry=dates, today=dates.filter(bool))
def test_a_due_change_is_an_allowed_transition_and_applying_it_is_final(
    status: Validity,
    effective: datetime.date | None,
    expiry: datetime.date | None,
    today: datetime.date,
) -> None:
    due = due_status(status, effective, expiry, today)
    if due is None:
        return
    to_status, on = due
    check_transition(status, to_status)  # never raises for a due change
    assert on <= today
    # Idempotent: once applied, nothing more is due on the same day.
    again = due_status(to_status, effective, expiry, today)
    assert again is None or again[0] == Validity.EXPIRED


@given(effective=dates, expiry=dates, today=dates.filter(bool))
def test_initial_status_follows_the_dates(
    effective: datetime.date | None,
    expiry: datetime.date | None,
    today: datetime.date,
) -> None:
    status = initial_status(effective, expiry, today)
    if effective and effective > today:
        assert status == Validity.NOT_YET_EFFECTIVE
    elif expiry and expiry < today:
        assert status == Validity.EXPIRED
    else:
        assert status == Validity.EFFECTIVE


def test_repealed_is_terminal_and_unknown_moves_are_refused() -> None:
    assert TRANSITIONS[Validity.REPEALED] == frozenset()
    with pytest.raises(InvalidTransition, match="废止"):
        check_transition(Validity.REPEALED, Validity.EFFECTIVE)
    with pytest.raises(InvalidTransition):
        check_transition(Validity.EFFECTIVE, Validity.NOT_YET_EFFECTIVE)


def test_expiry_date_passing_lapses_the_day_after() -> None:
    assert due_status("effective", None, datetime.date(2024, 5, 31), TODAY) == (
        Validity.EXPIRED,
        TODAY,
    )
    assert due_status("effective", None, TODAY, TODAY) is None
    assert due_status("not_yet_effective", TODAY, None, TODAY) == (
        Validity.EFFECTIVE,
        TODAY,
    )


# --- services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_document_gets_its_status_from_its_dates_and_an_index_number() -> None:
    later = DocumentFactory(effective_date=datetime.date(2024, 7, 1))
    assert later.status == Validity.NOT_YET_EFFECTIVE
    now_ = DocumentFactory(organisation=later.organisation)
    assert now_.status == Validity.EFFECTIVE
    assert now_.index_number.endswith("/2024-00002")


@pytest.mark.django_db
def test_recording_a_repeal_updates_the_target_and_its_history_together() -> None:
    old = DocumentFactory(title="济阳区就业补贴管理办法")
    new = DocumentFactory(title="济阳区就业补贴管理办法（修订）")
    services.record_relation(
        new, old, RelationKind.REPEALS, actor=None, effective_on=TODAY, now=NOW
    )
    old.refresh_from_db()
    assert old.status == Validity.REPEALED
    assert old.repeal_date == TODAY
    [change] = StatusChange.objects.filter(document=old)
    assert (change.from_status, change.to_status, change.caused_by) == (
        "effective",
        "repealed",
        new,
    )
    assert new.doc_number in change.reason


@pytest.mark.django_db
def test_amend_then_partial_repeal_keeps_every_step_in_history() -> None:
    target = DocumentFactory()
    amend = DocumentFactory()
    partial = DocumentFactory()
    services.record_relation(
        amend, target, "amends", actor=None, effective_on=TODAY, now=NOW
    )
    services.record_relation(
        partial,
        target,
        "partially_repeals",
        actor=None,
        effective_on=TODAY + datetime.timedelta(days=3),
        now=NOW,
    )
    target.refresh_from_db()
    assert target.status == Validity.PARTIALLY_INVALID
    assert list(
        StatusChange.objects.filter(document=target).values_list(
            "from_status", "to_status"
        )
    ) == [("effective", "amended"), ("amended", "partially_invalid")]


@pytest.mark.django_db
def test_a_refused_transition_rolls_the_relation_back() -> None:
    target = DocumentFactory()
    first, second = DocumentFactory(), DocumentFactory()
    services.record_relation(
        first, target, "repeals", actor=None, effective_on=TODAY, now=NOW
    )
    with pytest.raises(InvalidTransition):
        services.record_relation(
            second, target, "amends", actor=None, effective_on=TODAY, now=NOW
        )
    assert target.incoming_relations.count() == 1
    assert StatusChange.objects.filter(document=target).count() == 1


@pytest.mark.django_db
def test_the_beat_task_applies_due_dates_once_and_a_quiet_run_changes_nothing(
    time_machine,
) -> None:
    time_machine.move_to(datetime.datetime(2024, 6, 1, 1, 0, tzinfo=datetime.UTC))
    pending = DocumentFactory(effective_date=datetime.date(2024, 6, 10))
    lapsing = DocumentFactory(expiry_date=datetime.date(2024, 6, 20))
    steady = DocumentFactory()
    assert apply_due_status_changes_task.delay().get() == 0
    assert StatusChange.objects.count() == 0
    # A missed day catches up: the run on 25 June applies both changes.
    time_machine.move_to(datetime.datetime(2024, 6, 25, 1, 0, tzinfo=datetime.UTC))
    assert apply_due_status_changes_task.delay().get() == 2
    assert apply_due_status_changes_task.delay().get() == 0
    pending.refresh_from_db()
    lapsing.refresh_from_db()
    steady.refresh_from_db()
    assert pending.status == Validity.EFFECTIVE
    assert lapsing.status == Validity.EXPIRED
    assert lapsing.lapse_date == datetime.date(2024, 6, 21)
    assert steady.status == Validity.EFFECTIVE
    assert StatusChange.objects.count() == 2


@pytest.mark.django_db
def test_bulk_review_changes_what_it_can_and_reports_the_rest() -> None:
    from tests.portal.factories import UserFactory

    actor = UserFactory()
    repealed = DocumentFactory()
    services.change_status(
        repealed, "repealed", actor=actor, changed_on=TODAY, reason="清理", now=NOW
    )
    docs = [DocumentFactory(), DocumentFactory(), repealed]
    changed, problems = services.review_statuses(
        docs, "expired", actor=actor, changed_on=TODAY, reason="2024年清理", now=NOW
    )
    assert changed == 2
    assert len(problems) == 1 and "废止" in problems[0]


@pytest.mark.django_db
def test_the_same_doc_number_cannot_be_registered_twice_in_any_variant() -> None:
    from django.core.exceptions import ValidationError

    DocumentFactory(doc_number="济阳政办发〔2024〕2号")
    with pytest.raises(ValidationError, match="已登记"):
        DocumentFactory(doc_number="济阳政办发（２０２４）第02号")
    with pytest.raises(ValidationError, match="无法识别"):
        DocumentFactory(doc_number="第二号文件")
