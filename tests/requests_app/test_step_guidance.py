"""Staff actions that guide: only the steps the workflow allows, refusals that name the
next step and keep what was typed, and a clock that says 未起算 before confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from requests_app import services
from requests_app.choices import Channel
from requests_app.forms.steps import STEPS
from requests_app.workflow import (
    AUTOMATIC,
    TRANSITIONS,
    EventKind,
    InvalidTransition,
    Status,
    check_transition,
    clock_label,
    next_steps,
    refusal_hint,
)
from tests.portal.factories import UserFactory
from tests.requests_app.conftest import at
from tests.requests_app.factories import ApplicationFactory


def _offered(page: str) -> set[str]:
    return {name for name in STEPS if f'data-step="{name}"' in page}


# --- pure rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind", "hint"),
    [
        (Status.REGISTERED, EventKind.REPLIED, "请先“开始审查”或“受理办理”。"),
        (Status.PENDING_CONFIRMATION, EventKind.REPLIED, "请先“确认收到申请”。"),
        (Status.PENDING_CONFIRMATION, EventKind.ARCHIVED, "请先“确认收到申请”。"),
        (Status.CONSULTING, EventKind.REPLIED, "请先“收到意见或征求期满”。"),
        (Status.AWAITING_PAYMENT, EventKind.REPLIED, "请先“缴纳信息处理费”。"),
        (Status.ARCHIVED, EventKind.REPLIED, "该申请的办理已经结束。"),
        (Status.REPLIED, EventKind.REPLIED, "当前可以：“归档”。"),
    ],
)
def test_refusal_names_the_step_to_take_first(status, kind, hint) -> None:
    assert refusal_hint(status, kind) == hint
    with pytest.raises(InvalidTransition) as refused:
        check_transition(status, kind)
    assert refused.value.message.endswith(hint)


def test_every_refusal_names_a_next_step_or_says_the_case_is_over() -> None:
    for status in Status:
        for kind in TRANSITIONS:
            if kind in AUTOMATIC or status in TRANSITIONS[kind].sources:
                continue
            hint = refusal_hint(status, kind)
            assert hint.startswith(("请先“", "当前可以：", "该申请的办理已经结束")), (
                status,
                kind,
            )
            if hint.startswith("请先"):
                # The named step is one the table allows now.
                labels = {step.label for step in next_steps(status)}
                named = hint[len("请先“") : -len("”。")].split("”或“")
                assert set(named) <= labels


def test_step_offers_follow_the_one_table() -> None:
    for status in Status:
        offered = {name for name, step in STEPS.items() if step.allowed_from(status)}
        for name in offered:
            kind = STEPS[name].kind
            assert kind is None or status in TRANSITIONS[kind].sources
    assert {n for n, s in STEPS.items() if s.allowed_from(Status.ARCHIVED)} == {
        "case",
        "case_attach",
        "outcome",
    }


def test_clock_label_says_not_started_before_confirmation() -> None:
    label = clock_label(
        Status.PENDING_CONFIRMATION, received_on=None, paused_since=None
    )
    assert label.startswith("未起算") and "确认收到申请之日" in label
    assert "暂停" not in label
    assert clock_label(
        Status.AWAITING_CORRECTION, received_on=None, paused_since=None
    ).startswith("计时暂停")
    assert (
        clock_label(
            Status.PROCESSING, received_on=at(2025, 3, 3).date(), paused_since=None
        )
        == ""
    )


# --- pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_online_application_offers_only_its_valid_steps(
    client, unit, handler
) -> None:
    application = ApplicationFactory(organisation=unit)  # online, unconfirmed
    client.force_login(handler)
    page = client.get(reverse("requests:staff-detail", args=[application.pk]))
    body = page.content.decode()
    assert _offered(body) == {"confirm", "assign", "transfer", "withdraw", "attach"}
    assert "未起算" in body and "计时暂停" not in body
    services.confirm_receipt(application, actor=handler, now=timezone.now())
    body = client.get(
        reverse("requests:staff-detail", args=[application.pk])
    ).content.decode()
    assert "reply" not in _offered(body) and {"review", "accept"} <= _offered(body)


@pytest.mark.django_db
def test_a_refused_reply_keeps_the_typed_text_and_names_the_next_step(
    client, unit, handler
) -> None:
    application = ApplicationFactory(organisation=unit, channel=Channel.IN_PERSON)
    client.force_login(handler)
    typed = "经查，您申请的信息已于2025年3月1日主动公开。"
    response = client.post(
        reverse("requests:staff-action", args=[application.pk, "reply"]),
        {
            "reply_type": "disclosed",
            "reason": "",
            "body": typed,
            "delivery_method": "email",
            "legal_basis": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert typed in body  # the form is shown again, open, with the text
    assert "请先“开始审查”或“受理办理”。" in body
    assert '<details open data-step="reply">' in body
    application.refresh_from_db()
    assert application.status == Status.REGISTERED


@pytest.mark.django_db
def test_a_viewer_without_the_process_permission_sees_no_steps(client, unit) -> None:
    application = ApplicationFactory(organisation=unit)
    viewer = UserFactory(organisation=unit, is_staff=True)
    viewer.user_permissions.add(
        *__import__(
            "django.contrib.auth.models", fromlist=["Permission"]
        ).Permission.objects.filter(codename="view_application")
    )
    client.force_login(viewer)
    body = client.get(
        reverse("requests:staff-detail", args=[application.pk])
    ).content.decode()
    assert _offered(body) == set() and "您只有查看权限" in body


@pytest.mark.django_db
def test_dashboard_says_not_started_for_unconfirmed_filings(
    client, unit, handler
) -> None:
    ApplicationFactory(organisation=unit)
    client.force_login(handler)
    body = client.get(reverse("requests:staff-dashboard")).content.decode()
    assert "未起算" in body and "计时暂停" not in body


@pytest.mark.django_db
def test_another_units_user_and_a_user_without_the_role_are_refused_downloads_too(
    client, unit, other_unit
) -> None:
    application = ApplicationFactory(organisation=unit)
    outsider = UserFactory(organisation=other_unit, roles=[roles.REQUEST_HANDLER])
    client.force_login(outsider)
    url = reverse("requests:staff-action", args=[application.pk, "confirm"])
    assert client.post(url).status_code == 404
    plain = UserFactory(organisation=unit, is_staff=True)
    client.force_login(plain)
    assert client.post(url).status_code == 403
