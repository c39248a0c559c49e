"""schemathesis hooks for ``tests/test_api_contract.py`` (loaded by the CLI through
``SCHEMATHESIS_HOOKS``): data for the two check-digit formats the schema names."""

from __future__ import annotations

import datetime
import re
from typing import Any

import schemathesis
from hypothesis import strategies as st

from portal.checkdigits import (
    CREDIT_CODE_CHARS,
    credit_code_check_char,
    resident_id_check_char,
)


@st.composite
def _resident_id(draw: st.DrawFn) -> str:
    area = draw(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
    born = draw(
        st.dates(
            min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)
        )
    )
    order = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    body = f"{area}{born:%Y%m%d}{order}"
    return body + resident_id_check_char(body)


@st.composite
def _credit_code(draw: st.DrawFn) -> str:
    body = "".join(
        draw(st.lists(st.sampled_from(CREDIT_CODE_CHARS), min_size=17, max_size=17))
    )
    return body + credit_code_check_char(body)


schemathesis.openapi.format("resident-id", _resident_id())
schemathesis.openapi.format("credit-code", _credit_code())


_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_CREDIT_SHAPE = re.compile(f"[{re.escape(CREDIT_CODE_CHARS)}]{{18}}")


@schemathesis.hook
def map_body(context: schemathesis.HookContext, body: Any) -> Any:
    """Hold the check-digit formats where a generator filled the field from its
    pattern alone (a JSON Schema validator does not know these formats, so the
    case's schema validity is unchanged): a real birth date and check character."""
    operation = getattr(context, "operation", None)
    if operation is None or operation.path != "/api/v1/requests/":
        return body
    if not isinstance(body, dict):
        return body
    number = body.get("id_number")
    if isinstance(number, str) and _ID_SHAPE.fullmatch(number):
        fixed = f"{number[:6]}19800101{number[14:17]}"
        body = {**body, "id_number": fixed + resident_id_check_char(fixed)}
    code = body.get("credit_code")
    if isinstance(code, str) and _CREDIT_SHAPE.fullmatch(code):
        body = {**body, "credit_code": code[:17] + credit_code_check_char(code[:17])}
    return body
