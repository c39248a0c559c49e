"""API tokens for harvesters: issue, revoke, authenticate, and throttle at each
client's own rate.

A harvester (e.g. the city library) sends ``Authorization: Token <token>``. The token
reads what anonymous visitors read — writes still need a staff session — but is
counted against its client's rate instead of the anonymous limit, so a full harvest of
``/api/v1/policies/?updated_since=`` and ``/api/v1/policies/removed/`` runs through.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import secrets
import time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, BaseThrottle

from portal.models import ApiClient

TOKEN_PREFIX = "jy_"  # noqa: S105 - a visible marker, not a secret
KEYWORDS = (b"token", b"bearer")
# last_used_at is written at most this often per client, not on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def hash_token(token: str) -> str:
    # The token is 256 random bits: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(token.encode()).hexdigest()


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (requests, period in seconds) of a rate such as ``6000/minute``."""
    number, period = rate.split("/")
    return int(number), _PERIODS[period[0]]


def assign_token(client: ApiClient) -> str:
    """Give ``client`` a new token (unsaved) and return it; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client.token_prefix = token[:10]
    client.token_hash = hash_token(token)
    return token


@transaction.atomic
def issue_api_client(
    *, name: str, rate: str = "6000/minute", contact: str = ""
) -> tuple[ApiClient, str]:
    """Create a client and return it with its token (shown once, never stored)."""
    client = ApiClient(name=name, contact=contact, rate=rate)
    token = assign_token(client)
    client.full_clean()
    client.save()
    return client, token


def reissue_token(client: ApiClient) -> str:
    """Replace ``client``'s token (the old one stops working at once)."""
    token = assign_token(client)
    client.save(update_fields=["token_prefix", "token_hash"])
    return token


def revoke_api_client(client: ApiClient) -> None:
    client.revoked = True
    client.save(update_fields=["revoked"])


def client_for_token(token: str, *, now: datetime.datetime) -> ApiClient | None:
    """Return the live client holding ``token`` and note that it was used."""
    client = ApiClient.objects.filter(token_hash=hash_token(token)).first()
    if client is None or client.revoked:
        return None
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <token>`` (or ``Bearer``) → the harvester's ApiClient.

    The user stays anonymous: a token grants reads at the client's rate, nothing more.
    """

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式不正确。")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌格式不正确。") from None
        client = client_for_token(token, now=timezone.now())
        if client is None:
            raise exceptions.AuthenticationFailed("令牌无效或已吊销。")
        return AnonymousUser(), client

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class AnonWithoutTokenThrottle(AnonRateThrottle):
    """The anonymous limit, for requests without a harvester token."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiClient):
            return None
        return super().get_cache_key(request, view)


class ApiClientRateThrottle(BaseThrottle):
    """A harvester's own rate, in fixed windows counted atomically in the cache."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return True
        limit, period = parse_rate(client.rate)
        now = time.time()
        window = int(now // period)
        key = f"apiclient:{client.pk}:{period}:{window}"
        cache.add(key, 0, period + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, period + 60)
            used = 1
        if used > limit:
            self._wait = (window + 1) * period - now
            return False
        return True

    def wait(self) -> float | None:
        return None if self._wait is None else float(math.ceil(self._wait))


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Names the harvester token in the OpenAPI schema."""

    target_class = "portal.api_tokens.ApiTokenAuthentication"
    name = "harvesterToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "采集方令牌，格式为“Token <令牌>”，由政务公开办在后台签发。",
        }
