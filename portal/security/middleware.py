"""Response headers Django's SecurityMiddleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from portal.security.csp import PERMISSIONS_POLICY


class PermissionsPolicyMiddleware:
    """Add ``Permissions-Policy`` (a view may set its own first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
