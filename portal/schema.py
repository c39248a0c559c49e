"""Make the OpenAPI schema tell the truth about what the API answers and accepts.

drf-spectacular documents the success response of each operation. This module adds
the rest, once for every operation, so a schema-driven client (or schemathesis in
``tests/test_api_contract.py``) can rely on it:

- every status code an operation can answer — 400 for bad parameters or bodies, 401
  and 403 for a refused or missing credential, 404 for an unknown record or a page
  past the end, 429 when throttled — each with its error body;
- ``minLength: 1`` on string query parameters (an empty value is refused, see
  :class:`portal.rest.StrictFilterBackend`), integer bounds on ids and page numbers;
- text fields of request bodies as :class:`portal.text_input.CleanCharField` cleans
  them: no NUL, and a required field needs a character that is neither white space
  nor a control character.
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from portal.filters import MAX_ID, IdFilter, UpdatedSinceFilter

# What Python's ``str.strip()`` removes plus every control character: a required
# text field needs at least one character outside this class.
_BLANK_CHARS = (
    "\\u0000-\\u0020\\u007f-\\u00a0\\u1680\\u2000-\\u200a"
    "\\u2028\\u2029\\u202f\\u205f\\u3000"
)
# drf-spectacular offers the empty string as a second branch of a ``oneOf`` for an
# optional field with a pattern; this one must not match it too.
NO_NUL_PATTERN = "^[^\\u0000]+$"
NOT_BLANK_PATTERN = f"^[^\\u0000]*[^{_BLANK_CHARS}][^\\u0000]*$"

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误说明（中文）。",
    "properties": {"detail": {"type": "string", "minLength": 1}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "参数或请求内容不正确：键为出错的参数或字段名（non_field_errors 为整体错误，"
        "detail 为无法解析的请求），值为中文错误说明。"
    ),
    "minProperties": 1,
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}, "minItems": 1},
        ]
    },
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "可再次请求前需等待的秒数。",
        "schema": {"type": "integer", "minimum": 0},
    }
}


def _error(description: str, schema_ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema_ref}"}
            }
        },
    }


RESPONSES: dict[str, dict[str, Any]] = {
    "400": _error("参数或请求内容不正确。", "ValidationError"),
    "401": _error("令牌无效、已吊销或格式不正确。", "Error"),
    "403": _error("未登录或没有权限。", "Error"),
    "404": _error("记录不存在或尚未公开，或页码超出范围。", "Error"),
    "429": {**_error("请求过于频繁，请稍后再试。", "Error"), "headers": RETRY_AFTER},
}


CONFLICT_RESPONSE = _error(
    "当前状态下不能办理该请求（如已截止、尚未开始、已办理）。", "Error"
)


class CleanCharFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    """A cleaned text field: NUL refused; a required one must not be blank."""

    target_class = "portal.text_input.CleanCharField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        if direction == "request":
            if self.target.allow_blank:
                schema["pattern"] = NO_NUL_PATTERN
            else:
                schema["minLength"] = 1
                schema["pattern"] = NOT_BLANK_PATTERN
        return schema


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# portal.filters.parse_moment: a date, or a date-time whose UTC offset PostgreSQL
# can store (up to ±15:59).
MOMENT_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "anyOf": [
        {"format": "date"},
        {"format": "date-time", "pattern": "(Z|z|[+-](0[0-9]|1[0-5]):[0-5][0-9])$"},
    ],
}


class StrictFilterExtension(DjangoFilterExtension):
    """Filter parameters typed as :class:`portal.rest.StrictFilterBackend` reads them.

    A related record is chosen by its integer id (or its code), a number filter
    takes a whole number within the form field's bounds.
    """

    target_class = "portal.rest.StrictFilterBackend"
    priority = 1

    def resolve_filter_field(
        self,
        auto_schema: Any,
        model: Any,
        filterset_class: Any,
        field_name: str,
        filter_field: Any,
    ) -> list[dict[str, Any]]:
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            schema = parameter["schema"]
            items = schema.get("items") if schema.get("type") == "array" else None
            target = items if items is not None else schema
            refined = _filter_schema(filter_field)
            if refined is not None:
                target.clear()
                target.update(refined)
            elif not target:
                target.update({"type": "string", "minLength": 1})
        return parameters


def _filter_schema(filter_field: Any) -> dict[str, Any] | None:
    if isinstance(
        filter_field,
        (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter),
    ):
        if filter_field.extra.get("to_field_name"):
            return {"type": "string", "minLength": 1}
        return dict(ID_SCHEMA)
    if isinstance(filter_field, UpdatedSinceFilter):
        return dict(MOMENT_SCHEMA)
    if isinstance(filter_field, IdFilter):
        return dict(ID_SCHEMA)
    if isinstance(filter_field, django_filters.NumberFilter):
        schema: dict[str, Any] = {"type": "integer"}
        if filter_field.extra.get("min_value") is not None:
            schema["minimum"] = filter_field.extra["min_value"]
        if filter_field.extra.get("max_value") is not None:
            schema["maximum"] = filter_field.extra["max_value"]
        return schema
    return None


def _tighten_parameter(parameter: dict[str, Any]) -> None:
    schema = parameter.setdefault("schema", {})
    name = parameter.get("name")
    if parameter.get("in") == "path":
        # The router takes digits only for an id (portal.api.ApiRouter).
        if name == "id" or schema.get("type") == "integer":
            schema.clear()
            schema.update(ID_SCHEMA)
        else:
            schema.setdefault("minLength", 1)
        return
    if parameter.get("in") != "query":
        return
    if name in ("page", "page_size"):
        schema.update(type="integer", minimum=1)
        if name == "page_size":
            parameter["description"] = (
                "每页返回的结果数量（正整数；超过上限时按上限返回）。"
            )
        else:
            parameter["description"] = "页码（正整数；超出末页时返回 404）。"
        return
    if schema.get("type") == "string" and "enum" not in schema:
        schema.setdefault("minLength", 1)
        # A NUL anywhere in a query string is refused (portal.middleware).
        if "anyOf" not in schema and "format" not in schema:
            schema.setdefault("pattern", NO_NUL_PATTERN)
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if items.get("type") == "string" and "enum" not in items:
            items.setdefault("minLength", 1)


# OpenAPI links apps declare (a filing's receipt → its tracking look-up), so a
# client — and schemathesis's stateful phase — can follow one answer to the next.
_LINKS: list[tuple[str, str, str, str, dict[str, Any]]] = []


def register_link(
    path: str, method: str, status: str, name: str, link: dict[str, Any]
) -> None:
    """Declare that the ``status`` answer of ``method path`` leads on by ``link``."""
    if not any(entry[:4] == (path, method, status, name) for entry in _LINKS):
        _LINKS.append((path, method, status, name, link))


def _add_links(result: dict[str, Any]) -> None:
    for path, method, status, name, link in _LINKS:
        operation = result.get("paths", {}).get(path, {}).get(method)
        if operation is None or status not in operation.get("responses", {}):
            continue
        operation["responses"][status].setdefault("links", {})[name] = link


def document_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Postprocessing hook: the error answers and tightened parameters."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["ValidationError"] = VALIDATION_ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                _tighten_parameter(parameter)
            responses = operation.setdefault("responses", {})
            codes = ["401", "403", "429"]
            if any(p.get("in") == "query" for p in parameters) or (
                "requestBody" in operation
            ):
                codes.append("400")
            is_list = any(p.get("name") in ("page", "cursor") for p in parameters)
            if any(p.get("in") == "path" for p in parameters) or is_list:
                codes.append("404")
            for code in codes:
                existing = responses.get(code)
                if existing is None or "content" not in existing:
                    responses[code] = RESPONSES[code]
    _add_links(result)
    return result
