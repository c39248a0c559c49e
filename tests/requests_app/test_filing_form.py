"""The filing form: every error in one pass, a linked summary, required marks, ids."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from requests_app.models import Application
from tests.requests_app.test_public_pages import form_data

pytestmark = pytest.mark.django_db


def _summary_links(body: str) -> list[str]:
    summary = body.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_an_empty_submit_shows_every_error_at_once(client) -> None:
    # A browser always sends something (the CSRF token, the checked radios).
    response = client.post(reverse("requests:apply"), {"organisation": ""})
    body = response.content.decode()
    assert response.status_code == 200
    for message in [
        "请选择受理申请的行政机关",
        "请填写申请人姓名或名称",
        "请填写联系电话",
        "请填写所需信息的内容描述",
    ]:
        assert message in body
    assert "<title>错误：" in body
    links = _summary_links(body)
    # Radio groups (applicant type, delivery) are linked by their first option.
    assert links[:3] == ["id_organisation", "id_applicant_type_0", "id_name"]
    assert "id_phone" in links and "id_description" in links
    assert Application.objects.count() == 0


def test_a_field_error_does_not_hide_the_rules_of_other_fields(client, unit) -> None:
    data = form_data(
        unit, organisation="", email="not-an-email", name="", id_number="123"
    )
    body = client.post(reverse("requests:apply"), data).content.decode()
    links = _summary_links(body)
    assert links == ["id_organisation", "id_name", "id_id_number", "id_email"]
    # A field keeps its own first error (the format), not the rule's "please fill in".
    assert "电子邮箱格式不正确" in body
    assert "选择电子邮件方式时，请填写电子邮箱" not in body
    assert 'value="13805310001"' in body  # what was typed is kept


def test_every_aria_describedby_points_at_an_element_on_the_page(client, unit) -> None:
    data = form_data(unit, name="", delivery_method="post", address="")
    body = client.post(reverse("requests:apply"), data).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    assert described, "no field is described"
    for value in described:
        for target in value.split():
            assert target in ids, f"aria-describedby points at missing #{target}"
    assert "id_name_error" in " ".join(described)
    assert "id_description_helptext" in " ".join(described)
    assert "id_address_error" in " ".join(described)


def test_required_and_conditional_fields_are_marked(client) -> None:
    body = client.get(reverse("requests:apply")).content.decode()
    for field_id in ["id_name", "id_id_number", "id_phone", "id_description"]:
        label = re.search(rf'<label for="{field_id}">(.*?)</label>', body, re.S)
        assert label and "（必填）" in label.group(1), field_id
    email = re.search(r'<label for="id_email">(.*?)</label>', body, re.S)
    assert email and "以“电子邮件”方式获取信息时必填" in email.group(1)
    assert 'data-required-if="delivery_method:email"' in email.group(1)
    # Each applicant type's fields are a group of their own that scripts can hide.
    assert 'data-applicant-type="natural"' in body
    assert 'data-applicant-type="legal"' in body
    assert "<script>" not in body  # no inline scripts (a strict CSP is coming)


def test_the_receipt_survives_a_refresh_only_in_the_filing_session(
    client, unit
) -> None:
    response = client.post(reverse("requests:apply"), form_data(unit))
    done_url = response["Location"]
    serial = Application.objects.get().serial_number
    for _ in range(2):
        page = client.get(done_url)
        assert page.status_code == 200
        assert serial in page.content.decode()
    stranger = Client().get(done_url, follow=True)
    body = stranger.content.decode()
    assert serial not in body
    assert "申请回执只在提交申请的浏览器中显示" in body
