from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from disclosure import services as disclosure_services
from disclosure.models import InformationItem
from portal.publishing import services
from portal.publishing.selectors import clear_proofreader_cache
from tests.disclosure.factories import InformationItemFactory


@pytest.fixture(autouse=True)
def _fresh_proofreader() -> None:
    clear_proofreader_cache()


def publish(item: InformationItem, desk: Any) -> InformationItem:
    item = services.submit(item, actor=desk.editor)
    item = services.approve(item, actor=desk.first)
    item = services.approve(item, actor=desk.second)
    return services.approve(item, actor=desk.final)


@pytest.fixture
def published(desk: Any) -> Callable[..., InformationItem]:
    """Make an item of the desk's unit (with its 索引号) and take it through review."""

    def make(**fields: Any) -> InformationItem:
        import datetime

        areas = fields.pop("key_areas", [])
        item = InformationItemFactory.build(organisation=desk.unit, **fields)
        disclosure_services.save_item(item, today=datetime.date(2024, 6, 1))
        item.key_areas.set(areas)
        return publish(item, desk)

    return make
