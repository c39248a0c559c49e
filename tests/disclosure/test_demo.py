"""The disclosure demo: a district's year across many units, every key area filled,
at least three “一件事” columns, loadable twice."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.utils import timezone

from disclosure.demo import seed_disclosure
from disclosure.models import (
    ColumnEntry,
    InformationItem,
    KeyArea,
    OfflineZone,
    Project,
    TopicColumn,
)
from disclosure.selectors import column_rows, project_views
from portal.demo import seed_organisations, seed_staff

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2024, 12, 28, 10, tzinfo=datetime.UTC))
def test_the_demo_is_a_full_year_and_idempotent(client) -> None:
    seed_staff(seed_organisations())
    assert "条主动公开信息" in seed_disclosure()
    public = InformationItem.objects.public()
    assert public.count() >= 45
    assert public.values("organisation").distinct().count() >= 12
    assert all(i.index_number for i in public)
    # Every key area has public items; at least three 一件事 columns show content.
    for area in KeyArea.objects.all():
        assert public.filter(key_areas=area).exists(), area.name
    one_thing = TopicColumn.objects.filter(kind=TopicColumn.Kind.ONE_THING)
    assert sum(1 for c in one_thing if column_rows(c)) >= 3
    assert OfflineZone.objects.count() >= 3
    # Titles agree with their dates: a year in a title is the publication year
    # (or the year before, for 决算 and similar reports on a past year).
    for item in public:
        years = {int(y) for y in re.findall(r"(20\d\d)年", item.title)}
        published = timezone.localtime(item.published_at).year
        assert years <= {published, published - 1}, item.title
    # Projects show both complete and problem processes.
    views = project_views(list(Project.objects.all()))
    assert any(not v.problems for v in views) and any(v.problems for v in views)

    counts = (
        InformationItem.objects.count(),
        Project.objects.count(),
        ColumnEntry.objects.count(),
    )
    seed_disclosure()
    assert (
        InformationItem.objects.count(),
        Project.objects.count(),
        ColumnEntry.objects.count(),
    ) == counts
    for path in ("/disclosure/", "/disclosure/catalogue/", "/disclosure/projects/"):
        assert client.get(path).status_code == 200
