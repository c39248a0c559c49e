from __future__ import annotations

import pytest

from portal.demo import seed_organisations, seed_staff
from supervision.demo import seed_demo_supervision
from supervision.models import PublicNotice

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_notices_fit_a_phone(page) -> None:
    units = seed_organisations()
    seed_staff(units)
    seed_demo_supervision()
    notice = PublicNotice.objects.public().get()
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/supervision/notices/", f"/supervision/notices/{notice.pk}/"):
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    assert "通报" in page.locator("h1").inner_text()
