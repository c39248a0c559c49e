"""The demo library is built through the real services and can be loaded twice."""

from __future__ import annotations

import pytest

from policies.demo import seed_policies
from policies.models import Document, DocumentReturn, Interpretation, StatusChange
from portal.demo import seed_organisations, seed_staff

pytestmark = pytest.mark.django_db


def test_the_demo_library_is_varied_and_idempotent(client) -> None:
    seed_staff(seed_organisations())
    summary = seed_policies(target=40)
    assert "件政策文件" in summary
    public = Document.objects.public()
    assert public.count() >= 30
    assert Interpretation.objects.public().exists()
    assert StatusChange.objects.exists()
    assert (
        DocumentReturn.objects.exists()
        or Document.objects.filter(review_state="first_review").exists()
    )
    counts = (Document.objects.count(), Interpretation.objects.count())
    seed_policies(target=40)
    assert (Document.objects.count(), Interpretation.objects.count()) == counts
    assert client.get("/policies/").status_code == 200
