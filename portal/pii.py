"""Detection and masking of personal data (ID numbers, phone numbers).

Pure functions used by the log filter, admin masking and export checks, so personal data
never reaches a log line, a public page or a file that leaves the office.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode

# 18-digit resident ID (last may be X) and 15-digit legacy IDs; mainland mobile numbers;
# fixed lines with an area code.
ID_NUMBER_RE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[0-9Xx]|\d{2})(?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{3,4})(\d{4})(?!\d)")
EMAIL_RE = re.compile(r"([\w.+-]{1,64})@([\w-]+(?:\.[\w-]+)+)")
# An HTTP request line as access logs write it: ``GET /search/?q=… HTTP/1.1``.
REQUEST_LINE_RE = re.compile(
    r"(?P<method>[A-Z]{3,10}) (?P<target>\S+) (?P<proto>HTTP/[\d.]+)"
)


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


def mask_name(value: str) -> str:
    """Mask a person's name as ``张**`` (the surname stays)."""
    return f"{value[:1]}**" if value else ""


def mask_address(value: str) -> str:
    """Shorten an address to its first six characters: ``济阳区济阳街……``."""
    return f"{value[:6]}……" if value else ""


def redact_known(text: str, values: tuple[str, ...] | list[str]) -> str:
    """Replace each of ``values`` (a writer's own name, phone, e-mail) by asterisks.

    Values shorter than two characters are left: a one-character "name" would mask
    that character everywhere in the text.
    """
    for value in values:
        if value and len(value) >= 2:
            text = text.replace(value, "*" * len(value))
    return text


def redact_text(text: str) -> str:
    """Replace every ID-number-like or phone-like run in ``text`` by its masked form."""
    text = ID_NUMBER_RE.sub(lambda m: mask_id_number(m.group(0)), text)
    text = MOBILE_RE.sub(lambda m: mask_phone(m.group(0)), text)
    return LANDLINE_RE.sub(lambda m: mask_phone(m.group(0)), text)


# A street-level address: a road, lane, village or estate name followed by a house,
# building, unit or room number ("纬二路123号3单元502室", "幸福小区5号楼"). Place
# names alone (a town, a street office) are not personal and stay. The Han words just
# before the road name go with it: on a public draft, removing too much is the safe side.
STREET_ADDRESS_RE = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:路|街|大道|巷|胡同|弄|村|庄|小区|社区|花园|家园|苑|公寓)"
    r"[\u4e00-\u9fff\d\-－]{0,12}?[\d０-９]+\s*(?:号楼|号院|号|栋|幢|单元|室|楼|户)"
    r"(?:[\d０-９\-－]+\s*(?:号楼|号|栋|幢|单元|室|楼|层|户))*"
)
ADDRESS_PLACEHOLDER = "（地址已隐去）"


def redact_street_addresses(text: str) -> str:
    """Replace street-level addresses in free text written by a member of the public."""
    return STREET_ADDRESS_RE.sub(ADDRESS_PLACEHOLDER, text)


def contains_personal_data(text: str) -> bool:
    return bool(ID_NUMBER_RE.search(text) or MOBILE_RE.search(text))


def mask_email(value: str) -> str:
    """Mask an e-mail address as ``l***@example.com`` (the domain stays); ``""`` for
    a value without a domain."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


def redact_value(text: str) -> str:
    """Mask ID numbers, phone numbers and e-mail addresses in ``text``."""
    return EMAIL_RE.sub(lambda m: mask_email(m.group(0)), redact_text(text))


def redact_query_string(query: str) -> str:
    """Return ``query`` with every value passed through :func:`redact_value`.

    Values are decoded first, so a percent-encoded ID number is masked too; keys are
    kept so the log still shows which filter was used.
    """
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(
        [(key, redact_value(value)) for key, value in pairs], safe="*@", quote_via=quote
    )


def redact_url(target: str) -> str:
    """Return a request target (path and query) with its query string redacted."""
    path, sep, query = target.partition("?")
    return (
        f"{redact_value(path)}{sep}{redact_query_string(query)}"
        if sep
        else redact_value(path)
    )


def redact_request_lines(text: str) -> str:
    """Redact the query string of every HTTP request line in ``text``."""
    return REQUEST_LINE_RE.sub(
        lambda m: f"{m['method']} {redact_url(m['target'])} {m['proto']}", text
    )
