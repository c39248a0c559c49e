"""One cleaning step for text typed by the public, before it reaches a service.

C0 and C1 control characters never belong in a name, a phone number or a letter:
they are removed (a multi-line field keeps its line breaks and tabs, with ``\\r\\n``
made ``\\n``). A NUL is refused outright — it usually means a binary file pasted or a
probe, and PostgreSQL cannot store it in a text column. Forms get the step through
:class:`CleanTextFormMixin`; the API's serializers through :class:`CleanCharField`.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from rest_framework import serializers

NUL_MESSAGE = "内容含有无法识别的控制字符，请删除后重新提交。"

# Every C0 and C1 control character (and DEL) except NUL, which is refused instead.
_SINGLE_LINE_CONTROLS = re.compile(r"[\x01-\x1f\x7f-\x9f]")
# The same without tab (\x09) and line feed (\x0a).
_MULTI_LINE_CONTROLS = re.compile(r"[\x01-\x08\x0b-\x1f\x7f-\x9f]")


class NulCharacterError(ValueError):
    """The text contains a NUL character."""


def clean_control_characters(value: str, *, multiline: bool = False) -> str:
    """Return ``value`` without control characters; raise on a NUL.

    ``multiline`` keeps ``\\n`` and ``\\t`` (after turning ``\\r\\n`` and a lone
    ``\\r`` into ``\\n``).
    """
    if "\x00" in value:
        raise NulCharacterError(NUL_MESSAGE)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return _MULTI_LINE_CONTROLS.sub("", value)
    return _SINGLE_LINE_CONTROLS.sub("", value)


def clean_search_text(value: str, *, limit: int = 50) -> str:
    """Return a search box's text without control characters (NUL included: the
    text is only searched for, never stored, and PostgreSQL refuses a NUL)."""
    return _SINGLE_LINE_CONTROLS.sub("", value.replace("\x00", "")).strip()[:limit]


def _is_text_field(field: forms.Field) -> bool:
    # Choice, date, number and file fields parse their input themselves; an e-mail
    # or URL field is a CharField and is cleaned like one.
    return isinstance(field, forms.CharField)


def _is_multiline(field: forms.Field) -> bool:
    return isinstance(field.widget, forms.Textarea)


class CleanTextFormMixin(forms.Form):
    """Clean every text field of a public form before the fields validate it.

    The submitted data is replaced by a cleaned copy, so a re-rendered form shows
    the cleaned text; a field holding a NUL gets the Chinese error and its value is
    not used.
    """

    def full_clean(self) -> None:
        refused: list[str] = []
        if self.is_bound and self.data is not None:
            data: Any = self.data.copy()  # type: ignore[attr-defined]  # QueryDict or dict
            for name, field in self.fields.items():
                if not _is_text_field(field):
                    continue
                key = self.add_prefix(name)
                if key not in data:
                    continue
                values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
                cleaned = []
                for value in values:
                    if not isinstance(value, str):
                        cleaned.append(value)
                        continue
                    try:
                        cleaned.append(
                            clean_control_characters(
                                value, multiline=_is_multiline(field)
                            )
                        )
                    except NulCharacterError:
                        refused.append(name)
                        cleaned.append("")
                if hasattr(data, "setlist"):
                    data.setlist(key, cleaned)
                else:
                    data[key] = cleaned[0] if cleaned else ""
            self.data = data
        super().full_clean()
        for name in refused:
            if name in self.errors:
                self.errors[name].clear()
                self.errors[name].append(NUL_MESSAGE)
            else:
                self.add_error(name, NUL_MESSAGE)


class CleanCharField(serializers.CharField):
    """The API's text field: control characters removed, NUL refused (400).

    ``max_length`` counts the characters as sent, so a schema's ``maxLength`` and
    the API agree whatever the text contains.
    """

    default_error_messages = {"nul": NUL_MESSAGE}

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        # Text is a JSON string; DRF would turn 0 or true into "0" and "True".
        if not isinstance(data, str):
            self.fail("invalid")
        if isinstance(data, str):
            if self.max_length is not None and len(data) > self.max_length:
                self.fail("max_length", max_length=self.max_length)
            try:
                data = clean_control_characters(data, multiline=self.multiline)
            except NulCharacterError:
                self.fail("nul")
        value = str(super().to_internal_value(data))
        # DRF checks for blank input before this step; text of control characters
        # only is blank once they are gone.
        if not value and not self.allow_blank:
            self.fail("blank")
        return value
