"""DRF defaults for every app: pagination, filtering and the error format.

What the schema refuses the API refuses too (``portal/schema.py`` documents it): a
page number or page size that is not a positive integer, and a query parameter sent
empty, are a 400 with a Chinese message rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import ModelChoiceFilter, NumberFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from portal.filters import MAX_ID

EMPTY_PARAMETER = "该参数不能为空。"
PAGE_SIZE_MESSAGE = "每页条数应为正整数，如 20。"
PAGE_MESSAGE = "页码应为正整数，如 2。"
UNKNOWN_RECORD = "筛选条件中的{label}不存在。"
WHOLE_NUMBER = "应为整数，如 2024。"


class SafeJSONRenderer(JSONRenderer):
    """JSON whose bytes never hold markup: ``<``, ``>`` and ``&`` as ``\\u`` escapes.

    They can only occur inside JSON strings, so the parsed value is unchanged; an
    error that quotes the caller's input (``"<script>…" 不是合法选项``) cannot turn
    into markup in a client that renders it as HTML (Django's ``json_script`` does
    the same).
    """

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        body = super().render(data, accepted_media_type, renderer_context)
        return (
            body.replace(b"<", b"\\u003c")
            .replace(b">", b"\\u003e")
            .replace(b"&", b"\\u0026")
        )


class Conflict(APIException):
    """409: the record's state refuses the request (closed, full, already done)."""

    status_code = 409
    default_detail = "当前状态下不能办理该请求。"
    default_code = "conflict"


def positive_parameter(request: Request, name: str, message: str) -> int | None:
    """Return the positive integer query parameter ``name``, or None when absent.

    Anything else (empty, ``null``, ``1.5``, full-width digits, 0) is a 400.
    """
    if name not in request.query_params:
        return None
    raw = request.query_params[name]
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({name: [message]})
    return int(raw)


class StrictPageSizeMixin:
    """``page_size`` must be a positive integer; above the maximum it is capped."""

    page_size: int | None
    page_size_query_param: str | None
    max_page_size: int | None

    def get_page_size(self, request: Request) -> int | None:
        name = self.page_size_query_param
        size = positive_parameter(request, name, PAGE_SIZE_MESSAGE) if name else None
        if size is None:
            return self.page_size
        return min(size, self.max_page_size) if self.max_page_size else size


class StandardPagination(StrictPageSizeMixin, PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        positive_parameter(request, self.page_query_param, PAGE_MESSAGE)
        return super().paginate_queryset(queryset, request, view)


class StrictCursorPagination(StrictPageSizeMixin, CursorPagination):
    """Cursor paging whose ``cursor`` parameter, when sent, is not empty."""

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        if request.query_params.get(self.cursor_query_param, None) == "":
            raise ValidationError({self.cursor_query_param: [EMPTY_PARAMETER]})
        return super().paginate_queryset(queryset, request, view)


def _is_well_formed_key(filter_: ModelChoiceFilter, value: str) -> bool:
    if filter_.extra.get("to_field_name"):
        return bool(value)
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


def _is_whole_number(value: str) -> bool:
    digits = value[1:] if value.startswith("-") else value
    return digits.isascii() and digits.isdigit()


class StrictFilterBackend(DjangoFilterBackend):
    """The FilterSet backend of the API, stricter than the HTML lists.

    A declared filter sent empty is a 400 (a page form submits empty fields; an API
    client that sends ``?updated_since=`` has a bug). A well-formed id or code of a
    record that does not exist is a 404, like a detail URL of an unknown record; a
    malformed one stays a 400.
    """

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        params = request.query_params
        empty = {
            name: [EMPTY_PARAMETER]
            for name in filterset.filters
            if name in params and any(v == "" for v in params.getlist(name))
        }
        if empty:
            raise ValidationError(empty)
        # The API's number filters (years) take whole numbers, as documented.
        fractional = {
            name: [WHOLE_NUMBER]
            for name, filter_ in filterset.filters.items()
            if isinstance(filter_, NumberFilter)
            and name in params
            and not _is_whole_number(params[name])
        }
        if fractional:
            raise ValidationError(fractional)
        if not filterset.is_valid():
            self._raise_unknown_record(filterset, params)
            raise ValidationError(
                {k: [str(e) for e in v] for k, v in filterset.errors.items()}
            )
        return filterset.qs

    @staticmethod
    def _raise_unknown_record(filterset: Any, params: Any) -> None:
        errors = filterset.form.errors.as_data()
        missing = []
        for name, field_errors in errors.items():
            filter_ = filterset.filters.get(name)
            if not isinstance(filter_, ModelChoiceFilter):
                return
            codes = {e.code for e in field_errors}
            if codes != {"invalid_choice"}:
                return
            if not _is_well_formed_key(filter_, params.get(name, "")):
                return
            missing.append(str(filter_.label or name))
        if missing:
            raise NotFound(UNKNOWN_RECORD.format(label="、".join(missing)))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer a Django ``ValidationError`` raised by a service as a 400, not a 500."""
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = ValidationError(detail=detail)
    return drf_exception_handler(exc, context)
