"""Production settings: `check --deploy` is silent; missing secrets fail loudly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "FIELD_ENCRYPTION_KEY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings() -> None:
    result = _run(
        {
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "www.jiyang.gov.cn",
            "FIELD_ENCRYPTION_KEY": "a-long-random-field-encryption-key",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_requires_a_secret_key() -> None:
    result = _run({"DEBUG": "0", "ALLOWED_HOSTS": "www.jiyang.gov.cn"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_fails_loudly() -> None:
    result = _run({"DEBUG": "maybe"}, "check")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
