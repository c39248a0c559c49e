"""Django validators over the pure check-digit rules of ``portal.checkdigits``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from portal.checkdigits import is_valid_credit_code, is_valid_resident_id


@deconstructible
class CreditCodeValidator:
    """A 统一社会信用代码 of 18 characters with the GB 32100-2015 check character."""

    message = "统一社会信用代码应为 18 位，且校验位须正确，请核对后重新填写。"
    code = "invalid_credit_code"

    def __call__(self, value: str) -> None:
        if not is_valid_credit_code(value or ""):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CreditCodeValidator)

    def __hash__(self) -> int:
        return hash(self.code)


@deconstructible
class ResidentIdValidator:
    """A 居民身份证号码 of 18 characters with a real birth date and the MOD 11-2 check."""

    message = "居民身份证号码应为 18 位，出生日期和校验位须正确，请核对后重新填写。"
    code = "invalid_resident_id"

    def __call__(self, value: str) -> None:
        if not is_valid_resident_id(value or ""):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ResidentIdValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_credit_code = CreditCodeValidator()
validate_resident_id = ResidentIdValidator()
