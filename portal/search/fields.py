"""The columns a searchable table carries, and the GIN index created on PostgreSQL."""

from __future__ import annotations

from typing import Any, TypedDict

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation
from django.utils.translation import gettext_lazy as _

from portal.search.tokenizer import (
    field_tokens,
    is_lossy,
    token_string,
    tsvector_literal,
)


class TsVectorField(models.Field):  # type: ignore[type-arg]
    """A ``tsvector`` column on PostgreSQL; a plain (unused) text column elsewhere.

    Values are written as ``tsvector`` input text built by the tokenizer and cast on the
    server, so the same migrations apply on SQLite, where search scans ``search_tokens``.
    """

    description = "PostgreSQL tsvector (text elsewhere)"

    def db_type(self, connection: BaseDatabaseWrapper) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder(
        self, value: Any, compiler: Any, connection: BaseDatabaseWrapper
    ) -> str:
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


class SearchFields(TypedDict):
    search_tokens: str
    search_vector: str | None
    search_lossy: bool


class Searchable(models.Model):
    """Abstract: the search columns, written only through :func:`search_fields`."""

    search_tokens = models.TextField(
        _("检索词元"), blank=True, default="", editable=False
    )
    search_vector = TsVectorField(_("检索向量"), null=True, blank=True, editable=False)
    search_lossy = models.BooleanField(_("超长文本"), default=False, editable=False)

    class Meta:
        abstract = True


def search_fields(title: str, *texts: str) -> SearchFields:
    """Return the search column values for a record with ``title`` and ``texts``."""
    title_count = len(field_tokens(title))
    tokens = field_tokens(title, *texts)
    return {
        "search_tokens": token_string(tokens),
        "search_vector": tsvector_literal(tokens, weight_a=title_count) or None,
        "search_lossy": is_lossy(tokens),
    }


class CreateSearchIndex(Operation):
    """Create the GIN index over ``search_vector`` on PostgreSQL; nothing elsewhere.

    A ``GinIndex`` in ``Meta.indexes`` would make SQLite fail to migrate, and the
    SQLite fallback scans ``search_tokens`` without an index anyway.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, name: str) -> None:
        self.table = table
        self.name = name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{self.name}" ON "{self.table}" '
                'USING gin ("search_vector")'
            )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{self.name}"')

    def describe(self) -> str:
        return f"Create GIN search index {self.name} on PostgreSQL"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"table": self.table, "name": self.name})
