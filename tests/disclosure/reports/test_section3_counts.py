"""Section 三 and 四 of a unit's year, counted from applications, against a hand count."""

from __future__ import annotations

import datetime

import pytest

from disclosure.reports import balance
from disclosure.reports.selectors import build_snapshot
from disclosure.reports.services import get_or_create_report
from portal.models import Organisation
from requests_app import services
from requests_app.annual_report import annual_request_counts
from requests_app.choices import Channel
from requests_app.models import Application
from tests.portal.factories import OrganisationFactory
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory, LegalApplicationFactory

pytestmark = pytest.mark.django_db


def file(unit, handler, kind: str, received: datetime.date, reply=None):
    """File an application in person on ``received``; answer it if ``reply`` is given."""
    when = at(received.year, received.month, received.day)
    if kind == "natural":
        application = ApplicationFactory(
            organisation=unit, channel=Channel.IN_PERSON, now=when
        )
    else:
        application = LegalApplicationFactory(
            organisation=unit,
            channel=Channel.IN_PERSON,
            now=when,
            legal_person_kind=kind,
        )
    services.accept_application(
        application, actor=handler, now=when + datetime.timedelta(hours=1)
    )
    if reply is not None:
        replied_on, reply_type, reason = reply
        services.send_reply(
            application,
            actor=handler,
            reply_type=reply_type,
            reason=reason,
            body="答复",
            delivery_method="email",
            now=at(replied_on.year, replied_on.month, replied_on.day, 15),
        )
    return application


D = datetime.date


@pytest.fixture
def year_2025(unit, handler, other_unit):
    unit.kind = Organisation.Kind.DEPARTMENT
    unit.save()
    f = lambda *args: file(unit, handler, *args)  # noqa: E731
    # Received in 2024 and answered in 2024: not in the 2025 report at all.
    f("natural", D(2024, 11, 5), (D(2024, 11, 20), "disclosed", ""))
    # Carried in from 2024, answered in 2025.
    f("natural", D(2024, 12, 20), (D(2025, 1, 10), "partial", ""))
    f("business", D(2024, 12, 25), (D(2025, 1, 15), "withheld", "withheld_third_party"))
    # Carried in from 2024 and still open at the end of 2025: carried forward too.
    f("research", D(2024, 12, 30))
    # Received and answered in 2025.
    for day in (3, 4, 5):
        f("natural", D(2025, 3, day), (D(2025, 3, 20), "disclosed", ""))
    f("natural", D(2025, 4, 1), (D(2025, 4, 10), "unavailable", "unavailable_not_held"))
    f(
        "natural",
        D(2025, 4, 2),
        (D(2025, 4, 10), "not_processed", "not_processed_repeat"),
    )
    f("natural", D(2025, 5, 6), (D(2025, 6, 30), "other", "other_no_correction"))
    f("public_welfare", D(2025, 6, 1), (D(2025, 6, 15), "disclosed", ""))
    f("legal_service", D(2025, 7, 1), (D(2025, 7, 20), "withheld", "withheld_process"))
    f(
        "other",
        D(2025, 8, 1),
        (D(2025, 8, 5), "not_processed", "not_processed_petition"),
    )
    f("business", D(2025, 9, 1), (D(2025, 9, 20), "partial", ""))
    # Received in 2025, not answered by 31 December: carried forward.
    f("natural", D(2025, 12, 28))
    f("business", D(2025, 12, 29), (D(2026, 1, 5), "disclosed", ""))
    # Received in 2026: not in the 2025 report.
    f("natural", D(2026, 1, 3))
    # An online filing not yet confirmed has no receipt date: not counted.
    ApplicationFactory(organisation=unit, channel=Channel.ONLINE, now=at(2025, 12, 30))
    # Another unit's application: only in the district's report.
    file(other_unit, handler, "natural", D(2025, 5, 5))
    return unit


HAND_COUNT = {
    # row: {column: count}; every other cell is 0, totals included.
    "new": {
        "natural": 7,
        "business": 2,
        "public_welfare": 1,
        "legal_service": 1,
        "other": 1,
        "total": 12,
    },
    "carried_in": {"natural": 1, "business": 1, "research": 1, "total": 3},
    "disclosed": {"natural": 3, "public_welfare": 1, "total": 4},
    "partial": {"natural": 1, "business": 1, "total": 2},
    "withheld_third_party": {"business": 1, "total": 1},
    "withheld_process": {"legal_service": 1, "total": 1},
    "unavailable_not_held": {"natural": 1, "total": 1},
    "not_processed_petition": {"other": 1, "total": 1},
    "not_processed_repeat": {"natural": 1, "total": 1},
    "other_no_correction": {"natural": 1, "total": 1},
    "results_total": {
        "natural": 7,
        "business": 2,
        "public_welfare": 1,
        "legal_service": 1,
        "other": 1,
        "total": 12,
    },
    "carried_forward": {"natural": 1, "business": 1, "research": 1, "total": 3},
}


def test_every_cell_of_table_three_matches_the_hand_count(year_2025, handler) -> None:
    report = get_or_create_report(year_2025, 2025)
    table = build_snapshot(report, now=at(2026, 1, 10))["section3"]
    assert list(table) == [row.key for row in balance.SECTION3_ROWS]
    for row in balance.SECTION3_ROWS:
        for column in balance.COLUMNS:
            expected = HAND_COUNT.get(row.key, {}).get(column, 0)
            assert table[row.key][column] == expected, (row.key, column)
    assert balance.check_section3(table) == []


def test_the_district_report_counts_every_unit(year_2025, handler) -> None:
    government = OrganisationFactory(
        name="济南市济阳区人民政府", code="jiyang", kind=Organisation.Kind.GOVERNMENT
    )
    table = build_snapshot(get_or_create_report(government, 2025), now=at(2026, 1, 10))[
        "section3"
    ]
    assert table["new"]["natural"] == 8
    assert table["carried_forward"]["natural"] == 2
    assert balance.check_section3(table) == []


def test_received_by_month_and_reviews(year_2025, handler) -> None:
    application = Application.objects.get(
        organisation=year_2025, received_on=D(2025, 4, 2)
    )
    services.record_review_outcome(
        application,
        actor=handler,
        proceeding="review",
        filed_on=D(2025, 5, 1),
        result="upheld",
        decided_on=D(2025, 7, 1),
    )
    # Decided only in 2026: still 尚未审结 as at 31 December 2025.
    services.record_review_outcome(
        application,
        actor=handler,
        proceeding="litigation_direct",
        filed_on=D(2025, 9, 1),
        result="corrected",
        decided_on=D(2026, 2, 1),
    )
    # Filed in 2024: not this year's case.
    services.record_review_outcome(
        application, actor=handler, proceeding="review", filed_on=D(2024, 5, 1)
    )
    counts = annual_request_counts(2025, organisation_ids=[year_2025.pk])
    assert counts.received_by_month == [0, 0, 3, 2, 1, 1, 1, 1, 1, 0, 0, 2]
    section4 = balance.build_section4(counts.reviews)
    assert section4["review"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert section4["litigation_direct"]["pending"] == 1
    assert section4["litigation_after_review"]["total"] == 0
    assert balance.check_section4(section4) == []
