"""Report pages in a real browser at phone width (375 px): no page-wide overflow."""

from __future__ import annotations

import pytest

from disclosure.reports import services
from portal.demo import seed_organisations
from portal.models import Organisation
from tests.requests_app.conftest import at

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_report_pages_fit_a_phone(page) -> None:
    seed_organisations()
    unit = Organisation.objects.get(code="rsj")
    report = services.get_or_create_report(unit, 2025)
    report.overview = "本年度政务公开工作稳步推进。"
    report.save()
    version = services.generate_version(report, actor=None, now=at(2026, 1, 5))
    services.publish_version(version, actor=None, now=at(2026, 1, 6))
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/reports/", "/reports/2025/rsj/", "/reports/statistics/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    page.goto("/reports/2025/rsj/")
    assert page.get_by_role(
        "heading", name="三、收到和处理政府信息公开申请情况"
    ).is_visible()
    # The wide table scrolls inside its own labelled region, reachable by keyboard.
    region = page.get_by_role(
        "region", name="收到和处理政府信息公开申请情况", exact=True
    )
    assert region.get_attribute("tabindex") == "0"
    assert page.get_by_role("img", name="本年度办理结果（件）").count() == 1
    assert page.get_by_role("rowheader", name="四、结转下年度继续办理").count() == 1
