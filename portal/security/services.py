"""Writes to the security log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone

from portal.clients import client_address
from portal.security.models import SecurityEvent


def record_security_event(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Add one row to the security log; the address comes from the proxy-aware reader."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    account = user if user is not None and user.is_authenticated else None
    if account is not None and not username:
        username = account.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        at=timezone.now(),
        user=account,  # type: ignore[misc]
        username=username[:150],
        client_address=(client_address(request) or None)
        if request is not None
        else None,
        path=request.path[:300] if request is not None else "",
        detail=detail[:300],
    )


def purge_security_log(*, now: datetime.datetime) -> int:
    """Delete rows older than SECURITY_LOG_RETENTION_DAYS; return how many went.

    Idempotent: a second run the same day finds nothing more to delete.
    """
    cutoff = now - datetime.timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
