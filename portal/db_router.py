"""Public reads from a PostgreSQL read replica; everything else on the primary.

Off unless ``DATABASE_REPLICA_URL`` is set (``settings.PORTAL_READ_REPLICA`` then names the
``replica`` alias). Only a request that :class:`ReplicaReadsMiddleware` marks as a public
read — ``GET``/``HEAD`` by a visitor who is not logged in and has not just submitted
something — may read from the replica. Writes, staff, Celery tasks, management commands
and any query inside a transaction stay on the primary, as do all reads of a visitor for a
few seconds after their own POST (so a confirmation page never misses a row the replica
has not received yet).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

_public_read: ContextVar[bool] = ContextVar("portal_public_read", default=False)

PIN_COOKIE = "primary_pin"
SAFE_METHODS = frozenset({"GET", "HEAD"})


def replica_alias() -> str:
    return str(getattr(settings, "PORTAL_READ_REPLICA", "") or "")


class PrimaryReplicaRouter:
    """Send a read to the replica only inside a public read and outside a transaction."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        alias = replica_alias()
        if not alias or not _public_read.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        # Once this request writes, its later reads see the primary too.
        _public_read.set(False)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Mark anonymous GET/HEAD requests as public reads (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_alias():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            seconds = int(getattr(settings, "PORTAL_REPLICA_PIN_SECONDS", 10))
            response.set_cookie(
                PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax"
            )
            return response
        if PIN_COOKIE in request.COOKIES or request.user.is_authenticated:
            return self.get_response(request)
        token = _public_read.set(True)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class public_read:  # noqa: N801 - used like a function: ``with public_read():``
    """Mark a block as a public read outside a request (tests, warm-up scripts)."""

    def __enter__(self) -> None:
        self._token = _public_read.set(True)

    def __exit__(self, *exc: object) -> None:
        _public_read.reset(self._token)
