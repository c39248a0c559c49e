"""The website crawler's settings come from the environment (README table)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "from django.conf import settings as s; "
    "print(s.SUPERVISION_SITE_BASE_URL, s.SUPERVISION_CHECK_EXTERNAL_LINKS)"
)


def _settings(extra: dict[str, str]) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SUPERVISION_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(extra)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_crawler_settings_from_the_environment() -> None:
    assert _settings({}) == "http://127.0.0.1:8000 False"
    assert (
        _settings(
            {
                "SUPERVISION_SITE_BASE_URL": "https://www.jiyang.gov.cn",
                "SUPERVISION_CHECK_EXTERNAL_LINKS": "1",
            }
        )
        == "https://www.jiyang.gov.cn True"
    )


def test_readme_documents_them() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "`SUPERVISION_SITE_BASE_URL`" in readme
    assert "`SUPERVISION_CHECK_EXTERNAL_LINKS`" in readme
