"""The 三审三校 review workflow as one explicit table, and its projection (pure).

草稿 → 待初审 → 待复审 → 待终审 → 已发布 (or 待发布 until its time or its companion)
→ 已撤稿. A record's content is reviewed as a *round*: each 提交审核 opens a new round
and a 退回 closes it, so only the approvals of the current round count toward
publication, while the history keeps every round. Content may change only in 草稿
(the ``EDIT`` step exists only there); outside it, a change goes through 撤稿/修订 and a
new round.

Nothing here touches the database or the clock: the services feed the event rows in
and act on the :class:`Projection` that comes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.publishing.exceptions import PublishingError


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FIRST_REVIEW = "first_review", _("待初审")
    SECOND_REVIEW = "second_review", _("待复审")
    FINAL_REVIEW = "final_review", _("待终审")
    SCHEDULED = "scheduled", _("待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤稿")


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交审核")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回修改")
    SCHEDULE = "schedule", _("定时发布")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤稿")
    REVISE = "revise", _("修订")
    OVERRIDE = "override", _("校对意见确认")
    EDIT = "edit", _("修改内容")


class InvalidTransition(PublishingError):
    """A step the current state does not allow (message in Chinese)."""


S = ReviewState
REVIEW_STEPS: tuple[ReviewState, ...] = (
    S.FIRST_REVIEW,
    S.SECOND_REVIEW,
    S.FINAL_REVIEW,
)

# action -> {state it may start from: state it leads to}; a target equal to the
# source keeps the state. The one table: services check it, the admin offers the
# buttons it allows, and :func:`project` replays the history through it.
TRANSITIONS: Mapping[Action, Mapping[ReviewState, ReviewState]] = {
    Action.EDIT: {S.DRAFT: S.DRAFT},
    Action.SUBMIT: {S.DRAFT: S.FIRST_REVIEW},
    # Passing 终审 keeps the state: PUBLISH or SCHEDULE follows at once.
    Action.APPROVE: {
        S.FIRST_REVIEW: S.SECOND_REVIEW,
        S.SECOND_REVIEW: S.FINAL_REVIEW,
        S.FINAL_REVIEW: S.FINAL_REVIEW,
    },
    Action.OVERRIDE: {state: state for state in REVIEW_STEPS},
    Action.RETURN: {
        S.FIRST_REVIEW: S.DRAFT,
        S.SECOND_REVIEW: S.DRAFT,
        S.FINAL_REVIEW: S.DRAFT,
        S.SCHEDULED: S.DRAFT,
    },
    Action.SCHEDULE: {S.FINAL_REVIEW: S.SCHEDULED},
    Action.PUBLISH: {S.FINAL_REVIEW: S.PUBLISHED, S.SCHEDULED: S.PUBLISHED},
    Action.WITHDRAW: {S.PUBLISHED: S.WITHDRAWN},
    Action.REVISE: {S.PUBLISHED: S.DRAFT, S.WITHDRAWN: S.DRAFT},
}

# Which role takes the step a record is waiting for.
STEP_ROLE_NAMES: Mapping[ReviewState, str] = {
    S.FIRST_REVIEW: "初审",
    S.SECOND_REVIEW: "复审",
    S.FINAL_REVIEW: "终审",
}


def sources(action: Action | str) -> frozenset[ReviewState]:
    """Return the states ``action`` may start from."""
    return frozenset(TRANSITIONS[Action(action)])


def check_transition(state: ReviewState | str, action: Action | str) -> ReviewState:
    """Return the state after ``action`` from ``state``; raise :class:`InvalidTransition`."""
    action = Action(action)
    state = ReviewState(state)
    target = TRANSITIONS[action].get(state)
    if target is None:
        raise InvalidTransition(
            f"当前状态为“{state.label}”，不能执行“{action.label}”。"
            + _next_step_hint(state)
        )
    return target


def _next_step_hint(state: ReviewState) -> str:
    if state == S.DRAFT:
        return "请先修改草稿并提交审核。"
    if state in STEP_ROLE_NAMES:
        return f"此稿正等待{STEP_ROLE_NAMES[state]}。"
    if state == S.SCHEDULED:
        return "此稿已通过终审，正等待发布。"
    if state == S.PUBLISHED:
        return "已发布的内容须撤稿或开始修订后才能修改。"
    return "已撤稿的内容须开始修订后才能重新提交。"


@dataclass(frozen=True)
class EventFact:
    """What the projection needs of one ``ReviewEvent`` row."""

    action: Action
    actor_id: int | None
    version: int


@dataclass(frozen=True)
class Projection:
    state: ReviewState
    version: int
    round: int  # how many times the record was submitted (0: never)
    round_approvers: frozenset[int]  # who approved a step of the current round
    contributors: frozenset[int]  # who changed the content of the current version


def project(events: Iterable[EventFact], *, version: int = 1) -> Projection:
    """Return the review state derived from a record's history.

    A 提交审核 opens a round and forgets earlier approvals; a 修订 opens a version and
    forgets earlier editors. ``version`` is the record's version when it has no events.
    """
    state = S.DRAFT
    round_number = 0
    approvers: set[int] = set()
    contributors: dict[int, set[int]] = {}
    for event in events:
        state = check_transition(state, event.action)
        version = event.version
        if event.action == Action.SUBMIT:
            round_number += 1
            approvers = set()
        elif event.action == Action.RETURN:
            approvers = set()
        elif event.action == Action.APPROVE and event.actor_id is not None:
            approvers.add(event.actor_id)
        elif event.action == Action.EDIT and event.actor_id is not None:
            contributors.setdefault(event.version, set()).add(event.actor_id)
    return Projection(
        state=state,
        version=version,
        round=round_number,
        round_approvers=frozenset(approvers),
        contributors=frozenset(contributors.get(version, set())),
    )
