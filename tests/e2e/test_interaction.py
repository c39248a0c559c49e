"""Citizens at 375 px: write a letter and rate the reply; join a full event's waiting list."""

from __future__ import annotations

import pytest
from django.utils import timezone

from interaction.models import Letter
from interaction.services import mailbox
from portal import roles
from tests.interaction.conftest import make_event
from tests.portal.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_overflow(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_write_a_letter_then_rate_the_reply_on_a_phone(page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/interaction/")
    page.get_by_role("link", name="给区长写信").click()
    _no_overflow(page)
    page.get_by_label("建议").check()
    page.get_by_label("标题").fill("建议增设公交站点")
    page.get_by_label("来信内容").fill("城东小区附近没有公交站，出行不便。")
    page.get_by_role("textbox", name="姓名").fill("李四")
    page.get_by_role("textbox", name="联系电话").fill("12345")  # a typo
    page.get_by_role("button", name="提交来信").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    _no_overflow(page)
    summary.get_by_role("link", name="手机号码").click()
    assert page.evaluate("document.activeElement.id") == "id_phone"
    assert page.get_by_label("来信内容").input_value().startswith("城东小区")
    page.get_by_role("textbox", name="联系电话").fill("13912345678")
    page.get_by_role("button", name="提交来信").click()
    serial = page.locator("#serial-number").inner_text()
    query_code = page.locator("#query-code").inner_text()
    _no_overflow(page)

    office = OrganisationFactory(name="济阳区人民政府办公室", code="office")
    unit = OrganisationFactory(name="济阳区交通运输局", code="jtysj")
    admin = UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN])
    handler = UserFactory(organisation=unit, roles=[roles.INTERACTION_HANDLER])
    letter = Letter.objects.get(serial_number=serial)
    now = timezone.now()
    mailbox.assign_letter(letter, actor=admin, unit=unit, now=now)
    mailbox.reply_to_letter(letter, actor=handler, text="已纳入线网优化方案。", now=now)

    page.goto("/interaction/mailbox/track/")
    page.get_by_label("信件编号").fill(serial)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()
    assert page.get_by_text("已纳入线网优化方案。").is_visible()
    _no_overflow(page)
    page.get_by_label("基本满意").check()
    page.get_by_role("button", name="提交评价").click()
    assert page.get_by_text("感谢您的评价").is_visible()
    assert page.locator("#letter-status").inner_text() == "已办结"
    _no_overflow(page)


def test_a_full_event_puts_the_registration_on_the_waiting_list(page) -> None:
    unit = OrganisationFactory(name="济阳区人民政府办公室", code="office")
    event = make_event(unit, capacity=1, title="走进区图书馆")
    from interaction.services import events

    events.register_for_event(event, name="甲", phone="13900000001", now=timezone.now())
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/interaction/events/")
    _no_overflow(page)
    page.get_by_role("link", name="走进区图书馆").click()
    assert page.locator("#full-notice").is_visible()
    _no_overflow(page)
    page.get_by_label("姓名").fill("乙")
    page.get_by_label("手机号码").fill("13900000002")
    page.get_by_role("button", name="提交报名").click()
    assert page.locator("#registration-status").inner_text() == "候补"
    assert page.get_by_text("候补名单第 1 位").is_visible()
    assert page.locator("#checkin-code").count() == 0
    _no_overflow(page)


def test_comment_on_an_open_consultation_on_a_phone(page) -> None:
    from tests.conftest import Desk
    from tests.interaction.test_consultations import make_consultation

    unit = OrganisationFactory(name="济阳区住房和城乡建设局", code="zjj")
    desk = Desk(
        unit=unit,
        editor=UserFactory(organisation=unit, roles=[roles.EDITOR]),
        first=UserFactory(organisation=unit, roles=[roles.REVIEW_FIRST]),
        second=UserFactory(organisation=unit, roles=[roles.REVIEW_SECOND]),
        final=UserFactory(organisation=unit, roles=[roles.REVIEW_FINAL]),
    )
    consultation = make_consultation(desk)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/interaction/consultations/")
    _no_overflow(page)
    page.get_by_role("link", name=consultation.title).click()
    assert page.locator("#consultation-phase").inner_text() == "征集中"
    _no_overflow(page)
    page.get_by_label("针对条款").fill("第二条")  # not a number
    page.get_by_label("意见内容").fill("建议增加夜间免费停车时段。")
    page.get_by_role("button", name="提交意见").click()
    assert page.locator(".error-summary").is_visible()
    assert page.get_by_label("意见内容").input_value() == "建议增加夜间免费停车时段。"
    page.get_by_label("针对条款").fill("2")
    page.get_by_role("button", name="提交意见").click()
    assert page.get_by_text("意见已提交，经审核后公开").is_visible()
    _no_overflow(page)


def test_every_interaction_page_fits_a_phone(page) -> None:
    from interaction.demo import seed_demo_interaction
    from interaction.models import ExecutiveMeeting, Interview, PublishedLetter
    from portal.demo import seed_organisations, seed_staff

    seed_staff(seed_organisations())
    seed_demo_interaction()
    page.set_viewport_size({"width": 375, "height": 740})
    urls = [
        "/interaction/",
        "/interaction/mailbox/replies/",
        f"/interaction/mailbox/replies/{PublishedLetter.objects.public().first().pk}/",
        "/interaction/consultations/",
        "/interaction/events/",
        "/interaction/events/registration/",
        "/interaction/interviews/",
        f"/interaction/interviews/{Interview.objects.public().first().pk}/",
        "/interaction/meetings/",
        f"/interaction/meetings/{ExecutiveMeeting.objects.public().first().pk}/",
        "/interaction/commitments/",
    ]
    for url in urls:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        _no_overflow(page)
