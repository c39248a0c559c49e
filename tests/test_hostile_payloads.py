"""Hostile input everywhere (issue 14 §3): every payload into every public field.

A list of payloads (XSS, SQL and LIKE metacharacters, NUL and other C0/C1 control
characters, RTL override and zero-width marks, emoji, 100 KB of text, full-width
digits, negative and huge numbers, path traversal) goes into every field of every
public form (filing, tracking, mailbox letter and tracking, consultation comment,
event registration and look-up, subscription), every query parameter of the public
lists and search, and every query parameter and body field of the API — the API's
parameters and fields are read from its own OpenAPI schema, so a new one is covered
without editing this file. For each answer:

- never a 5xx;
- a refusal (nothing stored: row counts unchanged) carries a Chinese message — the
  form re-rendered with its error summary, or a JSON error in Chinese;
- an acceptance stores exactly one record, with no control character in it (line
  breaks and tabs survive in multi-line text only);
- a payload with markup never comes back unescaped.

Malformed and deeply nested JSON, wrong content types and lying files are in
``tests/test_hostile_bodies.py``. One test per (target, field) loops over the
payloads, so the suite stays fast on SQLite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from interaction.forms import CancelForm, CommentForm, LetterForm, RegistrationForm
from interaction.forms import TrackForm as LetterTrackForm
from interaction.models import Comment, Letter, Registration
from requests_app.forms import ApplicationForm, TrackForm
from requests_app.models import Application

pytestmark = pytest.mark.django_db

PAYLOADS: dict[str, str] = {
    "xss-script": "<script>alert(1)</script>",
    "xss-attribute": '"><img src=x onerror=alert(1)>',
    "xss-url": "javascript:alert(document.cookie)",
    "sql": "' OR '1'='1' -- ;DROP TABLE portal_organisation;",
    "like": "%_\\'%",
    "nul": "济阳\x00区",
    "c0": "济\x01阳\x08区\x1b[31m\x7f",
    "c1": "济\x85阳\x9b区",
    "newline-tab": "第一行\r\n\t第二行",
    "rtl-zero-width": "\u202egnp.exe\u200b\u200d\ufeff",
    "emoji": "👍🏻👨‍👩‍👧🀄",
    "100kb": "政" * 102_400,
    "full-width-digits": "１３８０５３１０００１",
    "negative": "-1",
    "huge-number": "9" * 40,
    "path-traversal": "../../../../etc/passwd",
}
# Markup that must never come back as markup.
RAW_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
UNTHROTTLED = "1000000/minute"


@pytest.fixture(autouse=True)
def _unthrottled(settings) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    rates = dict.fromkeys(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], UNTHROTTLED
    )
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }
    SimpleRateThrottle.THROTTLE_RATES = rates  # conftest restores it


# --- checks -----------------------------------------------------------------------


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check_not_reflected(body: str, where: str) -> list[str]:
    return [f"{where}: 原样回显 {m!r}" for m in RAW_MARKUP if m in body]


def _text_values(row: models.Model) -> list[tuple[str, str]]:
    return [
        (f.name, getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and isinstance(getattr(row, f.attname), str)
    ]


def _check_clean(model: type[models.Model], before: set[int], where: str) -> list[str]:
    problems = []
    for row in model._default_manager.exclude(pk__in=before):
        for name, value in _text_values(row):
            if _CONTROLS.search(value):
                problems.append(f"{where}: {model.__name__}.{name} 存有控制字符")
    return problems


@dataclass
class Outcome:
    """What one hostile request did."""

    where: str
    response: Any
    stored: int
    problems: list[str] = field(default_factory=list)


def _judge(outcome: Outcome, *, api: bool) -> list[str]:
    response, where = outcome.response, outcome.where
    problems = list(outcome.problems)
    if response.status_code >= 500:
        return [*problems, f"{where}: {response.status_code}"]
    body = _body(response)
    problems += _check_not_reflected(body, where)
    if outcome.stored > 1:
        problems.append(f"{where}: 存了 {outcome.stored} 条")
    if outcome.stored == 0 and response.status_code < 300 and not api:
        # Refused: the form again, with its error summary in Chinese.
        if not any(m in body for m in ("error-summary", "has-error", 'role="alert"')):
            problems.append(f"{where}: 未保存也没有错误提示")
    if outcome.stored == 0 and response.status_code >= 400 and api:
        if not _CJK.search(body):
            problems.append(f"{where}: 错误信息不是中文 {body[:200]!r}")
    return problems


# --- the public forms ----------------------------------------------------------------


@dataclass(frozen=True)
class FormTarget:
    """A public form: where it posts, its valid data, the rows it writes."""

    name: str
    form: type
    url: Callable[[Any], str]
    data: Callable[[Any], dict[str, str]]
    models: tuple[type[models.Model], ...] = ()
    extra_fields: tuple[str, ...] = ()


def _filing(world: Any) -> dict[str, str]:
    from tests.requests_app.test_public_pages import form_data

    return form_data(world.unit)


FORMS = [
    FormTarget(
        "filing",
        ApplicationForm,
        lambda w: reverse("requests:apply"),
        _filing,
        (Application,),
    ),
    FormTarget(
        "tracking",
        TrackForm,
        lambda w: reverse("requests:track"),
        lambda w: {"serial_number": "JY2024000000019", "query_code": "ABCDEFGH"},
    ),
    FormTarget(
        "letter",
        LetterForm,
        lambda w: reverse("interaction:letter-write"),
        lambda w: {
            "category": "suggestion",
            "subject": "建议增设公交站点",
            "content": "城东小区附近没有公交站。",
            "name": "李四",
            "phone": "13912345678",
            "email": "lisi@example.com",
        },
        (Letter,),
    ),
    FormTarget(
        "letter-tracking",
        LetterTrackForm,
        lambda w: reverse("interaction:letter-track"),
        lambda w: {"serial_number": "XX20240001", "query_code": "ABCDEFGH"},
    ),
    FormTarget(
        "comment",
        CommentForm,
        lambda w: reverse("interaction:consultation-detail", args=[w.consultation.pk]),
        lambda w: {"content": "建议延长停车时限。", "name": "王五", "contact": ""},
        (Comment,),
    ),
    FormTarget(
        "registration",
        RegistrationForm,
        lambda w: reverse("interaction:event-detail", args=[w.event.pk]),
        lambda w: {
            "name": "蔺觅遥",
            "phone": "18736095172",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
        },
        (Registration,),
    ),
    FormTarget(
        "registration-lookup",
        CancelForm,
        lambda w: reverse("interaction:registration"),
        lambda w: {"code": "ABCDEFGH"},
    ),
]


def _subscription_form() -> FormTarget:
    from disclosure.forms import SubscriptionForm
    from disclosure.models import Subscription

    return FormTarget(
        "subscription",
        SubscriptionForm,
        lambda w: reverse("disclosure:subscribe"),
        lambda w: {
            "email": "reader@example.com",
            "kind": "search",
            "search_query": "补贴",
        },
        (Subscription,),
    )


FORMS.append(_subscription_form())


def _form_fields(target: FormTarget) -> list[str]:
    form = (
        target.form(requires_id=True)
        if target.form is RegistrationForm
        else target.form()
    )
    names = [n for n in form.fields if n not in ("supporting_file", "form_token")]
    return [*names, *target.extra_fields]


FORM_CASES = [(t, f) for t in FORMS for f in _form_fields(t)]


@dataclass
class World:
    unit: Any
    consultation: Any
    event: Any


@pytest.fixture
def world(desk) -> World:  # type: ignore[no-untyped-def]
    from tests.interaction.conftest import make_event
    from tests.interaction.test_consultations import make_consultation

    return World(
        unit=desk.unit,
        consultation=make_consultation(desk),
        event=make_event(desk.unit, capacity=1000, requires_id=True),
    )


def _counts(target_models: tuple[type[models.Model], ...]) -> dict[type, set[int]]:
    return {
        m: set(m._default_manager.values_list("pk", flat=True)) for m in target_models
    }


@pytest.mark.parametrize(
    ("target", "field_name"),
    FORM_CASES,
    ids=[f"{t.name}-{f}" for t, f in FORM_CASES],
)
def test_every_payload_in_every_form_field(
    target: FormTarget, field_name: str, world: World
) -> None:
    client = Client()
    client.raise_request_exception = False
    url = target.url(world)
    problems: list[str] = []
    for label, payload in PAYLOADS.items():
        before = _counts(target.models)
        response = client.post(url, {**target.data(world), field_name: payload})
        outcome = Outcome(f"{target.name}.{field_name}[{label}]", response, 0)
        for model, pks in before.items():
            added = model._default_manager.exclude(pk__in=pks).count()
            outcome.stored += added
            if added:
                outcome.problems += _check_clean(model, pks, outcome.where)
                model._default_manager.exclude(pk__in=pks).delete()
        problems += _judge(outcome, api=False)
    assert not problems, "\n".join(problems)


# --- query parameters of the public pages ----------------------------------------------

PAGE_PARAMETERS: list[tuple[str, tuple[str, ...]]] = [
    ("/search/", ("q", "section", "sort", "unit", "from", "to", "page", "type")),
    (
        "/policies/",
        (
            "q",
            "doc_number",
            "year",
            "issuer",
            "doc_type",
            "topic",
            "status",
            "audience",
            "updated_since",
            "sort",
            "page",
        ),
    ),
    ("/policies/interpretations/", ("document", "form", "signer_kind", "page")),
    (
        "/disclosure/items/",
        ("category", "organisation", "catalogue_node", "key_area", "year", "page"),
    ),
    ("/disclosure/subscribe/", ("kind", "search_query", "key_area", "catalogue_node")),
    ("/requests/cases/", ("q", "topic", "page")),
    ("/interaction/mailbox/replies/", ("q", "page")),
    ("/interaction/consultations/", ("page",)),
    ("/interaction/interviews/", ("page",)),
    ("/interaction/meetings/", ("page",)),
    ("/interaction/commitments/", ("year",)),
    ("/interaction/events/", ("page",)),
    ("/supervision/notices/", ("page", "year")),
    ("/reports/statistics/", ("unit", "year")),
]
PAGE_CASES = [(url, p) for url, params in PAGE_PARAMETERS for p in params]


@pytest.mark.parametrize(
    ("url", "parameter"), PAGE_CASES, ids=[f"{u}?{p}" for u, p in PAGE_CASES]
)
def test_every_payload_in_every_page_parameter(url: str, parameter: str, desk) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.raise_request_exception = False
    problems: list[str] = []
    for label, payload in PAYLOADS.items():
        response = client.get(url, {parameter: payload})
        where = f"GET {url}?{parameter}[{label}]"
        if response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
            continue
        problems += _check_not_reflected(_body(response), where)
    assert not problems, "\n".join(problems)


# --- the API, from its own schema --------------------------------------------------------


def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if "allOf" in node:
        merged: dict[str, Any] = {"properties": {}}
        for part in node["allOf"]:
            merged["properties"].update(_resolve(schema, part).get("properties", {}))
        return merged
    return node


@dataclass(frozen=True)
class ApiCase:
    method: str
    path: str
    location: str  # "query" or "body"
    name: str

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path} {self.location}:{self.name}"


def _api_cases() -> Iterator[ApiCase]:
    schema = _schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    yield ApiCase(method, path, "query", parameter["name"])
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                resolved = _resolve(schema, body["application/json"]["schema"])
                for name in resolved.get("properties", {}):
                    yield ApiCase(method, path, "body", name)


API_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/requests/": {
        "applicant_type": "natural",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13805310001",
        "email": "zhangsan@example.com",
        "description": "请公开2024年城市更新项目补偿方案",
        "delivery_method": "email",
        "form": "electronic",
    },
    "/api/v1/requests/track/": {"serial_number": "JY2024000000019", "query_code": "AB"},
    "/api/v1/mailbox/letters/": {
        "category": "suggestion",
        "subject": "建议增设公交站点",
        "content": "城东小区附近没有公交站。",
        "name": "李四",
        "phone": "13912345678",
    },
    "/api/v1/mailbox/track/": {"serial_number": "XX20240001", "query_code": "AB"},
    "/api/v1/consultations/{id}/comments/": {"content": "建议延长停车时限。"},
    "/api/v1/events/{id}/registrations/": {
        "name": "蔺觅遥",
        "phone": "18736095172",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
    },
}
API_MODELS: dict[str, tuple[type[models.Model], ...]] = {
    "/api/v1/requests/": (Application,),
    "/api/v1/mailbox/letters/": (Letter,),
    "/api/v1/consultations/{id}/comments/": (Comment,),
    "/api/v1/events/{id}/registrations/": (Registration,),
}
# JSON values of the wrong type, beside the strings above.
API_VALUES: dict[str, Any] = {
    **PAYLOADS,
    "json-negative": -1,
    "json-huge": 10**30,
    "json-float": 1e308,
    "json-null": None,
    "json-true": True,
    "json-list": ["<script>alert(1)</script>"],
    "json-object": {"$gt": "", "a": {"b": {"c": [1, 2, 3]}}},
}
API_CASES = list(_api_cases())


def _api_path(case: ApiCase, world: World) -> str:
    ids = {
        "/api/v1/consultations/{id}/": world.consultation.pk,
        "/api/v1/events/{id}/": world.event.pk,
    }
    for prefix, pk in ids.items():
        if case.path.startswith(prefix):
            return case.path.replace("{id}", str(pk))
    return case.path.replace("{id}", "1").replace("{serial_number}", "JY2024000000019")


@pytest.mark.parametrize("case", API_CASES, ids=[c.id for c in API_CASES])
def test_every_value_in_every_api_parameter_and_field(
    case: ApiCase, world: World, django_user_model
) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.raise_request_exception = False
    if "request-records" in case.path:
        client.force_authenticate(
            django_user_model.objects.create_superuser("su", "", "x")
        )
    path = _api_path(case, world)
    target_models = API_MODELS.get(case.path, ())
    problems: list[str] = []
    values = API_VALUES if case.location == "body" else PAYLOADS
    for label, value in values.items():
        before = _counts(target_models)
        if case.location == "query":
            response = getattr(client, case.method)(path, {case.name: value})
        else:
            body = {**API_BODIES.get(case.path, {}), case.name: value}
            response = client.post(path, body, format="json")
        outcome = Outcome(f"{case.id}[{label}]", response, 0)
        for model, pks in before.items():
            added = model._default_manager.exclude(pk__in=pks).count()
            outcome.stored += added
            if added:
                outcome.problems += _check_clean(model, pks, outcome.where)
                model._default_manager.exclude(pk__in=pks).delete()
        problems += _judge(outcome, api=True)
    assert not problems, "\n".join(problems)


def test_the_suite_covers_every_public_field() -> None:
    """The figures of the issue's note: payloads × fields."""
    form_fields = len(FORM_CASES)
    page_parameters = len(PAGE_CASES)
    api_fields = len(API_CASES)
    total = (
        len(PAYLOADS) * (form_fields + page_parameters)
        + len(API_VALUES) * sum(c.location == "body" for c in API_CASES)
        + len(PAYLOADS) * sum(c.location == "query" for c in API_CASES)
    )
    print(  # noqa: T201
        f"hostile input: {len(PAYLOADS)} payloads (+{len(API_VALUES) - len(PAYLOADS)} "
        f"JSON values) × {form_fields} form fields, {page_parameters} page "
        f"parameters, {api_fields} API parameters and fields = {total} requests"
    )
    assert form_fields >= 40 and api_fields >= 60
