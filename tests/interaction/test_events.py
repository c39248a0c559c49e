"""Open-month registrations: capacity held by the database, waiting list, check-in."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, connections
from django.db.models import F
from django.utils import timezone

from interaction.models import OpenMonthEvent, Registration, RegistrationStatus
from interaction.services import events as services
from tests.interaction.conftest import Cast, make_event

S = RegistrationStatus


def _register(event: OpenMonthEvent, n: int, **kw: object) -> Registration:
    return services.register_for_event(
        event, name=f"市民{n}", phone=f"139{n:08d}", now=timezone.now(), **kw
    )  # type: ignore[arg-type]


@pytest.mark.django_db
def test_places_then_waiting_list_then_promotion_on_cancel(cast: Cast) -> None:
    event = make_event(cast.unit, capacity=2)
    first, second, third, fourth = (_register(event, n) for n in range(4))
    assert [r.status for r in (first, second, third, fourth)] == [S.CONFIRMED] * 2 + [
        S.WAITING
    ] * 2
    services.cancel_registration(second.code.lower(), now=timezone.now())
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == S.CONFIRMED
    assert fourth.status == S.WAITING
    event.refresh_from_db()
    assert event.confirmed_count == 2
    services.cancel_registration(fourth.code, now=timezone.now())
    services.cancel_registration(first.code, now=timezone.now())
    event.refresh_from_db()
    assert event.confirmed_count == 1
    with pytest.raises(services.RegistrationError, match="已取消"):
        services.cancel_registration(first.code, now=timezone.now())


@pytest.mark.django_db
def test_the_database_refuses_more_confirmed_than_places(cast: Cast) -> None:
    event = make_event(cast.unit, capacity=1)
    _register(event, 1)
    with pytest.raises(IntegrityError):
        OpenMonthEvent.objects.filter(pk=event.pk).update(
            confirmed_count=F("confirmed_count") + 1
        )


@pytest.mark.django_db
def test_refusals(cast: Cast) -> None:
    now = timezone.now()
    closed = make_event(
        cast.unit,
        registration_opens_at=now - datetime.timedelta(days=3),
        registration_closes_at=now - datetime.timedelta(days=1),
    )
    with pytest.raises(services.RegistrationError, match="报名已截止"):
        _register(closed, 1)
    event = make_event(cast.unit, requires_id=True)
    with pytest.raises(services.RegistrationError, match="校验位"):
        _register(event, 1, id_type="resident_id", id_number="110105194912310021")
    ok = _register(event, 1, id_type="resident_id", id_number="11010519491231002X")
    assert ok.id_number_masked == "1101**********002X"
    with pytest.raises(services.RegistrationError, match="重复报名"):
        _register(event, 1, id_type="resident_id", id_number="11010519491231002X")


@pytest.mark.django_db
def test_check_in_by_the_host_unit_only_once(cast: Cast) -> None:
    event = make_event(cast.unit)
    registration = _register(event, 1)
    with pytest.raises(services.RegistrationError, match="主办单位"):
        services.check_in(
            event,
            registration.checkin_code,
            actor=cast.other_handler,
            now=timezone.now(),
        )
    services.check_in(
        event, registration.checkin_code, actor=cast.handler, now=timezone.now()
    )
    with pytest.raises(services.RegistrationError, match="不能重复"):
        services.check_in(
            event, registration.checkin_code, actor=cast.handler, now=timezone.now()
        )


@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_signups_for_50_places(cast: Cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers need PostgreSQL")
    event = make_event(cast.unit, capacity=50)
    start = threading.Barrier(20)

    def sign_up(n: int) -> str:
        try:
            if n < 20:
                start.wait(timeout=30)  # the first wave starts together
            return _register(event, n).status
        finally:
            connections.close_all()

    # 20 threads at a time keep within the shared server's connection limit.
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(sign_up, range(200)))
    assert statuses.count(S.CONFIRMED) == 50
    assert statuses.count(S.WAITING) == 150
    event.refresh_from_db()
    assert event.confirmed_count == 50
    assert Registration.objects.filter(event=event, status=S.CONFIRMED).count() == 50
    assert Registration.objects.filter(event=event, status=S.WAITING).count() == 150
