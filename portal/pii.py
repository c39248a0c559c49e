"""Detection and masking of personal data (ID numbers, phone numbers).

Pure functions used by the log filter, admin masking and export checks, so personal data
never reaches a log line, a public page or a file that leaves the office.
"""

from __future__ import annotations

import re

# 18-digit resident ID (last may be X) and 15-digit legacy IDs; mainland mobile numbers;
# fixed lines with an area code.
ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx]|\d{2})(?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{3,4})(\d{4})(?!\d)")


def mask_middle(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    """Return ``value`` with all but its first and last characters replaced by ``*``."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return f"{value[:keep_start]}{'*' * hidden}{value[-keep_end:]}"


def mask_id_number(value: str) -> str:
    """Mask an identity number as ``3701**********1234``."""
    return mask_middle(value, 4, 4)


def mask_phone(value: str) -> str:
    """Mask a phone number as ``138****5678``."""
    return mask_middle(value, 3, 4)


def redact_text(text: str) -> str:
    """Replace every ID-number-like or phone-like run in ``text`` by its masked form."""
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = MOBILE_RE.sub(lambda m: mask_phone(m.group(0)), text)
    return LANDLINE_RE.sub(lambda m: mask_phone(m.group(0)), text)


def contains_personal_data(text: str) -> bool:
    return bool(ID_NUMBER_RE.search(text) or MOBILE_RE.search(text))
