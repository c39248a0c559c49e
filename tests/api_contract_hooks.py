"""schemathesis hooks for ``tests/test_api_contract.py`` (loaded by the CLI through
``SCHEMATHESIS_HOOKS``): data for the two check-digit formats the schema names."""

from __future__ import annotations

import datetime

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
