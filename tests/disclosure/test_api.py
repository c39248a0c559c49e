"""Read API of the catalogue and of projects: public content only, constant queries."""

from __future__ import annotations

import pytest

from disclosure.models import Project, ProjectStage
from tests.disclosure.conftest import publish
from tests.disclosure.factories import CatalogueNodeFactory, InformationItemFactory

pytestmark = pytest.mark.django_db


def test_catalogue_api_lists_active_nodes(client) -> None:
    CatalogueNodeFactory(
        name="财政预算、决算信息", legal_basis="条例第二十条第（七）项"
    )
    CatalogueNodeFactory(name="停用事项", is_active=False)
    rows = client.get("/api/v1/disclosure-catalogue/").json()["results"]
    assert [r["name"] for r in rows] == ["财政预算、决算信息"]
    assert rows[0]["time_limit_workdays"] == 20


def test_project_api_shows_only_public_stage_documents(
    client, desk, published, django_assert_max_num_queries
) -> None:
    project = publish(
        Project.objects.create(
            name="黄河大道工程", kind="construction", organisation=desk.unit
        ),
        desk,
    )
    shown = published(title="批准信息")
    draft = InformationItemFactory(organisation=desk.unit, title="开工草稿")
    ProjectStage.objects.create(project=project, stage="approved", item=shown)
    ProjectStage.objects.create(project=project, stage="started", item=draft)
    hidden = Project.objects.create(
        name="未公开项目", kind="eia", organisation=desk.unit
    )
    ProjectStage.objects.create(project=hidden, stage="accepted", item=draft)

    # count, projects, stages, public items
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/disclosure-projects/").json()
    assert [r["name"] for r in data["results"]] == ["黄河大道工程"]
    stages = {s["stage"]: s for s in data["results"][0]["stages"]}
    assert stages["approved"]["document"] == shown.get_absolute_url()
    assert stages["started"]["document"] is None
    assert len(stages) == 4
    detail = client.get(f"/api/v1/disclosure-projects/{project.pk}/").json()
    assert detail["name"] == "黄河大道工程"
    for pk in (hidden.pk, "abc", 99999999999):
        assert client.get(f"/api/v1/disclosure-projects/{pk}/").status_code == 404
