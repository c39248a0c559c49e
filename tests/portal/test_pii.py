from __future__ import annotations

import logging

from hypothesis import given
from hypothesis import strategies as st

from portal.logging import RedactPersonalDataFilter
from portal.pii import mask_id_number, mask_phone, redact_text


def test_masks_keep_only_the_ends() -> None:
    assert mask_id_number("370125199001011234") == "3701**********1234"
    assert mask_phone("13812345678") == "138****5678"


@given(st.from_regex(r"\A370125(19|20)\d{2}(0[1-9]|1[0-2])[0-2]\d\d{3}[0-9X]\Z"))
def test_redaction_never_leaves_an_id_number(id_number: str) -> None:
    text = f"申请人身份证号{id_number}，请核实"
    assert id_number not in redact_text(text)


def test_log_records_are_redacted() -> None:
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "phone %s id %s",
        ("13912345678", "11010519491231002X"),
        None,
    )
    RedactPersonalDataFilter().filter(record)
    message = record.getMessage()
    assert "13912345678" not in message
    assert "11010519491231002X" not in message
    assert "139****5678" in message
