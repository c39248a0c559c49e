"""Apps register their demo-data loaders here (from ``AppConfig.ready``), in order."""

from __future__ import annotations

from collections.abc import Callable

_SEEDERS: list[tuple[int, str, Callable[[], str]]] = []


def register(name: str, seeder: Callable[[], str], order: int = 100) -> None:
    """Add ``seeder`` (returns a one-line summary); it must be idempotent."""
    if any(existing == name for _, existing, _ in _SEEDERS):
        return
    _SEEDERS.append((order, name, seeder))


def seeders() -> list[tuple[str, Callable[[], str]]]:
    return [
        (name, fn)
        for _, name, fn in sorted(_SEEDERS, key=lambda item: (item[0], item[1]))
    ]
