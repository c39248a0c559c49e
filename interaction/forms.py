"""Public forms of interaction (letters, tracking, rating, registration) and staff steps."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from interaction.models import LetterCategory
from interaction.models.events import IdType
from interaction.workflow import Rating
from portal.models import Organisation
from portal.text_input import CleanTextFormMixin

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def clean_text(value: str) -> str:
    # Control characters are already gone (CleanTextFormMixin).
    return value.strip()


class HoneypotMixin(CleanTextFormMixin):
    """A field people never see: a bot that fills it is refused."""

    website = forms.CharField(label="网址（请勿填写）", required=False, max_length=200)

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError("提交未通过校验，请刷新页面后重新填写。")
        return ""


def clean_phone(value: str) -> str:
    value = value.strip().replace(" ", "")
    if not PHONE_RE.match(value):
        raise ValidationError("请填写正确的手机号码（11位）或带区号的固定电话。")
    return value


class LetterForm(HoneypotMixin):
    category = forms.ChoiceField(
        label="来信类别",
        choices=LetterCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择来信类别。"},
    )
    subject = forms.CharField(
        label="标题",
        max_length=100,
        error_messages={
            "required": "请填写标题。",
            "max_length": "标题不能超过100个字（当前%(show_value)d个字）。",
        },
    )
    content = forms.CharField(
        label="来信内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "请填写来信内容。",
            "max_length": "来信内容不能超过5000个字（当前%(show_value)d个字）。",
        },
    )
    name = forms.CharField(
        label="姓名", max_length=50, error_messages={"required": "请填写姓名。"}
    )
    phone = forms.CharField(
        label="联系电话",
        max_length=20,
        error_messages={
            "required": "请填写联系电话。",
            "max_length": "联系电话不能超过20位。",
        },
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        help_text="选填。答复后我们会发邮件提醒您查看。",
        error_messages={"invalid": "请填写正确的电子邮箱地址。"},
    )
    allow_public = forms.BooleanField(
        label="同意在答复后公开来信和答复（您的姓名、电话、邮箱不会公开）",
        required=False,
    )

    field_order = [
        "category",
        "subject",
        "content",
        "name",
        "phone",
        "email",
        "allow_public",
        "website",
    ]

    def clean_subject(self) -> str:
        return clean_text(self.cleaned_data["subject"])

    def clean_content(self) -> str:
        return clean_text(self.cleaned_data["content"])

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])


class TrackForm(CleanTextFormMixin):
    serial_number = forms.CharField(
        label="信件编号",
        max_length=20,
        error_messages={"required": "请填写信件编号。"},
    )
    query_code = forms.CharField(
        label="查询码", max_length=16, error_messages={"required": "请填写查询码。"}
    )


class RateForm(TrackForm):
    rating = forms.ChoiceField(
        label="您对答复的评价",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评价结果。"},
    )
    reopen = forms.BooleanField(
        label="不满意，申请重新办理（仅可申请一次）", required=False
    )
    comment = forms.CharField(
        label="评价说明",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价说明不能超过500个字。"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reopen") and data.get("rating") != Rating.DISSATISFIED:
            self.add_error("reopen", "只有选择“不满意”时才能申请重新办理。")
        return data


class RegistrationForm(HoneypotMixin):
    name = forms.CharField(
        label="姓名", max_length=50, error_messages={"required": "请填写姓名。"}
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        error_messages={"required": "请填写手机号码。"},
    )
    id_type = forms.ChoiceField(
        label="证件类型",
        choices=[("", "请选择"), *IdType.choices],
        required=False,
    )
    id_number = forms.CharField(
        label="证件号码",
        required=False,
        max_length=30,
        help_text="仅用于入场核验，页面和导出名单中只显示脱敏后的号码。",
    )

    field_order = ["name", "phone", "id_type", "id_number", "website"]

    def __init__(self, *args: Any, requires_id: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requires_id = requires_id
        if not requires_id:
            del self.fields["id_type"]
            del self.fields["id_number"]

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.requires_id:
            from portal.checkdigits import is_valid_resident_id

            if not data.get("id_type"):
                self.add_error("id_type", "请选择证件类型。")
            number = (data.get("id_number") or "").strip()
            if not number:
                self.add_error("id_number", "请填写证件号码。")
            elif data.get("id_type") == IdType.RESIDENT_ID and not (
                is_valid_resident_id(number)
            ):
                self.add_error(
                    "id_number", "居民身份证号码不正确，请核对（校验位不符）。"
                )
        return data


class CancelForm(CleanTextFormMixin):
    code = forms.CharField(
        label="报名码", max_length=12, error_messages={"required": "请填写报名码。"}
    )


# --- staff steps --------------------------------------------------------------------
class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位", queryset=Organisation.objects.filter(is_active=True)
    )


class TransferForm(AssignForm):
    reason = forms.CharField(label="转办理由", widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="答复内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 10})
    )


class CheckInForm(forms.Form):
    checkin_code = forms.CharField(label="签到码", max_length=8)


class CommentForm(HoneypotMixin):
    article = forms.IntegerField(
        label="针对条款（第X条，选填）",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "条款序号请填写数字，例如 5 表示第五条。",
            "min_value": "条款序号须大于0。",
            "max_value": "条款序号过大，请核对。",
        },
    )
    content = forms.CharField(
        label="意见内容",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "请填写意见内容。",
            "max_length": "意见内容不能超过2000个字（当前%(show_value)d个字）。",
        },
    )
    name = forms.CharField(
        label="署名（选填，公开显示）", required=False, max_length=50
    )
    contact = forms.CharField(
        label="联系方式（选填，不公开）",
        required=False,
        max_length=100,
        help_text="便于起草单位就您的意见联系您，不会公开。",
    )

    field_order = ["article", "content", "name", "contact", "website"]

    def clean_content(self) -> str:
        return clean_text(self.cleaned_data["content"])

    def clean_name(self) -> str:
        return clean_text(self.cleaned_data["name"])


class QuestionForm(HoneypotMixin):
    content = forms.CharField(
        label="您的问题",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "请填写问题。",
            "max_length": "问题不能超过1000个字（当前%(show_value)d个字）。",
        },
    )
    name = forms.CharField(label="署名（选填）", required=False, max_length=50)

    field_order = ["content", "name", "website"]

    def clean_content(self) -> str:
        return clean_text(self.cleaned_data["content"])


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="开始日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="结束日期", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "结束日期不能早于开始日期。")
        if start and end and (end - start).days > 3 * 366:
            self.add_error("end", "统计区间不能超过三年。")
        return data


class HotlineImportForm(forms.Form):
    file = forms.FileField(
        label="CSV文件（UTF-8）",
        help_text="列：来源、工单号、受理日期、问题分类、诉求内容、承办单位。",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError("文件不能超过10MB。")
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return str(raw.decode(encoding))
            except UnicodeDecodeError:
                continue
        raise ValidationError("无法识别文件编码，请另存为UTF-8编码的CSV文件。")
