from __future__ import annotations

from tests.requests_app.conftest import (  # noqa: F401 - shared fixtures
    handler,
    office_admin,
    other_unit,
    unit,
)
