"""Issue 9's housekeeping, kept true: file sizes, one check-digit module, the build
metadata out of git, test-only packages in the dev extra."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = {
    ".venv",
    "node_modules",
    ".git",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "staticfiles",
    "media",
}


def _files(*suffixes: str) -> list[Path]:
    return [
        path
        for suffix in suffixes
        for path in ROOT.rglob(f"*{suffix}")
        if not SKIP.intersection(path.relative_to(ROOT).parts)
    ]


def test_no_python_module_or_template_passes_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _files(".py", ".html")
        if (lines := path.read_text(encoding="utf-8").count("\n")) > 600
    }
    assert long == {}


# The MOD 11-2 table and the GB 32100 alphabet and weights: spelled once, in checkdigits.
CHECK_DIGIT_TABLES = re.compile(
    r"10X98765432|0123456789ABCDEFGHJKLMNPQRTUWXY|1, 3, 9, 27, 19|7, 9, 10, 5, 8, 4"
)


def test_check_digits_are_computed_in_one_module() -> None:
    module = ROOT / "portal" / "checkdigits.py"
    offenders = [
        str(path.relative_to(ROOT))
        for path in _files(".py", ".js", ".html")
        if path != module
        and "tests" not in path.relative_to(ROOT).parts
        and CHECK_DIGIT_TABLES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_egg_info_is_ignored_and_untracked() -> None:
    assert "/*.egg-info/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "*.egg-info*"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""


def test_python_docx_is_a_dev_only_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = " ".join(project["project"]["dependencies"])
    dev = " ".join(project["project"]["optional-dependencies"]["dev"])
    assert "python-docx" not in runtime and "python-docx" in dev
    importers = [
        str(path.relative_to(ROOT))
        for path in _files(".py")
        if "tests" not in path.relative_to(ROOT).parts
        and re.search(
            r"^\s*(from|import) docx\b", path.read_text(encoding="utf-8"), re.M
        )
    ]
    assert importers == []
