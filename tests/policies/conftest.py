from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.publishing.selectors import clear_proofreader_cache


@pytest.fixture(autouse=True)
def _fresh_proofreader() -> Iterator[None]:
    clear_proofreader_cache()
    yield
    clear_proofreader_cache()


@pytest.fixture(autouse=True)
def _audiences(request: pytest.FixtureRequest) -> None:
    """Rows the data migration seeds; a transactional test elsewhere flushes them."""
    if (
        "django_db_setup" not in request.fixturenames
        and not request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("db")
    import importlib

    from policies.models import Audience

    migration = importlib.import_module("policies.migrations.0001_policy_library")
    for order, (code, name) in enumerate(migration.AUDIENCES, start=1):
        Audience.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
