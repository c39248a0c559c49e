"""The public API contract: filing and tracking; the staff export; public cases."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from requests_app import services
from requests_app.choices import Channel, ReplyType
from requests_app.models import Application
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NATURAL = {
    "applicant_type": "natural",
    "name": "李四",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13805310002",
    "email": "lisi@example.com",
    "address": "济阳区纬二路2号",
    "description": "请公开崔寨街道土地征收补偿安置方案",
    "document_hint": "济阳政发〔2024〕1号",
    "delivery_method": "email",
    "form": "electronic",
}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_filing_answers_201_with_serial_and_query_code(api, unit) -> None:
    response = api.post(
        "/api/v1/requests/", {**NATURAL, "organisation": unit.code}, format="json"
    )
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"serial_number", "query_code"}
    application = Application.objects.get(
        serial_number=response.json()["serial_number"]
    )
    assert application.organisation == unit
    assert application.channel == Channel.ONLINE


def test_filing_a_legal_person_without_organisation_goes_to_the_office(
    api, office_admin
) -> None:
    data = {
        "applicant_type": "legal",
        "name": "济阳某科技有限公司",
        "credit_code": "9144030071526726XG",
        "legal_representative": "王五",
        "contact_name": "赵六",
        "phone": "053184230001",
        "email": "contact@example.com",
        "description": "请公开某项目环评批复",
        "delivery_method": "online",
        "form": "electronic",
    }
    response = api.post("/api/v1/requests/", data, format="json")
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert application.organisation.code == "office"
    assert application.credit_code == "9144030071526726XG"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"description": ""}, "description"),
        ({"applicant_type": "robot"}, "applicant_type"),
        ({"delivery_method": "pigeon"}, "delivery_method"),
        ({"applicant_type": "legal", "credit_code": "123"}, "credit_code"),
    ],
)
def test_bad_filings_answer_400_in_chinese_and_save_nothing(
    api, unit, overrides, field
) -> None:
    response = api.post(
        "/api/v1/requests/",
        {**NATURAL, "organisation": unit.code, **overrides},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Application.objects.count() == 0


def test_track_answers_progress_for_the_right_pair_only(api, unit, handler) -> None:
    application = ApplicationFactory(
        organisation=unit, channel=Channel.IN_PERSON, now=at(2025, 3, 3)
    )
    services.accept_application(application, actor=handler, now=at(2025, 3, 4))
    services.send_reply(
        application,
        actor=handler,
        reply_type=ReplyType.UNAVAILABLE,
        reason="unavailable_not_held",
        body="经检索，该信息不存在。",
        delivery_method="email",
        now=at(2025, 3, 10),
    )
    ok = api.post(
        "/api/v1/requests/track/",
        {
            "serial_number": application.serial_number,
            "query_code": application._query_code,
        },
        format="json",
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["status"] == "replied"
    assert body["status_display"] == "已答复"
    assert body["due_date"] == "2025-03-31"
    assert [e["kind_display"] for e in body["events"]] == ["登记", "受理办理", "答复"]
    assert body["reply"]["reply_type"] == "unavailable"
    assert body["reply"]["reason_display"] == "本机关不掌握相关政府信息"
    # Nothing personal in the applicant's own answer either beyond what they sent.
    assert application.id_number_masked not in ok.content.decode()
    wrong = api.post(
        "/api/v1/requests/track/",
        {"serial_number": application.serial_number, "query_code": "AAAAAAAA"},
        format="json",
    )
    unknown = api.post(
        "/api/v1/requests/track/",
        {"serial_number": "JY20259999999X", "query_code": "AAAAAAAA"},
        format="json",
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_track_is_throttled(api, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    codes = [
        api.post(
            "/api/v1/requests/track/",
            {"serial_number": application.serial_number, "query_code": f"X{i:07d}"},
            format="json",
        ).status_code
        for i in range(21)
    ]
    assert codes[-1] == 429 and set(codes[:-1]) == {404}


def test_filing_is_throttled(api, unit) -> None:
    codes = [
        api.post(
            "/api/v1/requests/", {**NATURAL, "organisation": unit.code}, format="json"
        ).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [201] * 10 and codes[10] == 429


def test_export_needs_staff_and_holds_no_personal_data(
    api, unit, handler, other_unit
) -> None:
    mine = ApplicationFactory(organisation=unit)
    ApplicationFactory(organisation=other_unit)
    assert api.get("/api/v1/request-records/").status_code in (401, 403)
    api.force_authenticate(handler)
    response = api.get("/api/v1/request-records/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["serial_number"] for r in results] == [mine.serial_number]
    text = response.content.decode()
    for secret in (
        mine.name,
        mine.phone,
        mine.email,
        mine.address,
        mine.id_number_masked,
    ):
        assert secret not in text
    filtered = api.get("/api/v1/request-records/?status=archived")
    assert filtered.json()["results"] == []


def test_schema_lists_the_contract(api) -> None:
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/requests/" in schema["paths"]
    assert "/api/v1/requests/track/" in schema["paths"]
