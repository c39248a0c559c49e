"""The 信息处理费 calculator: the 办法's worked figures and properties (no DB)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from requests_app.fees import (
    FeeMethod,
    count_fee,
    cumulative_count_fee,
    quote_fee,
    rate_for_piece,
    volume_fee,
)


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (10, 0),
        (11, 100),
        (30, 2000),  # 20 pieces at 100
        (31, 2200),  # first piece of the 200 band
        (40, 4000),  # + 10 at 200
        (41, 4300),  # + 1 at 300
        (50, 7000),  # + 10 at 300
        (51, 7400),  # + 1 at 400
    ],
)
def test_by_count_table(pieces: int, expected: int) -> None:
    assert cumulative_count_fee(pieces) == expected


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_by_volume_table(pages: int, expected: int) -> None:
    assert volume_fee(pages) == expected


def test_quote_names_its_basis() -> None:
    quote = quote_fee(FeeMethod.BY_COUNT, quantity=2, previous_pieces=10)
    assert quote.amount == 200
    assert "第四条" in quote.basis
    assert quote_fee(FeeMethod.BY_VOLUME, quantity=31).amount == 10


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        volume_fee(-1)
    with pytest.raises(ValueError):
        count_fee(-1, 1)
    with pytest.raises(ValueError):
        rate_for_piece(0)


counts = st.integers(0, 200)


@given(counts, counts, counts)
def test_count_fee_is_additive_over_the_month(a: int, b: int, c: int) -> None:
    assert count_fee(a, b) + count_fee(a + b, c) == count_fee(a, b + c)


@given(counts)
def test_first_ten_pieces_are_free_and_rates_never_fall(n: int) -> None:
    assert count_fee(0, min(n, 10)) == 0
    assert rate_for_piece(n + 1) <= rate_for_piece(n + 2)


@given(st.integers(0, 2000))
def test_volume_fee_is_progressive(pages: int) -> None:
    step = volume_fee(pages + 1) - volume_fee(pages)
    assert step in (0, 10, 20, 40)
    assert volume_fee(pages) <= volume_fee(pages + 1)
    if pages < 30:
        assert volume_fee(pages) == 0
