"""Figures of other apps that the scorecard and notices count per unit.

Supervision reads other apps' work (overdue applications, late replies) through this
small registry of providers, so the scorecard knows no app's tables directly: the
依申请公开 providers call ``requests_app.figures``. A provider
returns ``{organisation_id: count}`` for a year; each runs one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps

Provider = Callable[[int, datetime.date], dict[int, int]]


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    provider: Provider


_FIGURES: dict[str, Figure] = {}


def register(code: str, label: str, provider: Provider) -> None:
    _FIGURES[code] = Figure(code, label, provider)


def figures() -> list[Figure]:
    return list(_FIGURES.values())


def collect(year: int, today: datetime.date) -> dict[str, dict[int, int]]:
    """Return each registered figure's per-unit counts (one query per figure)."""
    return {code: figure.provider(year, today) for code, figure in _FIGURES.items()}


# --- providers for 依申请公开 (registered when that app is installed) ----------------


def overdue_applications(year: int, today: datetime.date) -> dict[int, int]:
    """Applications still unanswered past their reply deadline (条例第三十三条)."""
    from requests_app.figures import overdue_applications_by_unit

    return overdue_applications_by_unit(year, today)


def late_replies(year: int, today: datetime.date) -> dict[int, int]:
    """Replies of ``year`` given after the application's reply deadline."""
    from requests_app.figures import late_replies_by_unit

    return late_replies_by_unit(year)


def register_default_providers() -> None:
    if apps.is_installed("requests_app"):
        register("overdue_applications", "依申请公开逾期未答复", overdue_applications)
        register("late_replies", "依申请公开超期答复", late_replies)
