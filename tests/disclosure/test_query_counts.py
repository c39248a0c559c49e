"""Every public page of the column runs the same number of queries with 1 row or 10."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import (
    ColumnEntry,
    ColumnPage,
    InformationItem,
    OfflineZone,
    Project,
    ProjectStage,
    TopicColumn,
)
from tests.disclosure.conftest import publish
from tests.disclosure.factories import CatalogueNodeFactory, KeyAreaFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/disclosure/",
    "/disclosure/items/",
    "/disclosure/catalogue/",
    "/disclosure/catalogue/{node}/",
    "/disclosure/catalogue/{node}/feed/",
    "/disclosure/areas/",
    "/disclosure/areas/area-x/",
    "/disclosure/areas/area-x/feed/",
    "/disclosure/projects/",
    "/disclosure/projects/{project}/",
    "/disclosure/columns/",
    "/disclosure/columns/col-x/",
    "/disclosure/zones/",
    "/disclosure/zones/{zone}/kiosk/",
    "/disclosure/zones/{zone}/kiosk/areas/area-x/",
    "/disclosure/guide/",
    "/disclosure/rules/",
    "/disclosure/annual-reports/",
    "/disclosure/feed/",
    "/disclosure/subscribe/",
    "/site-map/",
    "/contact/",
]


def _counts(client, ids) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        url = path.format(**ids)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def test_query_counts_do_not_grow_with_the_data(client, desk, published) -> None:
    root = CatalogueNodeFactory(name="根")
    area = KeyAreaFactory(slug="area-x")
    CatalogueNodeFactory(name="领域事项", parent=root, key_area=area)
    node = CatalogueNodeFactory(name="事项", parent=root)
    column = publish(
        TopicColumn.objects.create(
            slug="col-x", name="专栏", kind="one_thing", organisation=desk.unit
        ),
        desk,
    )
    zone = OfflineZone.objects.create(
        name="专区", kind="hall", address="地址", hours="全天"
    )
    ColumnPage.objects.create(slug="guide", title="指南", body="<p>指南</p>")
    ct = ContentType.objects.get_for_model(InformationItem)
    projects = []

    def add(i: int) -> None:
        item = published(title=f"信息{i}", catalogue_node=node, key_areas=[area])
        project = publish(
            Project.objects.create(name=f"项目{i}", kind="eia", organisation=desk.unit),
            desk,
        )
        ProjectStage.objects.create(project=project, stage="accepted", item=item)
        projects.append(project)
        ColumnEntry.objects.create(
            column=column,
            position=i,
            kind="content",
            content_type=ct,
            object_id=item.pk,
        )
        CatalogueNodeFactory(name=f"事项{i}", parent=node)
        KeyAreaFactory()
        OfflineZone.objects.create(
            name=f"专区{i}", kind="town", address="地址", hours="全天"
        )

    add(0)
    ids = {"node": node.pk, "project": projects[0].pk, "zone": zone.pk}
    _counts(client, ids)  # warm the content-type cache
    one = _counts(client, ids)
    for i in range(1, 11):
        add(i)
    assert _counts(client, ids) == one
