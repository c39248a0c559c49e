from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import pii
from portal.logging import RedactPersonalDataFilter
from portal.pii import mask_id_number, mask_phone, redact_text


def test_masks_keep_only_the_ends() -> None:
    assert mask_id_number("370125199001011234") == "3701**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert pii.mask_name("张三丰") == "张**" and pii.mask_name("") == ""
    assert pii.mask_email("zhangsan@example.com") == "z***@example.com"
    assert pii.mask_email("no-domain") == ""
    assert pii.mask_address("济阳区济阳街道纬二路12号") == "济阳区济阳街……"
    assert pii.redact_known("我是张三，电话0531", ["张三", "0531", "", "李"]) == (
        "我是**，电话****"
    )


def test_no_module_but_pii_masks_personal_data() -> None:
    """One masking module: no other module spells a mask of its own."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    own_masks = ('"**"', "***@", '"*" * len', '+ "……"', '"……" if')
    offenders = [
        f"{path.relative_to(root)}: {mask}"
        for path in root.rglob("*.py")
        if not {".venv", "node_modules", "tests", "bench", "migrations"}.intersection(
            path.relative_to(root).parts
        )
        and path != root / "portal" / "pii.py"
        for mask in own_masks
        if mask in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


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


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("住在纬二路123号3单元502室。", "（地址已隐去）。"),
        ("幸福小区5号楼2单元的电梯坏了", "（地址已隐去）的电梯坏了"),
        ("济阳街道办事处", "济阳街道办事处"),
        ("城东小区附近没有公交站", "城东小区附近没有公交站"),
        ("第3号文件", "第3号文件"),
    ],
)
def test_street_addresses_are_removed_and_place_names_kept(text, kept) -> None:
    assert pii.redact_street_addresses(text) == kept
