"""Whole-process project disclosure: one page per project, missing and late stages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from disclosure.models import Project, ProjectStage
from portal import roles
from portal.publishing import services
from tests.disclosure.conftest import publish
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _project(unit, name="济阳区黄河大道改造提升工程", kind="construction"):
    return Project.objects.create(name=name, kind=kind, organisation=unit)


def _public_project(desk, **kwargs):
    return publish(_project(desk.unit, **kwargs), desk)


def test_project_page_follows_the_public_stages(
    client, desk, published, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    unreviewed = _project(desk.unit, name="尚未审核的项目")
    assert client.get(unreviewed.get_absolute_url()).status_code == 404
    project = _public_project(desk)
    approved = published(title="黄河大道批准信息")
    draft = InformationItemFactory(organisation=desk.unit, title="黄河大道开工草稿")
    ProjectStage.objects.create(
        project=project, stage="approved", item=approved,
        due_date=today + datetime.timedelta(days=5),
    )  # fmt: skip
    ProjectStage.objects.create(
        project=project, stage="started", item=draft,
        due_date=today - datetime.timedelta(days=3),
    )  # fmt: skip
    # settings, project + stages (2), public stage items
    with django_assert_max_num_queries(5):
        body = client.get(project.get_absolute_url()).content.decode()
    assert "黄河大道批准信息" in body
    assert "黄河大道开工草稿" not in body  # a draft never shows
    assert "逾期未公开" in body and "竣工" in body
    assert project.name in client.get("/disclosure/projects/").content.decode()
    # The item page links back to the whole process.
    assert (
        project.get_absolute_url()
        in client.get(approved.get_absolute_url()).content.decode()
    )

    assert "尚未审核的项目" not in client.get("/disclosure/projects/").content.decode()

    # A withdrawn stage document leaves the page; the stage is missing again.
    services.withdraw(approved, actor=desk.final, reason="批复文号有误")
    body = client.get(project.get_absolute_url()).content.decode()
    assert "黄河大道批准信息" not in body

    # A withdrawn project keeps its page with the notice, and leaves every list.
    services.withdraw(project, actor=desk.final, reason="项目已调整")
    body = client.get(project.get_absolute_url()).content.decode()
    assert "项目已调整" in body and "全过程公开</h2>" not in body
    assert project.name not in client.get("/disclosure/projects/").content.decode()


def test_project_list_query_count_is_constant(
    client, desk, published, django_assert_max_num_queries
) -> None:
    def make(i: int) -> None:
        project = _public_project(desk, name=f"环评项目{i}", kind="eia")
        ProjectStage.objects.create(
            project=project, stage="accepted", item=published(title=f"受理公示{i}")
        )

    make(0)
    # settings, count, projects, stages, public items
    with django_assert_max_num_queries(5):
        client.get("/disclosure/projects/")
    for i in range(1, 8):
        make(i)
    with django_assert_max_num_queries(5):
        body = client.get("/disclosure/projects/").content.decode()
    assert "环评项目7" in body


def test_monitor_shows_missing_and_late_stages_to_the_unit(
    client, desk, published
) -> None:
    today = timezone.localdate()
    project = _project(desk.unit, name="新能源储能电站环评", kind="eia")
    late = published(title="储能电站受理公示")
    ProjectStage.objects.create(
        project=project, stage="accepted", item=late,
        due_date=today - datetime.timedelta(days=30),
    )  # published today, due a month ago: late  # fmt: skip
    ProjectStage.objects.create(
        project=project, stage="proposed", due_date=today - datetime.timedelta(days=1)
    )
    fine = _project(desk.unit, name="按时公开的项目")
    ProjectStage.objects.create(
        project=fine, stage="approved", item=published(title="按时批准"),
        due_date=today + datetime.timedelta(days=10),
    )  # fmt: skip
    other_unit = OrganisationFactory(code="zjj")
    other = _project(other_unit, name="其他单位的项目")
    ProjectStage.objects.create(
        project=other, stage="approved", due_date=today - datetime.timedelta(days=9)
    )

    client.force_login(desk.editor)
    body = client.get("/disclosure/staff/monitor/").content.decode()
    assert "新能源储能电站环评" in body
    assert "受理公示：逾期公开" in body and "拟批准公示：逾期未公开" in body
    assert "按时公开的项目" not in body
    assert "其他单位的项目" not in body  # another unit's project stays hidden

    office_admin = UserFactory(
        organisation=OrganisationFactory(code="office"), roles=[roles.OFFICE_ADMIN]
    )
    client.force_login(office_admin)
    assert "其他单位的项目" in client.get("/disclosure/staff/monitor/").content.decode()
