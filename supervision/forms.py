"""Forms of the supervision staff pages: each hands its service keyword arguments."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from portal.models import IndexEntry
from supervision.models import Notice


class ProgressForm(forms.Form):
    text = forms.CharField(
        label="工作进展", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    evidence_entry = forms.ModelChoiceField(
        label="佐证：已发布信息（发布索引编号）",
        queryset=IndexEntry.objects.only("id", "title"),
        required=False,
        widget=forms.NumberInput,
        error_messages={"invalid_choice": "没有这条已发布信息，请核对编号。"},
    )
    evidence_url = forms.URLField(
        label="佐证链接", required=False, assume_scheme="https"
    )
    evidence_file = forms.FileField(label="佐证材料", required=False)
    complete = forms.BooleanField(label="任务已完成，报送验收", required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "evidence_entry": data["evidence_entry"],
            "evidence_url": data["evidence_url"],
            "evidence_file": data["evidence_file"],
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV 文件（平台,账号ID,最近更新日期）")


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class NoticeDraftForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="类型", choices=Notice.Kind.choices)
    is_public = forms.BooleanField(
        label="向社会公开",
        required=False,
        help_text="发送通报时生成公开稿，经三审三校后在网站发布。",
    )


def year_from(params: Any, today: datetime.date) -> int:
    form = YearForm(params)
    if form.is_valid():
        return int(form.cleaned_data["year"])
    return today.year
