from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.publishing.selectors import clear_proofreader_cache


@pytest.fixture(autouse=True)
def _fresh_proofreader() -> Iterator[None]:
    clear_proofreader_cache()
    yield
    clear_proofreader_cache()
