from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from portal import roles
from portal.celery import app as celery_app
from portal.models import Organisation, User
from tests.portal.factories import OrganisationFactory, UserFactory

# The machine running CI is shared (two cores, a database and a browser): a property's
# wall-clock time says nothing about its correctness, so no per-example deadline.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _eager_celery() -> Iterator[None]:
    """Run tasks in-process unless a test starts a real worker (tests/portal/test_worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@dataclass
class Desk:
    """A unit with an editor and one reviewer per step."""

    unit: Organisation
    editor: User
    first: User
    second: User
    final: User


@pytest.fixture
def desk(db) -> Desk:
    unit = OrganisationFactory(
        name="济阳区人力资源和社会保障局",
        short_name="区人力资源和社会保障局",
        code="rsj",
    )
    return Desk(
        unit=unit,
        editor=UserFactory(organisation=unit, roles=[roles.EDITOR]),
        first=UserFactory(organisation=unit, roles=[roles.REVIEW_FIRST]),
        second=UserFactory(organisation=unit, roles=[roles.REVIEW_SECOND]),
        final=UserFactory(organisation=unit, roles=[roles.REVIEW_FINAL]),
    )
