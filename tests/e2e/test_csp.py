"""No page type makes the browser report a Content-Security-Policy violation: the
policy is strict (no inline script without a nonce) and the pages keep to it, the
public pages, Swagger UI and the admin alike (issue 14 §4). At 1366 px, each public
page also has one <h1> and a <title> of its own (issue 14 §1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from tests.security.pages import public_pages, seed_everything, staff_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before any page script through the DevTools protocol (not subject to the CSP).
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
    ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


# Pages whose headings are not the portal's own (Swagger UI, Django's admin).
NOT_OURS = {"API 文档", "后台登录"}


def _visit_all(
    page: Any, pages: list[tuple[str, str]], *, structure: bool = False
) -> list[str]:
    problems: list[str] = []
    titles: dict[str, str] = {}
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if message.type == "error" else None
        ),
    )
    for label, url in pages:
        console.clear()
        response = page.goto(url)
        assert response is not None and response.status in {200, 404}, f"{label} {url}"
        page.wait_for_load_state("load")
        if label == "API 文档":
            # Swagger UI has drawn the operations: its script ran.
            page.wait_for_selector(".opblock", timeout=10_000)
        violations = page.evaluate("window.__violations")
        csp_console = [text for text in console if "Content Security Policy" in text]
        if violations or csp_console:
            problems.append(f"{label} {url}: {violations} {csp_console}")
        if structure and label not in NOT_OURS:
            # One <h1> and a title of its own, in the page as the browser shows it.
            if page.locator("h1").count() != 1:
                problems.append(f"{label} {url}: {page.locator('h1').count()} <h1>")
            path = url.split("?")[0]
            title = page.title().strip()
            if not title or titles.setdefault(title, path) != path:
                problems.append(f"{label} {url}: title {title!r} shared or empty")
    return problems


def test_no_page_type_reports_a_csp_violation(browser, live_server) -> None:
    seed_everything()
    get_user_model().objects.create_superuser("csp-admin", "", "pw-csp-admin-1")
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1366, "height": 900},
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort()
        ),
    )
    context.add_init_script(LISTEN)
    try:
        page = context.new_page()
        pages = public_pages()
        problems = _visit_all(page, pages, structure=True)
        page.goto("/admin/login/")
        page.fill("#id_username", "csp-admin")
        page.fill("#id_password", "pw-csp-admin-1")
        page.locator("input[type=submit], button[type=submit]").first.click()
        page.wait_for_url("**/admin/")
        staff = staff_pages()
        problems += _visit_all(page, staff)
        assert not problems, "\n".join(problems)
        assert len(pages) + len(staff) >= 35
    finally:
        context.close()


def test_the_listener_sees_a_blocked_inline_script(page) -> None:
    """The check can fail: an inline script without the nonce is reported."""
    page.context.add_init_script(LISTEN)
    page.goto("/requests/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
