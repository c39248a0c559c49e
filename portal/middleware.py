"""Refuse requests carrying a NUL byte where no legitimate client sends one.

A NUL reaches PostgreSQL as a string literal it refuses ("A string literal cannot
contain NUL"), a 500 on whatever code queries with it unvalidated: the Basic-auth
user name (DRF ``BasicAuthentication``) and admin's own query-string views (the
autocomplete ``term``, the change-list search). Public pages and the API read their
query strings through forms, whose ``ProhibitNullCharactersValidator`` answers with
a Chinese message and keeps the form, so their query strings are left to them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.urls import reverse

NUL = "\x00"
NUL_MESSAGE = "请求中含有不允许的字符（NUL）。"


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    if request.path.startswith(reverse("admin:index")):
        for key, values in request.GET.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if NUL in authorization:
        return True
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "basic" and credentials:
        try:
            decoded = base64.b64decode(credentials.strip(), validate=False)
        except (binascii.Error, ValueError):
            return False
        return b"\x00" in decoded
    return False


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            if request.path.startswith("/api/"):
                # The API documents its errors as JSON (portal/schema.py).
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(
                NUL_MESSAGE.encode(), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
