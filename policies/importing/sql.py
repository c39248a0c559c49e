"""Set-based writes of the import: many rows in one statement, whatever the backend.

``bulk_create`` spends most of an import's time compiling each field of each object;
here a row is a tuple of column values and a chunk costs one INSERT per table. The
statements go through the ordinary cursor, so the page cache's write watcher and the
tests' query counts see them like any other write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

from policies.models import IndexNumberCounter, IssuerCode
from portal.models import Organisation

_PLAIN = (str, int, type(None))
UPDATE_BATCH = 100  # elsewhere than PostgreSQL: a CASE per column per row


def _preparers(
    fields: Sequence[models.Field[Any, Any]], wrapper: BaseDatabaseWrapper
) -> list[Callable[[Any], Any]]:
    """Per field, turn a value into its database value, as ``get_db_prep_save`` does.

    Strings, numbers and None go to the driver as they are on every backend (what
    get_db_prep_save returns for them); dates, times and JSON are adapted.
    """

    def preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        prep = field.get_db_prep_save
        if isinstance(field, models.JSONField):
            return lambda value: prep(value, wrapper)
        return lambda value: (
            value if isinstance(value, _PLAIN) else prep(value, wrapper)
        )

    return [preparer(f) for f in fields]


def insert_rows(
    model: type[models.Model],
    values: Sequence[dict[str, Any]],
    *,
    returning: bool = False,
) -> list[int]:
    """INSERT one row per dict of ``values`` (attname → value; other columns take
    their field default) and return the new primary keys, in order, if asked."""
    if not values:
        return []
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    wrapper = connections[DEFAULT_DB_ALIAS]  # not the thread-local proxy: per value
    quote = wrapper.ops.quote_name
    placeholder = "({})".format(
        ", ".join(
            f.get_placeholder(None, None, wrapper)  # type: ignore[attr-defined]
            if hasattr(f, "get_placeholder")
            else "%s"
            for f in fields
        )
    )
    # Identifiers from the model's metadata, quoted; values are always parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    tail = f" RETURNING {quote(meta.pk.column)}" if returning else ""  # type: ignore[union-attr]
    batch = max(1, wrapper.ops.bulk_batch_size(fields, list(values)))
    columns = list(
        zip([f.attname for f in fields], _preparers(fields, wrapper), strict=True)
    )
    ids: list[int] = []
    with wrapper.cursor() as cursor:
        for start in range(0, len(values), batch):
            part = values[start : start + batch]
            params = [
                prepare(row.get(name, defaults[name]))
                for row in part
                for name, prepare in columns
            ]
            cursor.execute(head + ", ".join([placeholder] * len(part)) + tail, params)
            if returning:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def update_rows(
    model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]
) -> None:
    """UPDATE the columns ``names`` of ``objs`` to their attribute values in one
    statement (PostgreSQL: ``UPDATE … FROM (VALUES …)``; elsewhere ``bulk_update``,
    whose CASE per row and column costs more the more rows there are)."""
    if not objs:
        return
    wrapper = connections[DEFAULT_DB_ALIAS]
    if wrapper.vendor != "postgresql":
        model._base_manager.bulk_update(objs, names, batch_size=UPDATE_BATCH)
        return
    meta = model._meta
    pk = cast("models.Field[Any, Any]", meta.pk)
    fields = [pk, *(cast("models.Field[Any, Any]", meta.get_field(n)) for n in names)]
    quote = wrapper.ops.quote_name
    row = "({})".format(", ".join(f"%s::{f.db_type(wrapper)}" for f in fields))
    alias = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(
        f"{quote(f.column)} = v.{quote(f.column)}" for f in fields[1:]
    )
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} FROM (VALUES "  # noqa: S608
        + ", ".join([row] * len(objs))
        + f") AS v ({alias}) WHERE {quote(meta.db_table)}.{quote(pk.column)}"
        f" = v.{quote(pk.column)}"
    )
    prepare = list(
        zip([f.attname for f in fields], _preparers(fields, wrapper), strict=True)
    )
    params = [p(getattr(obj, name)) for obj in objs for name, p in prepare]
    with wrapper.cursor() as cursor:
        cursor.execute(sql, params)


def reserve_index_numbers(
    organisation: Organisation, counts: dict[int, int], prefixes: dict[int, str]
) -> dict[int, list[str]]:
    """Return, per year, ``counts[year]`` consecutive new 索引号 of ``organisation``
    (one locking UPDATE for all years; see ``services.next_index_numbers``)."""
    if not counts:
        return {}
    prefix = prefixes.get(organisation.pk)
    if prefix is None:
        prefix = (
            IssuerCode.objects.filter(organisation=organisation)
            .values_list("credit_code", flat=True)
            .first()
        ) or organisation.code.upper()
        prefixes[organisation.pk] = prefix
    years = sorted(counts)
    last = _add_to_counters(prefix, {y: counts[y] for y in years})
    missing = [y for y in years if y not in last]
    if missing:
        IndexNumberCounter.objects.bulk_create(
            [IndexNumberCounter(prefix=prefix, year=y) for y in missing],
            ignore_conflicts=True,
        )
        last |= _add_to_counters(prefix, {y: counts[y] for y in missing})
    return {
        year: [
            f"{prefix}/{year}-{n:05d}"
            for n in range(last[year] - counts[year] + 1, last[year] + 1)
        ]
        for year in years
    }


def _add_to_counters(prefix: str, counts: dict[int, int]) -> dict[int, int]:
    table = connection.ops.quote_name(IndexNumberCounter._meta.db_table)
    cases = " ".join("WHEN %s THEN %s" for _ in counts)
    sql = (
        f'UPDATE {table} SET "last" = "last" + CASE "year" {cases} ELSE 0 END '  # noqa: S608
        f'WHERE "prefix" = %s AND "year" IN ({", ".join(["%s"] * len(counts))}) '
        'RETURNING "year", "last"'
    )
    params: list[Any] = [v for item in counts.items() for v in item]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, prefix, *counts])
        return {int(year): int(last) for year, last in cursor.fetchall()}
