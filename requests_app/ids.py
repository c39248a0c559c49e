"""Check digits of identity numbers and of application serial numbers.

The pure functions live in :mod:`portal.checkdigits` (shared with other apps); this module
keeps the names the application code has always used.
"""

from __future__ import annotations

from portal.checkdigits import (
    CREDIT_CODE_CHARS,
    CREDIT_CODE_WEIGHTS,
    ORG_CODE_WEIGHTS,
    RESIDENT_ID_CODES,
    RESIDENT_ID_WEIGHTS,
    credit_code_check_char,
    is_valid_credit_code,
    is_valid_resident_id,
    is_valid_serial,
    make_serial,
    normalise_credit_code,
    normalise_resident_id,
    resident_id_check_char,
)
from portal.checkdigits import mod11_2 as _mod11_2
from portal.checkdigits import org_code_check_char as _org_code_check_char

__all__ = [
    "CREDIT_CODE_CHARS",
    "CREDIT_CODE_WEIGHTS",
    "ORG_CODE_WEIGHTS",
    "RESIDENT_ID_CODES",
    "RESIDENT_ID_WEIGHTS",
    "_mod11_2",
    "_org_code_check_char",
    "credit_code_check_char",
    "is_valid_credit_code",
    "is_valid_resident_id",
    "is_valid_serial_number",
    "make_serial_number",
    "normalise_credit_code",
    "normalise_resident_id",
    "resident_id_check_char",
]

# Serial numbers of applications: "JY" + year + zero-padded sequence + check character.
SERIAL_PREFIX = "JY"


def make_serial_number(year: int, sequence: int) -> str:
    """Return the public serial number of the ``sequence``-th application."""
    return make_serial(SERIAL_PREFIX, year, sequence)


def is_valid_serial_number(value: str) -> bool:
    return is_valid_serial(SERIAL_PREFIX, value)
