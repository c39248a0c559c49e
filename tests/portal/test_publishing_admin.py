"""Admin: workflow buttons call the services; refusals come back as Chinese messages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import roles
from portal.models import ProofRule
from portal.publishing import services
from portal.publishing.models import ReviewState
from portal.publishing.selectors import clear_proofreader_cache
from tests.disclosure.factories import InformationItemFactory
from tests.portal.factories import UserFactory, management_forms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_proofreader():
    clear_proofreader_cache()


def _url(item, action: str) -> str:
    return reverse("admin:disclosure_informationitem_workflow", args=[item.pk, action])


def test_a_reviewer_approves_through_the_admin(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    client.force_login(desk.first)
    page = client.get(_url(item, "approve"))
    assert page.status_code == 200 and "审核通过" in page.content.decode()
    response = client.post(_url(item, "approve"), {"text": "同意"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.review_state == ReviewState.SECOND_REVIEW


def test_a_refused_step_shows_the_reason_and_keeps_the_text(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    client.force_login(desk.second)  # holds 复审, but the record waits for 初审
    response = client.post(_url(item, "approve"), {"text": "我的意见"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "没有“初审”权限" in body
    assert "我的意见" in body
    item.refresh_from_db()
    assert item.review_state == ReviewState.FIRST_REVIEW


def test_send_back_without_reason_is_refused_in_chinese(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    client.force_login(desk.first)
    response = client.post(_url(item, "send_back"), {"text": ""})
    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode()


def test_another_units_record_is_invisible(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit), actor=desk.editor
    )
    outsider = UserFactory(roles=[roles.REVIEW_FIRST])
    client.force_login(outsider)
    assert client.get(_url(item, "approve")).status_code == 302  # not found → redirect
    listing = client.get(reverse("admin:disclosure_informationitem_changelist"))
    assert item.title not in listing.content.decode()


def test_content_is_read_only_outside_draft(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit, title="审核中"),
        actor=desk.editor,
    )
    client.force_login(desk.editor)
    change_url = reverse("admin:disclosure_informationitem_change", args=[item.pk])
    client.post(change_url, {"title": "偷偷修改", "category": "news", "body": "x"})
    item.refresh_from_db()
    assert item.title == "审核中"


def test_the_change_page_shows_findings_and_history(client, desk) -> None:
    item = InformationItemFactory(
        organisation=desk.unit, body="<p>截止目前已完成。</p>"
    )
    item = services.submit(item, actor=desk.editor)
    client.force_login(desk.first)
    body = client.get(
        reverse("admin:disclosure_informationitem_change", args=[item.pk])
    ).content.decode()
    assert "截至目前" in body  # the suggestion of the finding
    assert "提交审核" in body  # the history


def test_review_queue_and_dashboard(client, desk) -> None:
    item = services.submit(
        InformationItemFactory(organisation=desk.unit, title="待初审的信息"),
        actor=desk.editor,
    )
    client.force_login(desk.first)
    assert item.title in client.get(reverse("admin:review-queue")).content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert "审核工作台" in index and "待初审" in index


class TestRuleAdmin:
    @pytest.fixture
    def office(self, client):
        client.force_login(UserFactory(roles=[roles.OFFICE_ADMIN]))
        return client

    def test_a_catastrophic_regex_is_refused(self, office) -> None:
        response = office.post(
            reverse("admin:portal_proofrule_add"),
            {
                "category": "wrong_word",
                "pattern": "(a+)+$",
                "is_regex": "on",
                "severity": 2,
                "is_active": "on",
            },
        )
        assert response.status_code == 200
        assert "嵌套的重复量词" in response.content.decode()
        assert not ProofRule.objects.filter(pattern="(a+)+$").exists()

    def test_an_empty_pattern_is_refused(self, office) -> None:
        response = office.post(
            reverse("admin:portal_proofrule_add"),
            {
                "category": "wrong_word",
                "pattern": "",
                "severity": 2,
                "suggestion": "保留的建议",
            },
        )
        assert response.status_code == 200
        assert "保留的建议" in response.content.decode()

    def test_a_new_rule_takes_effect_at_once(self, office, desk) -> None:
        response = office.post(
            reverse("admin:portal_proofrule_add"),
            {
                "category": "wrong_word",
                "pattern": "测试错词",
                "suggestion": "测试正词",
                "severity": 3,
                "is_active": "on",
            },
        )
        assert response.status_code == 302
        item = services.submit(
            InformationItemFactory(
                organisation=desk.unit, body="<p>含有测试错词。</p>"
            ),
            actor=desk.editor,
        )
        from portal.publishing.selectors import current_findings

        assert [f.matched for f in current_findings(item)] == ["测试错词"]


def test_saving_a_draft_proofreads_it(client, desk) -> None:
    client.force_login(desk.editor)
    add = client.get(reverse("admin:disclosure_informationitem_add"))
    assert f'<option value="{desk.unit.pk}" selected>' in add.content.decode()
    response = client.post(
        reverse("admin:disclosure_informationitem_add"),
        {
            **management_forms(add),
            "title": "关于截止目前工作情况的通报",
            "category": "news",
            "organisation": desk.unit.pk,
            "summary": "",
            "body": "<p>正文<script>alert(1)</script></p>",
            "publish_at_0": "",
            "publish_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from disclosure.models import InformationItem
    from portal.publishing.selectors import current_findings

    item = InformationItem.objects.get(title="关于截止目前工作情况的通报")
    assert item.organisation == desk.unit and item.author == desk.editor
    assert "<script" not in item.body
    assert [(f.field, f.start, f.matched) for f in current_findings(item)] == [
        ("title", 2, "截止目前")
    ]
