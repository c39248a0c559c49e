"""axe-core in the browser tests: injected from the project's own node_modules (see the
Makefile's ``axe`` target), never from a CDN; skipped with a reason when it is absent,
failed when REQUIRE_E2E is set."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"

# WCAG 2.1 A and AA plus axe's best practices, the level the portal is held to.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def require_axe() -> None:
    """Skip (or fail under REQUIRE_E2E) when axe-core is not installed."""
    if AXE_JS.exists():
        return
    reason = f"axe-core is not installed at {AXE_JS}: run `make axe` (needs npm)"
    if os.environ.get("REQUIRE_E2E"):
        pytest.fail(f"REQUIRE_E2E is set but {reason}")
    pytest.skip(reason)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its violations."""
    require_axe()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as an inline <script>, so the
        # page's Content-Security-Policy does not block it.
        page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return list(result["violations"])


def assert_no_axe_violations(page: Any) -> None:
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(summary)
