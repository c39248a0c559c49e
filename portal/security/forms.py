from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=32,
        help_text="验证器应用中的 6 位数字；手机丢失时可输入一个恢复码。",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )
