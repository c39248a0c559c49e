"""Data migrations give the same result whenever they run: no live files, no app code."""

from __future__ import annotations

import ast
import importlib
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from portal.models import IndexEntry, Organisation, ProofRule
from portal.services import index_publish

MIGRATIONS = Path(__file__).resolve().parents[2] / "portal" / "migrations"
SEEDS = "portal.migrations.0002_roles_proof_rules_search_index"


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
    module = importlib.import_module(SEEDS)
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


def test_portal_migrations_are_one_line_without_merges() -> None:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    portal = sorted(key for key in graph.nodes if key[0] == "portal")
    assert portal == [
        ("portal", "0001_initial"),
        ("portal", "0002_roles_proof_rules_search_index"),
    ]
    assert graph.leaf_nodes("portal") == [portal[-1]]


def test_other_apps_depend_only_on_portal_initial() -> None:
    """``0001_initial`` is the one name the squash kept: a database migrated with the
    old history has it recorded, so its other apps' applied migrations stay consistent
    and ``migrate`` only runs the idempotent 0002 there."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    parents = {
        dependency
        for key, migration in loader.disk_migrations.items()
        if key[0] != "portal"
        for dependency in migration.dependencies
        if dependency[0] == "portal"
    }
    # ``__first__`` is the swappable dependency on the user model: 0001_initial too.
    assert parents <= {("portal", "0001_initial"), ("portal", "__first__")}


def test_the_seed_migration_runs_again_without_change(db) -> None:
    from django.apps import apps

    module = importlib.import_module(SEEDS)
    before = (Group.objects.count(), ProofRule.objects.count())
    # The functions use only ``schema_editor.connection`` and ``.execute`` (SQLite
    # refuses a real schema editor inside the test's transaction).
    editor = SimpleNamespace(
        connection=connection, execute=lambda sql: connection.cursor().execute(sql)
    )
    module.create_roles(apps, editor)
    module.load_rules(apps, editor)
    module.create_search_index(apps, editor)
    assert (Group.objects.count(), ProofRule.objects.count()) == before
    assert set(module.ROLES) <= set(Group.objects.values_list("name", flat=True))


def test_the_search_index_exists_on_postgresql(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["portal_indexentry_search_gin"],
        )
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition
