"""Data migrations give the same result whenever they run: no live files, no app code."""

from __future__ import annotations

import ast
import importlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.models import IndexEntry, Organisation, ProofRule
from portal.services import index_publish

MIGRATIONS = Path(__file__).resolve().parents[2] / "portal" / "migrations"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(MIGRATIONS.glob("0*.py")), ids=lambda p: p.name)
def test_no_migration_reads_files_or_imports_application_logic(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "open(" not in text
    # Field classes and schema operations may be imported; tokenizers and services may not.
    allowed = {
        "django.db",
        "django.conf",
        "portal.search.fields",
        "portal.publishing.fields",
    }
    for name in _imports(path):
        assert name.startswith("django") or name in allowed, name
    assert "search_fields" not in text


def test_the_starter_rules_are_inlined_and_seeded(db) -> None:
    module = importlib.import_module("portal.migrations.0004_starter_proof_rules")
    rules = module.RULES
    assert len(rules) == len({(r[0], r[1]) for r in rules}) == 86
    assert all(r[3] in ProofRule.Severity.values for r in rules)
    seeded = set(ProofRule.objects.values_list("category", "pattern"))
    assert {(r[0], r[1]) for r in rules} <= seeded


def test_rebuild_search_index_fills_the_search_columns(db) -> None:
    unit = Organisation.objects.create(name="单位", code="u1", kind="department")
    index_publish(
        unit, section="test", title="就业补贴", url="/x/1/", published_at=timezone.now()
    )
    IndexEntry.objects.update(search_tokens="", search_vector=None)
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "已重建 1 条" in out.getvalue()
    assert IndexEntry.objects.get().search_tokens
