"""Receivers that feed the security log: Django's login signals, axes' lock-out and
the 依申请公开 reveal row (saved by requests_app's own service)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from portal.security.models import SecurityEvent
from portal.security.services import record_security_event
from requests_app.models import PersonalDataAccess


@receiver(user_logged_in, dispatch_uid="security-log-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_security_event(SecurityEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="security-log-login-failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``.
    record_security_event(
        SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )


@receiver(user_locked_out, dispatch_uid="security-log-lockout")
def _locked_out(
    sender: Any, request: Any, username: str | None = None, **kwargs: Any
) -> None:
    record_security_event(
        SecurityEvent.Kind.LOCKOUT, request=request, username=username or ""
    )


@receiver(post_save, sender=PersonalDataAccess, dispatch_uid="security-log-reveal")
def _personal_data_revealed(
    sender: Any, instance: PersonalDataAccess, created: bool, **kwargs: Any
) -> None:
    if not created:
        return
    # The application's number only: the log never holds what was revealed.
    record_security_event(
        SecurityEvent.Kind.PERSONAL_DATA_REVEALED,
        user=instance.user,
        detail=f"依申请公开申请 #{instance.application_id}（{instance.field}）",
    )
