"""Check digits through Django: the one MOD 11-2 and the 统一社会信用代码 of 索引号前缀."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from policies.demo import _demo_credit_code
from policies.models import IssuerCode
from portal import checkdigits
from portal.validators import validate_credit_code, validate_resident_id
from tests.portal.factories import OrganisationFactory

VALID_CREDIT = "91370125MA3C8GXX0" + checkdigits.credit_code_check_char(
    "91370125MA3C8GXX0"
)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_resident_id_check_is_iso_7064_mod_11_2(body: str) -> None:
    weighted = sum(
        int(c) * w for c, w in zip(body, checkdigits.RESIDENT_ID_WEIGHTS, strict=True)
    )
    assert checkdigits.resident_id_check_char(body) == "10X98765432"[weighted % 11]
    assert checkdigits.resident_id_check_char(body) == checkdigits.mod11_2(body)


def test_validators_accept_good_and_refuse_bad_numbers_in_chinese() -> None:
    validate_credit_code(VALID_CREDIT)
    validate_resident_id("11010519491231002X")
    wrong = VALID_CREDIT[:17] + ("0" if VALID_CREDIT[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(wrong)
    assert "统一社会信用代码" in excinfo.value.messages[0]
    with pytest.raises(ValidationError) as excinfo:
        validate_resident_id("110105194912310021")
    assert "居民身份证号码" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_issuer_code_credit_code_is_validated() -> None:
    unit = OrganisationFactory()
    bad = IssuerCode(organisation=unit, credit_code="91370125MA3C8GXX00")
    with pytest.raises(ValidationError) as excinfo:
        bad.full_clean()
    assert "校验位" in excinfo.value.message_dict["credit_code"][0]
    IssuerCode(organisation=unit, credit_code=VALID_CREDIT).full_clean()


def test_demo_credit_codes_are_valid() -> None:
    for i in range(20):
        assert checkdigits.is_valid_credit_code(_demo_credit_code(i))


@pytest.mark.django_db
def test_the_admin_refuses_a_bad_credit_code_and_keeps_it(client) -> None:
    from django.urls import reverse

    from tests.portal.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    unit = OrganisationFactory()
    response = client.post(
        reverse("admin:policies_issuercode_add"),
        {"organisation": unit.pk, "credit_code": "91370125MA3C8GXX00"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "校验位须正确" in body and "91370125MA3C8GXX00" in body
    assert not IssuerCode.objects.exists()
