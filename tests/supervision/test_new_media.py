"""New-media register: staleness, inspections, 瘦身提质, reposts, the CSV import."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from portal.models import IndexEntry
from portal.reminders.sweep import reminders_for
from portal.services import index_publish
from portal.workdays import WorkCalendar
from supervision import selectors, services
from supervision.imports import import_last_updates, parse_rows
from supervision.models import NewMediaAccount, Platform
from supervision.services.reminders import send_stale_account_reminders
from tests.supervision.conftest import at

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 6, 30)


def account(unit, account_id="jyrs", **extra) -> NewMediaAccount:
    values = {
        "organisation": unit,
        "platform": Platform.WECHAT,
        "name": f"账号{account_id}",
        "account_id": account_id,
        "opened_on": D(2020, 1, 1),
        "followers": 5000,
        "last_updated_on": D(2024, 6, 25),
    }
    values.update(extra)
    return NewMediaAccount.objects.create(**values)


def test_accounts_not_updated_in_two_weeks_are_flagged_and_reminded_once(cast) -> None:
    fresh = account(cast.unit, "fresh", last_updated_on=D(2024, 6, 16))
    stale = account(cast.unit, "stale", last_updated_on=D(2024, 6, 15))
    closed = account(
        cast.unit,
        "closed",
        last_updated_on=D(2023, 1, 1),
        closed_on=D(2023, 6, 1),
        closure_reason="整合",
    )
    assert list(selectors.stale_accounts(TODAY)) == [stale]
    now = at(2024, 6, 30)
    assert send_stale_account_reminders(now).sent == 1
    assert send_stale_account_reminders(now).sent == 0
    assert [r.threshold for r in reminders_for(stale)] == ["stale-2024-06-15"]
    # Updated, then silent again: a new spell is reminded again.
    services.record_last_update(stale, updated_on=D(2024, 7, 1), today=D(2024, 7, 1))
    assert reminders_for(fresh) == [] and reminders_for(closed) == []
    # Three weeks on: the updated account's new spell and the other's first one.
    assert send_stale_account_reminders(at(2024, 7, 20)).sent == 2
    assert [r.threshold for r in reminders_for(stale)][-1] == "stale-2024-07-01"
    assert [r.threshold for r in reminders_for(fresh)] == ["stale-2024-06-16"]
    assert reminders_for(closed) == []


def test_last_update_never_moves_backwards(cast) -> None:
    item = account(cast.unit)
    assert not services.record_last_update(item, updated_on=D(2024, 6, 1), today=TODAY)
    assert services.record_last_update(item, updated_on=D(2024, 6, 28), today=TODAY)
    with pytest.raises(ValidationError):
        services.record_last_update(item, updated_on=D(2024, 7, 1), today=TODAY)
    item.refresh_from_db()
    assert item.last_updated_on == D(2024, 6, 28)


def test_dates_out_of_order_are_refused(cast) -> None:
    item = NewMediaAccount(
        organisation=cast.unit,
        platform=Platform.WEIBO,
        name="x",
        account_id="x",
        opened_on=D(2024, 5, 1),
        closed_on=D(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "关停日期不能早于开设日期" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        item.closure_reason = "测试"
        item.save()


def test_close_account_needs_reason_and_approval_and_own_unit(cast) -> None:
    item = account(cast.unit)
    with pytest.raises(ValidationError):
        services.close_account(
            item, closed_on=TODAY, reason="", approval="", actor=cast.liaison
        )
    with pytest.raises(PermissionDenied):
        services.close_account(
            item,
            closed_on=TODAY,
            reason="整合",
            approval="区政府办公室批复",
            actor=cast.other_liaison,
        )
    closed = services.close_account(
        item,
        closed_on=TODAY,
        reason="利用率低，整合至主账号",
        approval="区政府办公室批复",
        actor=cast.liaison,
    )
    assert closed.closed_on == TODAY
    assert list(selectors.stale_accounts(D(2025, 1, 1))) == []


def test_inspections_pass_fail_and_rectification(cast) -> None:
    item = account(cast.unit)
    passed = services.record_inspection(
        item, inspected_on=TODAY, score=88, vetoed=False, findings="", actor=cast.office
    )
    assert passed.passed
    with pytest.raises(ValidationError):  # a failed inspection needs a deadline
        services.record_inspection(
            item,
            inspected_on=TODAY,
            score=55,
            vetoed=False,
            findings="未更新",
            actor=cast.office,
        )
    with pytest.raises(ValidationError):  # deadline before the inspection
        services.record_inspection(
            item,
            inspected_on=TODAY,
            score=55,
            vetoed=False,
            findings="未更新",
            rectification_deadline=D(2024, 6, 1),
            actor=cast.office,
        )
    with pytest.raises(PermissionDenied):
        services.record_inspection(
            item,
            inspected_on=TODAY,
            score=90,
            vetoed=False,
            findings="",
            actor=cast.liaison,
        )
    failed = services.record_inspection(
        item,
        inspected_on=TODAY,
        score=95,
        vetoed=True,
        findings="未提供有效互动功能",
        rectification_deadline=D(2024, 7, 15),
        actor=cast.office,
    )
    assert not failed.passed
    board = selectors.dashboard(cast.office, TODAY, WorkCalendar())
    assert board.open_rectifications == [failed]
    services.record_rectification(
        failed, rectified_on=D(2024, 7, 10), result="已上线留言功能", actor=cast.liaison
    )
    board = selectors.dashboard(cast.office, TODAY, WorkCalendar())
    assert board.open_rectifications == []


def test_slimming_report_lists_low_activity_accounts(cast, settings) -> None:
    account(cast.unit, "busy", followers=90000, last_updated_on=D(2024, 6, 29))
    few = account(cast.unit, "few", followers=20, last_updated_on=D(2024, 6, 29))
    silent = account(
        cast.unit, "silent", followers=90000, last_updated_on=D(2024, 1, 1)
    )
    assert {a.account_id for a in selectors.dormant_accounts(TODAY)} == {
        "few",
        "silent",
    }
    settings.SUPERVISION_MIN_FOLLOWERS = 10
    assert selectors.dormant_accounts(TODAY) == [silent]
    assert few.followers == 20


def test_repost_report_shows_who_did_not(cast) -> None:
    main = account(cast.unit, "main")
    lazy = account(cast.other_unit, "lazy")
    entry = index_publish(
        cast.unit,
        section="news",
        title="重要通知",
        url="/news/1/",
        published_at=at(2024, 6, 20, 9),
    )
    requirement = services.require_repost(
        entry, required_by=D(2024, 6, 22), actor=cast.office
    )
    assert (
        services.require_repost(entry, required_by=D(2024, 6, 22), actor=cast.office)
        == requirement
    )
    with pytest.raises(PermissionDenied):
        services.require_repost(entry, required_by=D(2024, 6, 22), actor=cast.liaison)
    with pytest.raises(PermissionDenied):
        services.record_repost(
            requirement, main, reposted_on=D(2024, 6, 21), actor=cast.other_liaison
        )
    with pytest.raises(ValidationError):
        services.record_repost(
            requirement, main, reposted_on=D(2024, 6, 1), actor=cast.liaison
        )
    services.record_repost(
        requirement, main, reposted_on=D(2024, 6, 21), actor=cast.liaison
    )
    [gap] = selectors.repost_gaps()
    assert gap.reposted == 1
    assert gap.missing == (lazy,)
    assert IndexEntry.objects.count() == 1


CSV = """平台,账号ID,最近更新日期
微信公众号,mine,2024-06-28
wechat,mine2,2024/06/27
微博,mine,2024-06-28
微信公众号,theirs,2024-06-28
抖音,,2024-06-28
微信公众号,mine,28.06.2024
微信公众号,nobody,2024-06-28

