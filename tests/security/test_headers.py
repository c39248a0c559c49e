"""Every page type answers with a Content-Security-Policy that lets no inline script
run without the request's nonce, with Permissions-Policy and
Cross-Origin-Opener-Policy; and no page carries an inline script or event handler
without that nonce (issue 14 §4)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.security.pages import public_pages, seed_everything, staff_pages

pytestmark = pytest.mark.django_db

# <script type=...> values that are data, never run.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class _InlineCode(HTMLParser):
    """Collect inline scripts (with their nonce) and on* handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.handlers: list[str] = []
        self.javascript_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in {"href", "src", "action"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.javascript_urls.append(f"<{tag} {name}={value}>")
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.scripts.append(values.get("nonce"))


def check_page(client: Client, label: str, url: str) -> list[str]:
    response = client.get(url)
    problems = []
    if response.status_code not in {200, 404}:
        return [f"{label} {url}: status {response.status_code}"]
    csp = response.get("Content-Security-Policy", "")
    directives = _directives(csp)
    scripts = directives.get("script-src", directives.get("default-src", []))
    if not csp or "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        problems.append(f"{label} {url}: script-src {scripts!r}")
    if directives.get("object-src") != ["'none'"]:
        problems.append(f"{label} {url}: object-src {directives.get('object-src')!r}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"{label} {url}: frame-ancestors")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{label} {url}: Permissions-Policy missing")
    if response.get("Cross-Origin-Opener-Policy") != "same-origin":
        problems.append(f"{label} {url}: Cross-Origin-Opener-Policy missing")
    if "html" in response.get("Content-Type", ""):
        parser = _InlineCode()
        parser.feed(response.content.decode())
        nonces = {
            value.removeprefix("'nonce-").removesuffix("'")
            for value in scripts
            if value.startswith("'nonce-")
        }
        for nonce in parser.scripts:
            if nonce is None or nonce not in nonces:
                problems.append(f"{label} {url}: inline script without the nonce")
        if parser.handlers or parser.javascript_urls:
            problems.append(
                f"{label} {url}: {parser.handlers + parser.javascript_urls}"
            )
    return problems


def test_every_page_type_sends_the_security_headers() -> None:
    seed_everything()
    client = Client()
    pages = public_pages()
    problems = [p for label, url in pages for p in check_page(client, label, url)]
    # The API and its documentation's start-up script.
    for label, url in [
        ("API 根", "/api/v1/"),
        ("OpenAPI", "/api/schema/"),
        ("Swagger 启动脚本", "/api/docs/?script="),
        ("订阅", "/feed/"),
    ]:
        problems += check_page(client, label, url)
    admin = get_user_model().objects.create_superuser("csp-admin", "", "pw-csp-admin")
    staff = Client()
    staff.force_login(admin)
    for label, url in staff_pages():
        problems += check_page(staff, label, url)
    assert not problems, "\n".join(problems)
    assert len(pages) >= 30


def test_the_policy_refuses_inline_scripts_and_offers_a_nonce_when_asked() -> None:
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    def view(request):  # type: ignore[no-untyped-def]
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(view)
    middleware.process_request(request)
    response = middleware.process_response(request, view(request))
    script_src = _directives(response["Content-Security-Policy"])["script-src"]
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode())
    assert nonce and f"'nonce-{nonce.group(1)}'" in script_src
    assert "'unsafe-inline'" not in script_src and "'self'" in script_src
