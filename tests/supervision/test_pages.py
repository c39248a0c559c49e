"""Staff pages of supervision (refusals, flows, fixed query counts) and public notices."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.models import IndexEntry
from portal.publishing import services as publishing
from portal.publishing.models import ReviewState
from portal.roles import OFFICE_ADMIN
from supervision import services
from supervision.models import NewMediaAccount, Notice, Platform, PublicNotice, Task
from supervision.services.notices import (
    NOTICE_SECTION,
    prepare_public_notice,
    publish_notice,
)
from supervision.workflow import TaskStatus
from tests.conftest import Desk
from tests.supervision.conftest import at, make_task, office_desk, through_review

pytestmark = pytest.mark.django_db

OFFICE_PAGES = ["dashboard", "new-media", "scorecard"]
ROLE_PAGES = ["tasks", "compliance", "import", "site-checks"]


@pytest.mark.parametrize("name", OFFICE_PAGES + ROLE_PAGES)
def test_staff_pages_refuse_users_without_the_role(client, cast, name) -> None:
    client.force_login(cast.no_role)
    assert client.get(reverse(f"supervision:{name}")).status_code == 403
    client.logout()
    response = client.get(reverse(f"supervision:{name}"))
    assert response.status_code == 302  # to the admin login


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_office_pages_refuse_a_units_liaison(client, cast, name) -> None:
    client.force_login(cast.liaison)
    assert client.get(reverse(f"supervision:{name}")).status_code == 403
    client.force_login(cast.office)
    assert client.get(reverse(f"supervision:{name}")).status_code == 200


def test_another_units_liaison_cannot_see_or_report_on_a_task(
    client, cast, task
) -> None:
    client.force_login(cast.other_liaison)
    url = reverse("supervision:task", args=[task.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("supervision:task-report", args=[task.pk]), {"text": "冒报"}
    )
    assert response.status_code == 404
    client.force_login(cast.no_role)
    assert client.get(url).status_code == 403
    assert task.events.count() == 1


def test_the_units_liaison_reports_and_the_office_reviews(client, cast, task) -> None:
    client.force_login(cast.liaison)
    page = client.get(reverse("supervision:task", args=[task.pk]))
    assert "报送进展" in page.content.decode()
    # Bad input: a clear message, the text kept, nothing saved.
    bad = client.post(
        reverse("supervision:task-report", args=[task.pk]),
        {"text": "已召开会议", "evidence_entry": "999999"},
    )
    assert bad.status_code == 400
    assert "没有这条已发布信息" in bad.content.decode()
    assert "已召开会议" in bad.content.decode()
    assert task.events.count() == 1
    ok = client.post(
        reverse("supervision:task-report", args=[task.pk]),
        {"text": "已召开会议", "complete": "on"},
    )
    assert ok.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.SUBMITTED
    # The liaison cannot accept its own work.
    denied = client.post(reverse("supervision:task-review", args=[task.pk, "accept"]))
    assert denied.status_code == 403
    client.force_login(cast.office)
    empty = client.post(
        reverse("supervision:task-review", args=[task.pk, "return"]), {"reason": ""}
    )
    assert empty.status_code == 400
    client.post(
        reverse("supervision:task-review", args=[task.pk, "return"]),
        {"reason": "请补充会议纪要"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.RETURNED
    # A second return from the wrong state is refused with a message, not a 500.
    again = client.post(
        reverse("supervision:task-review", args=[task.pk, "return"]),
        {"reason": "再退"},
        follow=True,
    )
    assert "不能执行" in again.content.decode()


def _fill(cast, work_point, n: int) -> None:
    for i in range(n):
        late = make_task(
            cast, work_point, title=f"逾期{i}", deadline=datetime.date(2024, 9, 1)
        )
        make_task(
            cast, work_point, title=f"将到期{i}", deadline=datetime.date(2024, 10, 9)
        )
        services.report_progress(
            late, actor=cast.liaison, text="推进中", now=at(2024, 8, 1)
        )
        NewMediaAccount.objects.create(
            organisation=cast.unit,
            platform=Platform.WEIBO,
            name=f"账号{i}",
            account_id=f"acct{n}-{i}",
            last_updated_on=datetime.date(2024, 1, 1),
        )


@pytest.mark.parametrize("rows", [1, 10])
def test_dashboard_runs_a_fixed_number_of_queries(
    client, cast, work_point, rows, django_assert_max_num_queries
) -> None:
    _fill(cast, work_point, rows)
    client.force_login(cast.office)
    with time_machine.travel(at(2024, 9, 30), tick=False):
        # session + user + groups; overdue, at-risk, stale, rectifications,
        # compliance, latest run; site settings (cached after the first read).
        with django_assert_max_num_queries(11):
            response = client.get(reverse("supervision:dashboard"))
    body = response.content.decode()
    assert body.count("逾期") >= rows and f"将到期{rows - 1}" in body
    assert f"账号{rows - 1}" in body


@pytest.mark.parametrize("rows", [1, 10])
def test_task_list_and_scorecard_query_counts(
    client, cast, work_point, rows, django_assert_max_num_queries
) -> None:
    _fill(cast, work_point, rows)
    client.force_login(cast.office)
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("supervision:tasks") + "?year=2024")
    assert listing.status_code == 200
    with django_assert_max_num_queries(12):
        card = client.get(reverse("supervision:scorecard") + "?year=2024")
    assert "济阳区人力资源和社会保障局" in card.content.decode()
    with django_assert_max_num_queries(8):
        client.get(reverse("supervision:compliance") + "?year=2024")


def test_liaison_sees_only_its_units_tasks(client, cast, work_point) -> None:
    make_task(cast, work_point, title="本单位任务")
    make_task(cast, work_point, title="他单位任务", unit=cast.other_unit)
    client.force_login(cast.liaison)
    body = client.get(reverse("supervision:tasks") + "?year=2024").content.decode()
    assert "本单位任务" in body and "他单位任务" not in body


def test_import_page_lists_bad_rows(client, cast) -> None:
    NewMediaAccount.objects.create(
        organisation=cast.unit, platform=Platform.WECHAT, name="人社", account_id="rs"
    )
    client.force_login(cast.liaison)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "u.csv",
        "平台,账号ID,最近更新日期\n微信公众号,rs,2024-06-01\n微博,none,2024-06-01\n".encode(),
    )
    body = client.post(reverse("supervision:import"), {"file": upload}).content.decode()
    assert "更新 1 个账号" in body and "第 3 行：台账中没有该账号。" in body


def test_notice_drafted_from_the_scorecard_and_published(
    client, cast, work_point
) -> None:
    make_task(cast, work_point, title="逾期任务", deadline=datetime.date(2024, 9, 1))
    client.force_login(cast.office)
    response = client.post(
        reverse("supervision:scorecard") + "?year=2024",
        {"year": "2024", "kind": "criticism", "is_public": "on"},
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert cast.unit in notice.organisations.all()
    assert "逾期未完成1项" in notice.body
    assert notice.published_at is None
    publish_notice(notice, actor=cast.office, now=at(2024, 12, 1))
    # Sent to the units; the public rendition is a draft that must pass 三审三校.
    public = PublicNotice.objects.get(notice=notice)
    assert public.review_state == ReviewState.DRAFT
    assert public.organisation == cast.office.organisation
    client.logout()
    address = reverse("supervision:notice", args=[public.pk])
    assert client.get(address).status_code == 404
    assert not IndexEntry.objects.filter(section=NOTICE_SECTION).exists()
    public = through_review(public, office_desk(cast))
    assert client.get(address).status_code == 200
    assert IndexEntry.objects.filter(section=NOTICE_SECTION).count() == 1
    # Praise with nobody outstanding: a message, nothing saved.
    client.force_login(cast.office)
    none = client.post(
        reverse("supervision:scorecard"), {"year": "2024", "kind": "praise"}
    )
    assert none.status_code == 400 and "没有需要通报的单位" in none.content.decode()
    assert Notice.objects.count() == 1


def test_withdrawn_notice_keeps_its_page_with_the_public_reason(client, cast) -> None:
    desk = office_desk(cast)
    [public] = _notices(cast, 1, desk)
    public = publishing.withdraw(
        public, actor=desk.final, reason="通报单位名称有误，更正后重新发布。"
    )
    page = client.get(reverse("supervision:notice", args=[public.pk]))
    assert page.status_code == 200
    assert "通报单位名称有误" in page.content.decode()
    listing = client.get(reverse("supervision:notice-list")).content.decode()
    assert public.title not in listing
    assert not IndexEntry.objects.filter(section=NOTICE_SECTION).exists()


def test_only_the_office_may_prepare_a_public_notice(cast) -> None:
    notice = Notice.objects.create(year=2024, kind="praise", title="表扬", body="x")
    with pytest.raises(PermissionDenied):
        prepare_public_notice(notice, actor=cast.liaison)
    first = prepare_public_notice(notice, actor=cast.office)
    assert prepare_public_notice(notice, actor=cast.office) == first


def _notices(cast, n: int, desk: Desk | None = None) -> list[PublicNotice]:
    desk = desk or office_desk(cast)
    made = []
    for i in range(n):
        notice = Notice.objects.create(
            year=2024, kind="praise", title=f"表扬通报{i}", body="正文", is_public=True
        )
        publish_notice(notice, actor=cast.office, now=at(2024, 12, 1))
        made.append(through_review(notice.publication, desk))
    return made


@pytest.mark.parametrize("rows", [1, 10])
def test_public_notice_pages_have_fixed_query_counts(
    client, cast, rows, django_assert_max_num_queries
) -> None:
    desk = office_desk(cast)
    notices = _notices(cast, rows, desk)
    hidden = Notice.objects.create(
        year=2024, kind="criticism", title="内部通报", body="x"
    )
    publish_notice(hidden, actor=cast.office, now=at(2024, 12, 1))
    assert not PublicNotice.objects.filter(notice=hidden).exists()
    draft = Notice.objects.create(
        year=2024, kind="praise", title="草稿", body="x", is_public=True
    )
    publish_notice(draft, actor=cast.office, now=at(2024, 12, 1))
    # count + page + site settings.
    with django_assert_max_num_queries(3):
        listing = client.get(reverse("supervision:notice-list"))
    body = listing.content.decode()
    assert (
        f"表扬通报{rows - 1}" in body and "内部通报" not in body and "草稿" not in body
    )
    with django_assert_max_num_queries(2):
        detail = client.get(reverse("supervision:notice", args=[notices[0].pk]))
    assert detail.status_code == 200
    address = reverse("supervision:notice", args=[draft.publication.pk])
    assert client.get(address).status_code == 404


def test_admin_is_scoped_per_unit(client, cast, work_point) -> None:
    mine = make_task(cast, work_point, title="本单位")
    theirs = make_task(cast, work_point, title="他单位", unit=cast.other_unit)
    client.force_login(cast.liaison)
    listing = client.get(reverse("admin:supervision_task_changelist"))
    assert listing.status_code == 200
    assert (
        "本单位" in listing.content.decode()
        and "他单位" not in listing.content.decode()
    )
    assert client.get(
        reverse("admin:supervision_task_change", args=[theirs.pk])
    ).status_code in (302, 404)
    assert (
        client.get(reverse("admin:supervision_task_change", args=[mine.pk])).status_code
        == 200
    )
    # Only the office creates tasks (through the ledger service, with its first event).
    assert client.get(reverse("admin:supervision_task_add")).status_code == 403
    client.force_login(cast.office)
    response = client.post(
        reverse("admin:supervision_task_add"),
        {
            "work_point": work_point.pk,
            "organisation": cast.unit.pk,
            "title": "后台分派",
            "description": "",
            "deadline": "2024-12-01",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Task.objects.get(title="后台分派")
    assert list(created.events.values_list("kind", flat=True)) == ["assigned"]
    assert cast.office.groups.filter(name=OFFICE_ADMIN).exists()


def test_repost_admin_offers_only_the_units_own_accounts(client, cast) -> None:
    mine = NewMediaAccount.objects.create(
        organisation=cast.unit,
        platform=Platform.WECHAT,
        name="本单位号",
        account_id="m",
    )
    NewMediaAccount.objects.create(
        organisation=cast.other_unit,
        platform=Platform.WECHAT,
        name="他单位号",
        account_id="t",
    )
    client.force_login(cast.liaison)
    page = client.get(reverse("admin:supervision_repost_add")).content.decode()
    assert "本单位号" in page and "他单位号" not in page
    assert mine.pk


def test_the_inspected_unit_records_its_rectification_in_admin(client, cast) -> None:
    item = NewMediaAccount.objects.create(
        organisation=cast.unit, platform=Platform.WECHAT, name="人社", account_id="rs"
    )
    inspection = services.record_inspection(
        item,
        inspected_on=datetime.date(2024, 9, 1),
        score=50,
        vetoed=False,
        findings="未更新",
        rectification_deadline=datetime.date(2024, 9, 30),
        actor=cast.office,
    )
    url = reverse("admin:supervision_inspection_change", args=[inspection.pk])
    client.force_login(cast.other_liaison)
    assert client.get(url).status_code in (302, 404)
    client.force_login(cast.liaison)
    bad = client.post(
        url,
        {"rectified_on": "2024-08-01", "rectification_result": "已整改", "score": "99"},
    )
    assert (
        bad.status_code == 200
        and "整改完成日期不能早于检查日期" in bad.content.decode()
    )
    ok = client.post(
        url,
        {"rectified_on": "2024-09-20", "rectification_result": "已整改", "score": "99"},
    )
    assert ok.status_code == 302
    inspection.refresh_from_db()
    assert inspection.rectified_on == datetime.date(2024, 9, 20)
    assert inspection.score == 50  # read-only for the unit


def test_activity_admin_refuses_a_disguised_file_and_future_dates(client, cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from supervision.models import Activity
    from tests.files import minimal_pdf

    client.force_login(cast.liaison)
    url = reverse("admin:supervision_activity_add")
    data = {
        "organisation": cast.unit.pk,
        "kind": "training",
        "title": "专题培训",
        "held_on": "2099-01-01",
        "participants": "30",
        "minutes": "培训内容",
        "material": SimpleUploadedFile("slides.pdf", b"MZ\x90 not a pdf"),
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "日期不能晚于今天" in body and "专题培训" in body
    assert Activity.objects.count() == 0
    data["held_on"] = "2024-05-01"
    data["material"] = SimpleUploadedFile("slides.pdf", minimal_pdf())
    assert client.post(url, data).status_code == 302
    # The liaison's unit is forced, whatever the form said.
    assert Activity.objects.get().organisation == cast.unit


def test_a_unit_cannot_mark_its_own_account_filed(client, cast) -> None:
    item = NewMediaAccount.objects.create(
        organisation=cast.unit, platform=Platform.WECHAT, name="人社", account_id="rs"
    )
    client.force_login(cast.liaison)
    page = client.get(
        reverse("admin:supervision_newmediaaccount_change", args=[item.pk])
    )
    assert 'name="filing_status"' not in page.content.decode()