微信公众号,mine,2024-07-05
微信公众号
"""


def test_csv_import_reports_each_bad_row_and_keeps_the_good(cast) -> None:
    mine = account(cast.unit, "mine", last_updated_on=D(2024, 6, 1))
    mine2 = account(cast.unit, "mine2", last_updated_on=D(2024, 6, 1))
    theirs = account(cast.other_unit, "theirs", last_updated_on=D(2024, 6, 1))
    result = import_last_updates(CSV.encode("utf-8"), actor=cast.liaison, today=TODAY)
    assert result.updated == 2
    reasons = {error.line: error.reason for error in result.errors}
    assert reasons == {
        4: "台账中没有该账号。",
        5: "不是本单位的账号，不能更新。",
        6: "账号ID为空。",
        7: "日期“28.06.2024”无法识别，应为 YYYY-MM-DD。",
        8: "台账中没有该账号。",
        10: "最近更新日期不能晚于今天。",
        11: "列数不足，应有平台、账号ID、最近更新日期三列。",
    }
    for item, expected in (
        (mine, D(2024, 6, 28)),
        (mine2, D(2024, 6, 27)),
        (theirs, D(2024, 6, 1)),
    ):
        item.refresh_from_db()
        assert item.last_updated_on == expected
    # The office may update any unit's account; GBK files from Excel are read too.
    office = import_last_updates(
        "平台,账号ID,最近更新日期\n微信公众号,theirs,2024-06-29\n".encode("gb18030"),
        actor=cast.office,
        today=TODAY,
    )
    assert (office.updated, office.errors) == (1, [])


def test_csv_with_a_wrong_header_is_refused_as_a_whole() -> None:
    rows, errors = parse_rows("name,id,date\nwechat,x,2024-01-01\n")
    assert rows == [] and errors[0].line == 1
