"""The 政府网站工作年度报表: entered fields, counted fields, publication freezes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from disclosure.reports import services, website
from disclosure.reports.models import WebsiteReport
from portal import roles
from tests.portal.factories import UserFactory
from tests.requests_app.conftest import at

pytestmark = pytest.mark.django_db


def test_every_field_has_a_unique_key_and_chinese_label() -> None:
    keys = [f.key for g in website.GROUPS for f in g.fields]
    assert len(keys) == len(set(keys))
    assert all(
        any("\u4e00" <= ch <= "\u9fff" for ch in f.label)
        for f in website.FIELDS.values()
    )
    assert website.display(website.FIELDS["smart_qa"], True) == "是"
    assert website.display(website.FIELDS["page_views"], None) == "未填写"


def test_admin_form_saves_entries_and_rejects_bad_input(
    client, office_admin, unit
) -> None:
    client.force_login(office_admin)
    add = reverse("admin:disclosure_websitereport_add")
    response = client.post(
        add, {"year": "2025", "page_views": "-3", "weibo_name": "济阳发布"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "济阳发布" in body  # what was typed is kept
    assert not WebsiteReport.objects.exists()
    response = client.post(
        add,
        {
            "year": "2025",
            "page_views": "123456",
            "letters_average_days": "3.5",
            "smart_qa": "on",
        },
    )
    assert response.status_code == 302
    report = WebsiteReport.objects.get()
    assert report.values["page_views"] == 123456
    # Counted from the mayor's mailbox now, so no longer entered by hand.
    assert "letters_average_days" not in report.values
    assert report.values["smart_qa"] is True
    editor = UserFactory(organisation=unit, roles=[roles.EDITOR])
    client.force_login(editor)
    assert client.get(add).status_code == 403


def test_publishing_freezes_counted_and_entered_fields(
    client, unit, django_assert_max_num_queries
) -> None:
    report = WebsiteReport.objects.create(year=2025)
    services.save_website_values(report, {"page_views": 1000, "smart_qa": False})
    published = services.publish_website_report(report, now=at(2026, 1, 20))
    assert published.snapshot["page_views"] == 1000
    assert published.snapshot["requests_received"] == 0
    with pytest.raises(services.PublishedVersionError):
        services.save_website_values(published, {"page_views": 1})
    with pytest.raises(services.PublishedVersionError):
        services.publish_website_report(published, now=at(2026, 1, 21))
    address = reverse("reports:website-report", args=[2025])
    with django_assert_max_num_queries(3):
        response = client.get(address)
    html = response.content.decode()
    assert "2025年政府网站工作年度报表" in html
    assert "是否提供智能问答功能" in html and "否" in html
    assert "1000" in html
    assert client.get(reverse("reports:website-report", args=[2024])).status_code == 404
    assert (
        "2025年政府网站工作年度报表"
        in client.get(reverse("reports:index")).content.decode()
    )


def test_unknown_fields_are_refused() -> None:
    report = WebsiteReport.objects.create(year=2024)
    with pytest.raises(Exception, match="未知的填报项"):
        services.save_website_values(report, {"published_total": 5})


def test_interaction_figures_are_counted_not_entered(unit) -> None:
    from tests.interaction.conftest import write_letter

    for key in (
        "letters_received",
        "letters_done",
        "letters_average_days",
        "letters_published",
        "surveys",
        "survey_comments",
        "survey_results",
        "interviews",
        "interview_questions",
        "interview_answers",
    ):
        assert website.FIELDS[key].source == "auto", key
    write_letter(now=at(2025, 3, 4, 10))
    write_letter(now=at(2024, 3, 5, 10))  # another year
    report = WebsiteReport.objects.create(year=2025)
    published = services.publish_website_report(report, now=at(2026, 1, 20))
    assert published.snapshot["letters_received"] == 1
    assert published.snapshot["letters_done"] == 0
    assert published.snapshot["letters_average_days"] is None
    assert published.snapshot["surveys"] == 0
    assert published.snapshot["interview_answers"] == 0
