"""The filing endpoint's cross-field rules, written into the OpenAPI schema.

``validate_application_input`` (条例第二十九条) asks for different fields by applicant
type, identity document and delivery method. A serializer cannot say so; this
postprocessing hook adds the rules to the request body as ``allOf``/``oneOf``
branches, and names the two check-digit formats (``resident-id``, ``credit-code``,
GB 11643 and GB 32100) that a pattern cannot express.
"""

from __future__ import annotations

from typing import Any

from portal.checkdigits import CREDIT_CODE_CHARS
from portal.schema import NOT_BLANK_PATTERN
from requests_app.choices import ApplicantType, DeliveryMethod, IdType

_NOT_BLANK = {"type": "string", "minLength": 1, "pattern": NOT_BLANK_PATTERN}


def _branch(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


def _filing_rules() -> list[dict[str, Any]]:
    other_ids = [c for c in IdType.values if c != IdType.RESIDENT_ID]
    applicant = {
        "oneOf": [
            _branch(
                {
                    "applicant_type": {"enum": [ApplicantType.NATURAL.value]},
                    "id_type": {"enum": [IdType.RESIDENT_ID.value]},
                    "id_number": {
                        "type": "string",
                        "format": "resident-id",
                        "pattern": "^[0-9]{17}[0-9X]$",
                        "description": "18位居民身份证号码，含有效出生日期和末位校验码。",
                    },
                },
                ["applicant_type", "id_type", "id_number"],
            ),
            _branch(
                {
                    "applicant_type": {"enum": [ApplicantType.NATURAL.value]},
                    "id_type": {"enum": other_ids},
                    "id_number": _NOT_BLANK,
                },
                ["applicant_type", "id_type", "id_number"],
            ),
            _branch(
                {
                    "applicant_type": {"enum": [ApplicantType.LEGAL.value]},
                    "credit_code": {
                        "type": "string",
                        "format": "credit-code",
                        "pattern": f"^[{CREDIT_CODE_CHARS}]{{18}}$",
                        "description": "18位统一社会信用代码，含末位校验码。",
                    },
                    "legal_representative": _NOT_BLANK,
                    "contact_name": _NOT_BLANK,
                },
                [
                    "applicant_type",
                    "credit_code",
                    "legal_representative",
                    "contact_name",
                ],
            ),
        ]
    }
    delivery = {
        "oneOf": [
            _branch(
                {
                    "delivery_method": {"enum": [DeliveryMethod.EMAIL.value]},
                    "email": {"type": "string", "format": "email", "minLength": 1},
                },
                ["delivery_method", "email"],
            ),
            _branch(
                {
                    "delivery_method": {"enum": [DeliveryMethod.POST.value]},
                    "address": _NOT_BLANK,
                },
                ["delivery_method", "address"],
            ),
            _branch(
                {
                    "delivery_method": {
                        "enum": [
                            DeliveryMethod.PICKUP.value,
                            DeliveryMethod.ONLINE.value,
                        ]
                    }
                },
                ["delivery_method"],
            ),
        ]
    }
    return [applicant, delivery]


def filing_rules(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Postprocessing hook: the filing body with its conditional requirements."""
    operation = result.get("paths", {}).get("/api/v1/requests/", {}).get("post")
    if operation is None:
        return result
    for media in operation.get("requestBody", {}).get("content", {}).values():
        base = media.get("schema")
        if base is not None:
            media["schema"] = {"allOf": [base, *_filing_rules()]}
    return result
