"""portal.checkdigits: pure check-digit rules (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import checkdigits as cd

digits = st.text(alphabet="0123456789", min_size=1, max_size=20)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),
        ("110105194912310021", False),
        ("11010519491332002X", False),
    ],
)
def test_resident_id_table(value: str, valid: bool) -> None:
    assert cd.is_valid_resident_id(value) is valid


def test_credit_code_known_example() -> None:
    assert cd.is_valid_credit_code("91350100M000100Y43")
    assert not cd.is_valid_credit_code("91350100M000100Y44")


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(digits)
def test_mod11_2_detects_every_single_digit_change(body: str) -> None:
    check = cd.mod11_2(body)
    for i, c in enumerate(body):
        changed = body[:i] + str((int(c) + 1) % 10) + body[i + 1 :]
        assert cd.mod11_2(changed) != check


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(
    st.sampled_from(["JY", "XX", "ZX"]),
    st.integers(min_value=2000, max_value=2099),
    st.integers(min_value=1, max_value=9_999_999),
)
def test_serials_round_trip_and_are_bound_to_their_prefix(
    prefix: str, year: int, sequence: int
) -> None:
    serial = cd.make_serial(prefix, year, sequence)
    assert cd.is_valid_serial(prefix, serial)
    assert cd.is_valid_serial(prefix, serial.lower())
    other = "QQ" if prefix != "QQ" else "JY"
    assert not cd.is_valid_serial(other, serial)


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_resident_id_with_its_check_char_validates_when_date_is_real(
    body: str,
) -> None:
    value = body + cd.resident_id_check_char(body)
    wrong = body + ("0" if value[-1] != "0" else "1")
    assert not cd.is_valid_resident_id(wrong)


@settings(deadline=None)  # shared 2-core machine: timing varies
@given(st.text(alphabet=cd.CREDIT_CODE_CHARS, min_size=17, max_size=17))
def test_credit_code_with_its_check_char_validates(body: str) -> None:
    assert cd.is_valid_credit_code(body + cd.credit_code_check_char(body))
