"""The API's JSON parser: deeply nested input is a 400, not a RecursionError."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


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
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("请求内容嵌套层数过多，无法解析。") from None
