"""WSGI entry point: Django's handler with cached public pages answered first
(portal/cache_handler.py)."""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup(set_prefix=False)

from portal.cache_handler import PageCacheHandler  # noqa: E402 - needs the apps loaded

application = PageCacheHandler()
