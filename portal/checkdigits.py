"""Check digits of identity numbers, credit codes and the portal's serial numbers (pure).

Sources: ``shared/domain/calendar-and-ids.md`` (GB 11643-1999 ISO 7064 MOD 11-2 for the
居民身份证号码, GB 32100-2015 for the 统一社会信用代码, GB 11714-1997 for the inner
组织机构代码). No Django, no database: every app that checks a number imports it from
here (``requests_app.ids`` re-exports the names it has always had).
"""

from __future__ import annotations

import datetime
import re

# GB 11643-1999: W_j = 2^(18-j) mod 11, j = 1..17 — the weights the MOD 11-2 recursion
# of :func:`mod11_2` applies; kept for readers (``requests_app.ids`` re-exports them).
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CODES = "10X98765432"
_RESIDENT_ID_RE = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015: 31 characters, no I, O, S, V, Z; W_i = 3^(i-1) mod 31.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997 (组织机构代码, characters 9-17 of the credit code).
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalise_resident_id(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def resident_id_check_char(body17: str) -> str:
    """Return the check character for the first 17 digits of a resident ID number."""
    if len(body17) != 17:
        raise ValueError("a resident ID body has 17 digits")
    return mod11_2(body17)


def is_valid_resident_id(value: str) -> bool:
    """Return True for an 18-character resident ID with a real birth date and check."""
    value = normalise_resident_id(value)
    if not _RESIDENT_ID_RE.match(value):
        return False
    try:
        born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1800:
        return False
    return resident_id_check_char(value[:17]) == value[17]


def org_code_check_char(body8: str) -> str:
    """Return the 9th character of a GB 11714 组织机构代码 from its first 8."""
    total = sum(
        int(c, 36) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True)
    )  # '0'-'9' -> 0-9, 'A'-'Z' -> 10-35
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(body17: str) -> str:
    """Return the 18th character of a 统一社会信用代码 from its first 17."""
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w
        for c, w in zip(body17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def normalise_credit_code(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def is_valid_credit_code(value: str, *, check_org_code: bool = False) -> bool:
    """Return True for an 18-character 统一社会信用代码 with a valid check character.

    ``check_org_code`` also verifies the inner GB 11714 check of characters 9-17. It is
    off by default: codes of some registration authorities (e.g. 民政, 机构编制) carry
    identifiers that predate GB 11714 in that position.
    """
    value = normalise_credit_code(value)
    if len(value) != 18 or any(c not in CREDIT_CODE_CHARS for c in value):
        return False
    if credit_code_check_char(value[:17]) != value[17]:
        return False
    if check_org_code:
        org = value[8:17]
        if not org[:8].isalnum() or org_code_check_char(org[:8]) != org[8]:
            return False
    return True


def mod11_2(digits: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of a digit string."""
    total = 0
    for c in digits:
        total = (total + int(c)) * 2 % 11
    return RESIDENT_ID_CODES[total % 11]


def make_serial(prefix: str, year: int, sequence: int) -> str:
    """Return ``prefix`` + year + 7-digit sequence + a MOD 11-2 check character.

    A mistyped serial is then refused before any look-up.
    """
    body = f"{year:04d}{sequence:07d}"
    return f"{prefix}{body}{mod11_2(body)}"


def is_valid_serial(prefix: str, value: str) -> bool:
    """Return True when ``value`` is a serial made by :func:`make_serial` for ``prefix``."""
    match = re.match(
        rf"^{re.escape(prefix)}(\d{{4}})(\d{{7,}})([\dX])$", value.strip().upper()
    )
    if not match:
        return False
    return mod11_2(match.group(1) + match.group(2)) == match.group(3)
