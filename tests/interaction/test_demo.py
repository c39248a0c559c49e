"""The interaction demo fills every part through the real services, and loads twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from interaction import selectors
from interaction import selectors_consultations as consultation_selectors
from interaction.demo import seed_demo_interaction
from interaction.models import (
    Comment,
    Consultation,
    ExecutiveMeeting,
    HotlineRecord,
    Interview,
    Letter,
    OpenMonthEvent,
    PublishedLetter,
    Registration,
)
from portal.demo import seed_organisations, seed_staff

pytestmark = pytest.mark.django_db


def test_demo_is_varied_spread_over_a_year_and_idempotent(client) -> None:
    seed_staff(seed_organisations())
    summary = seed_demo_interaction()
    assert "区长信箱来信" in summary
    letters = Letter.objects.all()
    months = {d.month for d in letters.values_list("submitted_at", flat=True)}
    assert len(months) >= 10
    assert {"submitted", "assigned", "closed"} <= set(
        letters.values_list("status", flat=True)
    )
    assert PublishedLetter.objects.public().count() >= 10
    year = timezone.localdate().year
    assert selectors.mailbox_statistics(year).received > 0
    assert Registration.objects.filter(status="waiting").exists()
    assert Comment.objects.filter(group__isnull=False).exists()
    today = timezone.localdate()
    assert consultation_selectors.consultations_overdue_feedback(today).count() == 1
    assert Interview.objects.public().count() == 3
    assert ExecutiveMeeting.objects.public().count() == 3
    assert HotlineRecord.objects.count() == 120
    counts = (
        Letter.objects.count(),
        OpenMonthEvent.objects.count(),
        Consultation.objects.count(),
        Comment.objects.count(),
    )
    seed_demo_interaction()
    assert counts == (
        Letter.objects.count(),
        OpenMonthEvent.objects.count(),
        Consultation.objects.count(),
        Comment.objects.count(),
    )
    for url in (
        "/interaction/",
        "/interaction/mailbox/replies/",
        "/interaction/events/",
        "/interaction/consultations/",
        "/interaction/interviews/",
        "/interaction/meetings/",
        "/interaction/commitments/",
    ):
        assert client.get(url).status_code == 200
