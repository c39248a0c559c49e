"""Who may take which review step: the rules about people, beside the table about
states (:mod:`portal.publishing.workflow`). The services enforce them; the admin asks
them to offer only the steps the current user may take. Each refusal names what is
needed next, in Chinese."""

from __future__ import annotations

from typing import Any

from portal import roles
from portal.publishing.models import Publishable, ReviewState
from portal.publishing.selectors import STEP_ROLES, review_projection
from portal.publishing.workflow import (
    Action,
    InvalidTransition,
    Projection,
    check_transition,
    sources,
)


def _unit_refusal(obj: Publishable, actor: Any, verb: str = "审核") -> str | None:
    if getattr(actor, "organisation_id", None) != obj.organisation_id:
        return f"只能{verb}本单位的信息：此稿须由其所属单位的人员处理。"
    return None


def _reviewer_refusal(
    obj: Publishable, actor: Any, projection: Projection, *, approving: bool
) -> str | None:
    """Apply the role, unit, author, editor and one-person-one-step rules."""
    role = STEP_ROLES[obj.review_state]
    if not roles.has_role(actor, role):
        return (
            f"您没有“{role}”权限，不能处理此步骤：此稿正等待{role}，"
            f"请由本单位持有“{role}”角色的人员处理。"
        )
    unit = _unit_refusal(obj, actor)
    if unit:
        return unit
    if obj.author_id is not None and obj.author_id == actor.pk:
        return f"撰稿人不能审核自己撰写的信息：请由本单位其他{role}人员处理。"
    if actor.pk in projection.contributors:
        return (
            "修改过本稿内容的人不能审核本稿（同一版本）："
            f"请由本单位未参与修改的{role}人员处理。"
        )
    if approving and actor.pk in projection.round_approvers:
        return (
            "同一人不能承担同一稿件的两个审核步骤：您已审核过本轮的其他步骤，"
            f"请由本单位其他{role}人员处理。"
        )
    return None


def refusal(
    action: Action | str,
    obj: Publishable,
    actor: Any,
    projection: Projection | None = None,
) -> str | None:
    """Return why ``actor`` may not take ``action`` on ``obj`` now (Chinese, naming
    what is needed next), or None when they may."""
    action = Action(action)
    try:
        check_transition(obj.review_state, action)
    except InvalidTransition as exc:
        return exc.message
    if projection is None:
        projection = review_projection(obj)
    if action == Action.SUBMIT:
        unit = _unit_refusal(obj, actor, "提交")
        if unit:
            return unit
        if obj.author_id not in (None, actor.pk) and not roles.has_role(
            actor, roles.EDITOR
        ):
            return "只有撰稿人或本单位信息发布员可以提交审核。"
        return None
    if action == Action.APPROVE:
        return _reviewer_refusal(obj, actor, projection, approving=True)
    if action == Action.RETURN:
        if obj.review_state == ReviewState.SCHEDULED:
            if not roles.has_role(actor, roles.REVIEW_FINAL):
                return "只有终审人员可以撤回待发布的信息。"
            return _unit_refusal(obj, actor)
        return _reviewer_refusal(obj, actor, projection, approving=False)
    if action == Action.WITHDRAW:
        if roles.is_office_admin(actor):
            return None
        if not roles.has_role(actor, roles.REVIEW_FINAL):
            return "只有终审人员或政务公开办管理员可以撤稿。"
        return _unit_refusal(obj, actor, "撤回")
    if action == Action.REVISE:
        unit = _unit_refusal(obj, actor, "修订")
        if unit:
            return unit
        if not (roles.has_role(actor, roles.EDITOR) or obj.author_id == actor.pk):
            return "只有撰稿人或本单位信息发布员可以修订。"
        return None
    if action == Action.OVERRIDE:
        if not roles.has_role(actor, roles.REVIEW_FINAL):
            return "只有终审人员可以确认严重校对问题。"
        return _unit_refusal(obj, actor)
    if action == Action.EDIT:
        return None
    return "该操作只能由系统执行。"  # SCHEDULE, PUBLISH


def available_actions(obj: Publishable, actor: Any) -> list[Action]:
    """Return the steps ``actor`` may take on ``obj`` in its current state."""
    projection = review_projection(obj)
    offered = (
        Action.SUBMIT,
        Action.APPROVE,
        Action.RETURN,
        Action.WITHDRAW,
        Action.REVISE,
    )
    return [
        action
        for action in offered
        if obj.review_state in sources(action)
        and refusal(action, obj, actor, projection) is None
    ]
