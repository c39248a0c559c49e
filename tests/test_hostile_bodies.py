"""Hostile request bodies and files (issue 14 §3), beside ``test_hostile_payloads``.

Every public API write gets malformed and deeply nested JSON, JSON of the wrong shape
and bodies of the wrong content type; the filing form gets files whose names climb
out of the upload folder or whose content contradicts the name. Each answer is a
refusal in Chinese (nothing stored) or, for a harmless file name, an acceptance that
stores the file under a name of the server's own. And a filing, a letter and a
comment with control characters are stored without them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from rest_framework.test import APIClient

from interaction.models import Comment, Letter, Registration
from requests_app.models import Application
from tests.files import minimal_pdf
from tests.requests_app.test_public_pages import form_data

pytestmark = pytest.mark.django_db

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000

# (label, raw body, content type)
BODIES: list[tuple[str, bytes | str, str]] = [
    ("truncated-json", '{"name": "张三", ', "application/json"),
    ("bare-bracket", "[", "application/json"),
    ("not-utf8", b'{"name": "\xff\xfe"}', "application/json"),
    ("null", "null", "application/json"),
    ("array", '[{"name": "张三"}]', "application/json"),
    ("string", '"张三"', "application/json"),
    ("number", "1e400", "application/json"),
    ("nan", '{"article": NaN}', "application/json"),
    ("deep-array", DEEP_ARRAY, "application/json"),
    ("deep-object", DEEP_OBJECT, "application/json"),
    ("duplicate-keys", '{"name": "甲", "name": {"x": 1}}', "application/json"),
    ("text-plain", '{"name": "张三"}', "text/plain"),
    ("xml", "<?xml version='1.0'?><a><name>张三</name></a>", "application/xml"),
    ("javascript", "alert(1)", "application/javascript"),
    ("no-type", '{"name": "张三"}', ""),
]

API_WRITES: list[tuple[str, tuple[type[models.Model], ...]]] = [
    ("/api/v1/requests/", (Application,)),
    ("/api/v1/requests/track/", ()),
    ("/api/v1/mailbox/letters/", (Letter,)),
    ("/api/v1/mailbox/track/", ()),
    ("/api/v1/consultations/{consultation}/comments/", (Comment,)),
    ("/api/v1/events/{event}/registrations/", (Registration,)),
]


@pytest.fixture
def unit(desk):  # type: ignore[no-untyped-def]
    return desk.unit


@pytest.fixture
def targets(desk) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from tests.interaction.conftest import make_event
    from tests.interaction.test_consultations import make_consultation

    return {
        "consultation": make_consultation(desk).pk,
        "event": make_event(desk.unit, capacity=100).pk,
    }


def _rows(target_models: tuple[type[models.Model], ...]) -> list[int]:
    return [m._default_manager.count() for m in target_models]


@pytest.mark.parametrize(("path", "target_models"), API_WRITES)
def test_malformed_bodies_and_wrong_content_types_are_refused_in_chinese(
    path: str, target_models: tuple[type[models.Model], ...], targets
) -> None:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.raise_request_exception = False
    url = path.format(**targets)
    problems = []
    for label, body, content_type in BODIES:
        before = _rows(target_models)
        response = client.generic("POST", url, body, content_type=content_type)
        text = response.content.decode("utf-8", "replace")
        where = f"{url} [{label}]"
        if not 400 <= response.status_code < 500:
            problems.append(f"{where}: {response.status_code} {text[:200]}")
        elif not _CJK.search(text):
            problems.append(f"{where}: 错误信息不是中文 {text[:200]}")
        if _rows(target_models) != before:
            problems.append(f"{where}: 拒绝了却存了记录")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("../../../../etc/passwd.pdf", minimal_pdf(), True),
        ("..\\..\\windows\\win.ini.pdf", minimal_pdf(), True),
        ("\u202efdp.exe", minimal_pdf(), False),
        ("证明.pdf", b"MZ\x90\x00\x03 this program cannot be run in DOS mode", False),
        ("证明.pdf", b"<html><script>alert(1)</script></html>", False),
        ("照片.png", minimal_pdf(), False),
        ("照片.jpg", b"GIF89a\x01\x00\x01\x00", False),
        ("shell.php.pdf", b"<?php system($_GET['c']); ?>", False),
        ("空文件.pdf", b"", False),
    ],
    ids=[
        "traversal",
        "traversal-backslash",
        "rtl-override",
        "exe-as-pdf",
        "html-as-pdf",
        "pdf-as-png",
        "gif-as-jpg",
        "php-as-pdf",
        "empty",
    ],
)
def test_a_file_name_never_decides_where_or_what_is_stored(
    client, unit, settings, tmp_path, name: str, content: bytes, accepted: bool
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    data: dict[str, Any] = form_data(unit)
    data["supporting_file"] = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(reverse("requests:apply"), data)
    assert response.status_code < 500
    if accepted:
        assert response.status_code == 302, response.content.decode()[:2000]
        stored = Application.objects.get().supporting_file.name
        assert stored.startswith("requests/supporting/") and ".." not in stored
        assert "\\" not in stored and "passwd" not in stored and "win" not in stored
        assert all(p.is_relative_to(tmp_path) for p in tmp_path.rglob("*"))
    else:
        body = response.content.decode()
        assert "相关材料" in body and "has-error" in body
        assert Application.objects.count() == 0
        assert not any(p.is_file() for p in tmp_path.rglob("*"))


CONTROL_TEXT = "请公开\x01补偿\x1b[31m方案\x7f\x85\x9b\u200b第一行\r\n\t第二行"


def _assert_clean(row: models.Model) -> None:
    for f in row._meta.concrete_fields:
        value = getattr(row, f.attname)
        if isinstance(value, str):
            assert not _CONTROLS.search(value), (f.name, value)


def test_control_characters_are_removed_before_a_filing_is_stored(client, unit) -> None:  # type: ignore[no-untyped-def]
    data = form_data(
        unit, description=CONTROL_TEXT, name="张\x07三", address="富阳街\x0b1号"
    )
    assert client.post(reverse("requests:apply"), data).status_code == 302
    application = Application.objects.get()
    _assert_clean(application)
    assert application.name == "张三" and application.address == "富阳街1号"
    # A multi-line field keeps its line break and tab, as \n.
    assert application.description == "请公开补偿[31m方案\u200b第一行\n\t第二行"


def test_a_nul_is_refused_and_nothing_is_stored(client, unit) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("requests:apply"), form_data(unit, name="张\x00三"))
    assert "无法识别的控制字符" in response.content.decode()
    assert Application.objects.count() == 0
    api = APIClient()
    refused = api.post(
        "/api/v1/mailbox/letters/",
        {
            "category": "suggestion",
            "subject": "公交\x00站点",
            "content": "城东小区附近没有公交站。",
            "name": "李四",
            "phone": "13912345678",
        },
        format="json",
    )
    assert (
        refused.status_code == 400
        and "无法识别的控制字符" in refused.json()["subject"][0]
    )
    assert Letter.objects.count() == 0


def test_a_letter_and_a_comment_are_stored_without_control_characters(
    client, targets
) -> None:  # type: ignore[no-untyped-def]
    api = APIClient()
    letter = api.post(
        "/api/v1/mailbox/letters/",
        {
            "category": "suggestion",
            "subject": "公交\x1f站点\x85",
            "content": CONTROL_TEXT,
            "name": "李\x01四",
            "phone": "13912345678",
        },
        format="json",
    )
    assert letter.status_code == 201, letter.content
    stored = Letter.objects.get()
    _assert_clean(stored)
    assert stored.subject == "公交站点" and stored.name == "李四"
    assert "第一行\n\t第二行" in stored.content
    page = client.post(
        reverse("interaction:letter-write"),
        {
            "category": "suggestion",
            "subject": "第二封\x02信",
            "content": "另一件事：\x01路灯\x1b不亮。\r\n\t请维修。",
            "name": "王\x9b五",
            "phone": "13912345679",
        },
    )
    assert "来信已提交" in page.content.decode()
    second = Letter.objects.exclude(pk=stored.pk).get()
    _assert_clean(second)
    assert second.subject == "第二封信" and second.name == "王五"
    comment = client.post(
        reverse("interaction:consultation-detail", args=[targets["consultation"]]),
        {"content": CONTROL_TEXT, "name": "赵\x0c六", "contact": ""},
    )
    assert comment.status_code < 400
    saved = Comment.objects.get()
    _assert_clean(saved)
    assert "第一行\n\t第二行" in saved.content
