"""Pure consultation rules (no database)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from interaction.consultation_rules import (
    Phase,
    article_count,
    near_identical,
    period_problems,
    phase,
    similarity,
)

D = datetime.date


def test_a_major_decision_needs_30_days_or_a_reason() -> None:
    assert (
        period_problems(
            D(2024, 3, 1), D(2024, 3, 30), major=True, short_period_reason=""
        )
        == []
    )
    assert period_problems(
        D(2024, 3, 1), D(2024, 3, 29), major=True, short_period_reason=""
    )
    assert (
        period_problems(
            D(2024, 3, 1), D(2024, 3, 10), major=True, short_period_reason="防汛紧急"
        )
        == []
    )
    assert (
        period_problems(
            D(2024, 3, 1), D(2024, 3, 10), major=False, short_period_reason=""
        )
        == []
    )
    assert period_problems(
        D(2024, 3, 2), D(2024, 3, 1), major=False, short_period_reason=""
    )


def test_phase_follows_dates_and_report() -> None:
    o, c = D(2024, 3, 1), D(2024, 3, 30)
    assert (
        phase(o, c, today=D(2024, 2, 1), closed=False, answered=False) == Phase.UPCOMING
    )
    assert phase(o, c, today=D(2024, 3, 30), closed=False, answered=False) == Phase.OPEN
    assert (
        phase(o, c, today=D(2024, 3, 31), closed=False, answered=False) == Phase.CLOSED
    )
    assert (
        phase(o, c, today=D(2024, 3, 10), closed=True, answered=False) == Phase.CLOSED
    )
    assert (
        phase(o, c, today=D(2024, 4, 9), closed=True, answered=True) == Phase.ANSWERED
    )


def test_mass_comments_with_small_edits_are_near_identical() -> None:
    base = "强烈反对在城东新建垃圾中转站，选址离小学太近，请重新论证选址。"
    assert near_identical(base, base.replace("，", ", ") + "  ")
    assert near_identical(
        base, "强烈反对在城东新建垃圾中转站，选址离小学太近，请重新论证选址！！"
    )
    assert not near_identical(base, "建议第五条增加对老年人的优惠措施。")


def test_article_count() -> None:
    assert (
        article_count("第一条 目的\n第二条 范围\n  引用第三条的规定\n第10条 附则") == 3
    )


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(st.text(max_size=80), st.text(max_size=80))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, a) == 1.0


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 1, 1)),
    st.integers(min_value=0, max_value=120),
    st.integers(min_value=-30, max_value=200),
)
def test_exactly_one_phase_and_open_only_inside_the_period(
    opens: datetime.date, length: int, offset: int
) -> None:
    closes = opens + datetime.timedelta(days=length)
    today = opens + datetime.timedelta(days=offset)
    result = phase(opens, closes, today=today, closed=False, answered=False)
    assert (result == Phase.OPEN) == (opens <= today <= closes)
