"""Access logs and development mail never write personal data as typed."""

from __future__ import annotations

import datetime
import io
import logging
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.mail import send_mail
from hypothesis import given
from hypothesis import strategies as st

from portal.pii import redact_query_string, redact_url

ID_NUMBER = "370125198001011234"
PHONE = "13805310002"
EMAIL = "lisi@example.com"


@pytest.mark.parametrize(
    ("target", "absent", "present"),
    [
        (f"/search/?q={ID_NUMBER}", ID_NUMBER, "/search/?q=3701"),
        (f"/search/?q={quote(ID_NUMBER, safe='')}&page=2", ID_NUMBER, "page=2"),
        # Each digit percent-encoded: decoded before masking.
        (
            "/search/?q=" + "".join(f"%{ord(c):02X}" for c in ID_NUMBER),
            ID_NUMBER,
            "/search/",
        ),
        (f"/search/?q={PHONE}", PHONE, "q=138"),
        (f"/search/?email={quote(EMAIL)}", "lisi", "example.com"),
        (f"/requests/?q=%E5%BC%A0%E4%B8%89+{ID_NUMBER}", ID_NUMBER, "/requests/"),
    ],
)
def test_query_strings_are_masked(target: str, absent: str, present: str) -> None:
    redacted = redact_url(target)
    assert absent not in redacted
    assert "".join(f"%{ord(c):02X}" for c in absent) not in redacted
    assert present in redacted


@given(st.text(max_size=40))
def test_redacting_a_query_string_never_fails(value: str) -> None:
    redact_query_string(f"q={quote(value)}&x={value}")


def _written_by(logger_name: str, *args: object, **extra: object) -> str:
    logger = logging.getLogger(logger_name)
    handlers = [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
    assert handlers, f"{logger_name} has its own handler"
    stream = io.StringIO()
    previous = [h.setStream(stream) for h in handlers]
    try:
        logger.info(*args, extra=extra)  # type: ignore[arg-type]
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)  # type: ignore[arg-type]
    return stream.getvalue()


def test_runserver_access_log_masks_the_query_string() -> None:
    written = _written_by(
        "django.server",
        '"%s" %s %s',
        f"GET /search/?q={ID_NUMBER}&tel={PHONE} HTTP/1.1",
        "200",
        "1234",
        server_time="01/Dec/2026 08:00:00",
        status_code=200,
    )
    assert "GET /search/?q=3701" in written
    assert ID_NUMBER not in written and PHONE not in written


def test_gunicorn_access_log_masks_request_line_query_and_referer() -> None:
    from gunicorn.config import Config

    from portal.gunicorn_conf import RedactingLogger

    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("logger_class", "portal.gunicorn_conf.RedactingLogger")
    # The configured format plus the raw referer header and query environ.
    cfg.set("access_log_format", '"%(r)s" %(q)s "%(f)s" %({raw_uri}e)s')
    gunicorn_logger = RedactingLogger(cfg)
    stream = io.StringIO()
    for handler in gunicorn_logger.access_log.handlers:
        handler.setStream(stream)  # type: ignore[attr-defined]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/search/?q={ID_NUMBER}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": f"q={ID_NUMBER}",
        "PATH_INFO": "/search/",
        "HTTP_REFERER": f"https://www.example.gov.cn/search/?q={PHONE}",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    gunicorn_logger.access(
        response, request, environ, datetime.timedelta(milliseconds=5)
    )
    written = stream.getvalue()
    assert "GET /search/?q=3701" in written
    assert ID_NUMBER not in written and PHONE not in written


def test_compose_and_dockerfile_use_the_redacting_gunicorn_config() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for name in ("docker-compose.yml", "Dockerfile"):
        text = (root / name).read_text()
        assert "python:portal.gunicorn_conf" in text, name
        assert "--access-logfile" not in text, name


def test_development_mail_logs_neither_addresses_nor_body(settings, caplog) -> None:
    settings.EMAIL_BACKEND = "portal.mail.LogOnlyEmailBackend"
    body = f"查询码 QC-7788，证件号 {ID_NUMBER}，地址 济阳区纬二路2号"
    with caplog.at_level(logging.INFO, logger="portal.mail"):
        sent = send_mail(f"答复 {PHONE}", body, None, [EMAIL, "b@example.com"])
    assert sent == 1
    logged = caplog.text
    assert "收件人 2 位" in logged
    for secret in (EMAIL, "QC-7788", ID_NUMBER, "纬二路", PHONE):
        assert secret not in logged
    assert not mail.outbox
