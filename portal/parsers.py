"""The API's JSON parser: a body that is not a JSON object is a 400 in Chinese,
deeply nested input included (not a RecursionError)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NOT_JSON = "请求内容不是有效的 JSON，请检查格式（UTF-8 编码的 JSON 对象）。"


class BoundedJSONParser(JSONParser):
    """Parse JSON like DRF does, refusing input nested past the decoder's stack.

    ``json.loads`` on 100,000 opening brackets raises ``RecursionError`` (not a
    ``ValueError``), which DRF lets through as a 500.
    """

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("请求内容嵌套层数过多，无法解析。") from None
        except ParseError:
            # DRF's message quotes the decoder in English.
            raise ParseError(NOT_JSON) from None
        if not isinstance(data, dict):
            # Every write of the API takes one object of named fields.
            raise ParseError("请求内容应为一个 JSON 对象（{…}）。")
        return data
