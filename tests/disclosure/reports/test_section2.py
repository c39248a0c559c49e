"""Section 二 from the policy library: 规章 and 行政规范性文件 issued, repealed, valid."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from disclosure.reports.selectors import section2_documents
from policies.models import DocType
from policies.services import change_status
from tests.policies.factories import DocumentFactory, publish
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_issued_repealed_and_valid_in_the_year(desk) -> None:
    now = timezone.now()

    def doc(doc_type: str, written: datetime.date, **kwargs):
        return publish(
            DocumentFactory(
                organisation=desk.unit,
                doc_type=doc_type,
                written_date=written,
                **kwargs,
            ),
            desk,
        )

    doc(DocType.RULE, D(2025, 3, 1))
    repealed = doc(DocType.NORMATIVE, D(2024, 5, 1))
    change_status(
        repealed,
        "repealed",
        actor=None,
        changed_on=D(2025, 6, 1),
        reason="废止",
        now=now,
    )
    doc(DocType.NORMATIVE, D(2023, 1, 1))
    later = doc(DocType.NORMATIVE, D(2024, 1, 1))
    change_status(
        later, "repealed", actor=None, changed_on=D(2026, 2, 1), reason="废止", now=now
    )
    doc(DocType.POLICY, D(2025, 5, 1))  # not a 规章 or 规范性文件
    DocumentFactory(organisation=desk.unit, written_date=D(2025, 2, 1))  # a draft
    other = OrganisationFactory(code="other-unit")
    publish(
        DocumentFactory(
            organisation=desk.unit, issuers=[other], written_date=D(2025, 4, 1)
        ),
        desk,
    )
    now = timezone.now()  # after the publications
    table = section2_documents(2025, organisation_ids=[desk.unit.pk], now=now)
    assert table == {
        "rule": {"issued": 1, "repealed": 0, "valid": 1},
        "normative": {"issued": 0, "repealed": 1, "valid": 2},
    }
    district = section2_documents(2025, organisation_ids=None, now=now)
    assert district["normative"] == {"issued": 1, "repealed": 1, "valid": 3}
    assert section2_documents(2024, organisation_ids=[desk.unit.pk], now=now) == {
        "rule": {"issued": 0, "repealed": 0, "valid": 0},
        "normative": {"issued": 2, "repealed": 0, "valid": 3},
    }
