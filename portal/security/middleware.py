"""Response headers Django's SecurityMiddleware does not set, the staff second
factor, and the log of refusals on staff pages."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from portal.security.csp import PERMISSIONS_POLICY

# Paths an account that has given its password but not its second factor may reach.
_OTP_EXEMPT_NAMES = ("security:otp-verify", "security:otp-setup", "admin:logout")


class PermissionsPolicyMiddleware:
    """Add ``Permissions-Policy`` (a view may set its own first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def is_staff_path(path: str) -> bool:
    return path.startswith(reverse("admin:index")) or "/staff/" in path


def needs_second_factor(request: HttpRequest) -> bool:
    """True when a staff account has logged in with its password only."""
    if not getattr(settings, "STAFF_2FA_REQUIRED", False):
        return False
    user = request.user
    if not (user.is_authenticated and (user.is_staff or user.is_superuser)):
        return False
    if user.is_verified():  # type: ignore[union-attr,attr-defined]  # OTPMiddleware
        return False
    if request.path.startswith(settings.STATIC_URL):
        return False
    return request.path not in {reverse(name) for name in _OTP_EXEMPT_NAMES}


class StaffSecurityMiddleware:
    """Send a staff account without its second factor to the code page; log every
    403 answered on a staff page. After django-otp's OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request):
            target = reverse("security:otp-verify")
            return HttpResponseRedirect(
                f"{target}?{urlencode({'next': request.get_full_path()})}"
            )
        response = self.get_response(request)
        if response.status_code == 403 and is_staff_path(request.path):
            from portal.security.models import SecurityEvent
            from portal.security.services import record_security_event

            record_security_event(
                SecurityEvent.Kind.PERMISSION_DENIED,
                request=request,
                detail=f"{request.method} 被拒绝",
            )
        return response
