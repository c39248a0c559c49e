"""The publishing transition table and its projection: pure, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.publishing.exceptions import PublishingError
from portal.publishing.workflow import (
    TRANSITIONS,
    Action,
    EventFact,
    InvalidTransition,
    ReviewState,
    check_transition,
    project,
)

S = ReviewState


def test_content_may_change_only_in_a_draft() -> None:
    assert set(TRANSITIONS[Action.EDIT]) == {S.DRAFT}
    for state in set(S) - {S.DRAFT}:
        with pytest.raises(InvalidTransition, match="不能执行“修改内容”"):
            check_transition(state, Action.EDIT)


def test_a_refused_transition_names_what_is_needed_next() -> None:
    with pytest.raises(PublishingError, match="撤稿或开始修订"):
        check_transition(S.PUBLISHED, Action.SUBMIT)
    with pytest.raises(PublishingError, match="正等待初审"):
        check_transition(S.FIRST_REVIEW, Action.PUBLISH)


def _facts(*steps: tuple[Action, int]) -> list[EventFact]:
    return [EventFact(action, actor, 1) for action, actor in steps]


def test_a_return_closes_the_round_and_the_resubmission_opens_a_new_one() -> None:
    history = _facts(
        (Action.EDIT, 1),
        (Action.SUBMIT, 1),
        (Action.APPROVE, 2),
        (Action.APPROVE, 3),
        (Action.RETURN, 4),
    )
    returned = project(history)
    assert (returned.state, returned.round, returned.round_approvers) == (
        S.DRAFT,
        1,
        frozenset(),
    )
    again = project([*history, *_facts((Action.SUBMIT, 1), (Action.APPROVE, 2))])
    assert (again.state, again.round, again.round_approvers) == (
        S.SECOND_REVIEW,
        2,
        frozenset({2}),
    )
    assert again.contributors == frozenset({1})


def test_a_revision_forgets_the_editors_of_the_previous_version() -> None:
    history = [
        EventFact(Action.EDIT, 7, 1),
        EventFact(Action.SUBMIT, 1, 1),
        EventFact(Action.APPROVE, 2, 1),
        EventFact(Action.APPROVE, 3, 1),
        EventFact(Action.APPROVE, 4, 1),
        EventFact(Action.PUBLISH, 4, 1),
        EventFact(Action.REVISE, 1, 2),
        EventFact(Action.EDIT, 8, 2),
    ]
    projection = project(history)
    assert (projection.state, projection.version) == (S.DRAFT, 2)
    assert projection.contributors == frozenset({8})


@given(st.lists(st.sampled_from(list(Action)), max_size=40), st.data())
def test_the_projection_replays_any_allowed_walk(actions, data) -> None:
    state, submits, walked = S.DRAFT, 0, []
    approvers: set[int] = set()
    for action in actions:
        if state not in TRANSITIONS[action]:
            continue
        actor = data.draw(st.integers(1, 5))
        walked.append(EventFact(action, actor, 1))
        state = TRANSITIONS[action][state]
        if action == Action.SUBMIT:
            submits += 1
            approvers = set()
        elif action == Action.RETURN:
            approvers = set()
        elif action == Action.APPROVE:
            approvers.add(actor)
    projection = project(walked)
    assert projection.state == state
    assert projection.round == submits
    assert projection.round_approvers == approvers
