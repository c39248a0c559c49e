"""The shared cleaning step of public text (portal.text_input)."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from rest_framework import serializers

from portal.text_input import (
    CleanCharField,
    CleanTextFormMixin,
    NulCharacterError,
    clean_control_characters,
)


@pytest.mark.parametrize(
    ("raw", "multiline", "cleaned"),
    [
        ("张\x01三\x7f", False, "张三"),
        ("a\x85b\x9fc", False, "abc"),
        ("第一行\r\n\t第二行\x1b", True, "第一行\n\t第二行"),
        ("第一行\r\n第二行", False, "第一行第二行"),
        ("\u202e\u200b👍", False, "\u202e\u200b👍"),  # not control characters
    ],
)
def test_control_characters_are_removed(
    raw: str, multiline: bool, cleaned: str
) -> None:
    assert clean_control_characters(raw, multiline=multiline) == cleaned


def test_a_nul_is_refused() -> None:
    with pytest.raises(NulCharacterError):
        clean_control_characters("a\x00b", multiline=True)


class _Form(CleanTextFormMixin):
    name = forms.CharField(max_length=10)
    note = forms.CharField(widget=forms.Textarea, required=False)
    count = forms.IntegerField(required=False)


def test_the_form_mixin_cleans_before_the_fields_validate() -> None:
    form = _Form(QueryDict("name=%E5%BC%A0%01%E4%B8%89&note=a%0D%0A%09b%07&count=3"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "张三", "note": "a\n\tb", "count": 3}
    refused = _Form({"name": "张\x00三"})
    assert not refused.is_valid()
    assert refused.errors["name"] == ["内容含有无法识别的控制字符，请删除后重新提交。"]
    blank = _Form({"name": "\x01\x02"})
    assert not blank.is_valid() and "name" in blank.errors


class _Serializer(serializers.Serializer):
    name = CleanCharField(max_length=5)
    note = CleanCharField(multiline=True, required=False, allow_blank=True)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"name": "张\x00三"}, ["name"]),
        ({"name": "\x01\x02"}, ["name"]),  # blank once cleaned
        ({"name": "张三\x01\x01\x01\x01"}, ["name"]),  # max_length counts what was sent
        ({"name": 12}, ["name"]),  # text is a JSON string
        ({"name": True}, ["name"]),
    ],
)
def test_the_api_field_refuses(data: dict, errors: list[str]) -> None:
    serializer = _Serializer(data=data)
    assert not serializer.is_valid()
    assert sorted(serializer.errors) == errors


def test_the_api_field_cleans() -> None:
    serializer = _Serializer(data={"name": " 张\x1b三 ", "note": "a\r\n\tb\x85"})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data == {"name": "张三", "note": "a\n\tb"}
