"""The Redis cache backend keeps one client per connection pool (portal/cache_backend.py)."""

from __future__ import annotations

import warnings

from portal.cache_backend import RedisCache


def test_one_redis_client_per_pool_not_one_per_operation() -> None:
    # No connection is opened: building a client and picking a pool are local.
    backend = RedisCache("redis://127.0.0.1:6379/5", {})
    client = backend._cache
    first = client.get_client()
    assert client.get_client() is first
    assert client.get_client(write=True) is first  # one server: one pool


def test_keys_are_not_scanned_for_memcached_warnings() -> None:
    backend = RedisCache("redis://127.0.0.1:6379/5", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django's backend warns about keys over 250
        backend.validate_key("pcp:" + "键" * 300)
