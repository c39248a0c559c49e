"""Check digits of identity numbers, credit codes and serial numbers (no DB)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from requests_app.ids import (
    CREDIT_CODE_CHARS,
    credit_code_check_char,
    is_valid_credit_code,
    is_valid_resident_id,
    is_valid_serial_number,
    make_serial_number,
    resident_id_check_char,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # the standard's example
        ("11010519491231002x", True),  # lower-case x normalised
        ("110105194912310021", False),  # wrong check digit
        ("11010519491332002X", False),  # month 13
        ("1101051949123100", False),  # too short
        ("11010519491231002Y", False),
    ],
)
def test_resident_id_table(value: str, valid: bool) -> None:
    assert is_valid_resident_id(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9144030071526726XG", True),
        ("91110000600037341L", True),
        ("91110000600037341M", False),
        ("9111000060003734IL", False),  # I is not in the character set
        ("911100006000373", False),
    ],
)
def test_credit_code_table(value: str, valid: bool) -> None:
    assert is_valid_credit_code(value) is valid


def test_inner_organisation_code_check() -> None:
    assert is_valid_credit_code("9144030071526726XG", check_org_code=True)


digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)
birth = st.dates(
    min_value=__import__("datetime").date(1900, 1, 1),
    max_value=__import__("datetime").date(2020, 12, 31),
)


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    birth,
    st.text(alphabet="0123456789", min_size=3, max_size=3),
)
def test_generated_resident_ids_validate(region: str, born, seq: str) -> None:
    body = f"{region}{born:%Y%m%d}{seq}"
    assert is_valid_resident_id(body + resident_id_check_char(body))


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    birth,
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.integers(0, 16),
    st.integers(1, 9),
)
def test_any_single_digit_error_is_caught(region, born, seq, position, delta) -> None:
    body = f"{region}{born:%Y%m%d}{seq}"
    good = body + resident_id_check_char(body)
    wrong_digit = str((int(good[position]) + delta) % 10)
    bad = good[:position] + wrong_digit + good[position + 1 :]
    # A changed digit in the birth date may also make the date invalid: either way no.
    assert not is_valid_resident_id(bad)


credit_body = st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17)


@given(credit_body, st.integers(0, 16), st.integers(1, 30))
def test_credit_code_catches_any_single_substitution(body, position, delta) -> None:
    good = body + credit_code_check_char(body)
    assert is_valid_credit_code(good)
    index = (CREDIT_CODE_CHARS.index(good[position]) + delta) % 31
    bad = good[:position] + CREDIT_CODE_CHARS[index] + good[position + 1 :]
    assert not is_valid_credit_code(bad)


@given(st.integers(2000, 2100), st.integers(1, 10**9))
def test_serial_numbers_round_trip_and_catch_typos(year: int, seq: int) -> None:
    serial = make_serial_number(year, seq)
    assert is_valid_serial_number(serial)
    last = serial[-2]
    typo = serial[:-2] + str((int(last) + 1) % 10) + serial[-1]
    assert not is_valid_serial_number(typo)
