from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import blocking_manager_key

from portal import roles
from portal.celery import app as celery_app
from portal.models import Organisation, User
from tests.portal.factories import OrganisationFactory, UserFactory

# The machines that run the suite are shared and small: a per-example deadline turns
# a busy moment into a FlakyFailure, so examples are bounded by count, not time.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")

# Reference data that data migrations seed: (migration module, forward function, a
# model whose emptiness says the seed is missing). A transactional test (live server,
# ``transaction=True``) ends with a flush that deletes these rows, and with
# ``--reuse-db`` the flush outlives the run, so they are put back after each such
# test and once when the session opens the database. Add new seeds here.
PORTAL_SEEDS = "portal.migrations.0002_roles_proof_rules_search_index"
REFERENCE_SEEDS: list[tuple[str, str, str]] = [
    (PORTAL_SEEDS, "create_roles", "auth.Group"),
    (PORTAL_SEEDS, "load_rules", "portal.ProofRule"),
    ("policies.migrations.0001_policy_library", "seed_audiences", "policies.Audience"),
]


def seed_reference_data() -> int:
    """Re-run the seeds whose rows are missing; return how many ran."""
    from django.apps import apps

    ran = 0
    for module, function, model in REFERENCE_SEEDS:
        if apps.get_model(model).objects.exists():
            continue
        getattr(importlib.import_module(module), function)(apps, None)
        ran += 1
    return ran


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        seed_reference_data()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    result = yield
    if _is_transactional(item):
        # The test's teardown has flushed the database; restore the seeds so the
        # next test, whatever the order, starts from the migrated state.
        with item.config.stash[blocking_manager_key].unblock():
            seed_reference_data()
    return result


@pytest.fixture(autouse=True)
def _test_settings(settings, request: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Query-count tests measure the uncached page: the whole-page cache is on only in
    # tests marked ``page_cache`` (or with TEST_PAGE_CACHE=1, which runs the whole
    # suite through the cache and so finds any change that does not retire a page).
    settings.PAGE_CACHE_BUMP_EACH_WRITE = True  # the test transaction never commits
    settings.PUBLIC_PAGE_CACHE = (
        os.environ.get("TEST_PAGE_CACHE") == "1"
        or request.node.get_closest_marker("page_cache") is not None
    )
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
def _drf_throttle_rates() -> Iterator[None]:
    """DRF copies the throttle rates onto ``SimpleRateThrottle`` at import; a test
    that overrides them must not leak its rates into the tests after it."""
    from rest_framework.throttling import SimpleRateThrottle

    saved = SimpleRateThrottle.THROTTLE_RATES
    yield
    SimpleRateThrottle.THROTTLE_RATES = saved


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def cjk_font_installed() -> bool:
    """Return True when fontconfig knows a Noto CJK font (Debian fonts-noto-cjk)."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run(  # noqa: S603 - a fixed local command
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    return "Noto" in listed and "CJK" in listed


@pytest.fixture
def require_cjk_font() -> None:
    """Skip a check that needs the CJK font when it is missing, unless CI
    (``REQUIRE_E2E``, where ``.ci/run`` installs fonts-noto-cjk) says it must run."""
    import os

    if cjk_font_installed():
        return
    if os.environ.get("REQUIRE_E2E"):
        pytest.fail("REQUIRE_E2E is set but no Noto CJK font is installed")
    pytest.skip("no Noto CJK font installed (apt-get install fonts-noto-cjk)")


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
