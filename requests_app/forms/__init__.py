"""Forms of on-request disclosure: the public filing and tracking forms, staff entry.

The workflow-step forms live in :mod:`requests_app.forms.steps`.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from portal import attachments
from portal.models import Organisation
from portal.text_input import CleanTextFormMixin
from requests_app import hidden_data, ids, services
from requests_app.choices import (
    ApplicantType,
    DeliveryForm,
    DeliveryMethod,
    IdType,
    LegalPersonKind,
    Topic,
)


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice by primary key that refuses anything but a short ASCII number.

    ``int()`` accepts full-width digits of any length; such a value would reach the
    database as an out-of-range integer and fail there instead of in the form.
    """

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(text)


SUPPORTING_FILE_TYPES = frozenset({"pdf", "jpg", "jpeg", "png"})
SUPPORTING_FILE_MAX_BYTES = 5 * 1024 * 1024
SUPPORTING_FILE_KINDS = frozenset({attachments.PDF, attachments.JPEG, attachments.PNG})
# The content must be what the name says: a PDF named .png is refused too.
SUPPORTING_FILE_KIND_OF = {
    "pdf": attachments.PDF,
    "jpg": attachments.JPEG,
    "jpeg": attachments.JPEG,
    "png": attachments.PNG,
}


class ApplicationForm(CleanTextFormMixin):
    """政府信息公开申请表 (条例第二十九条)."""

    organisation = SafeModelChoiceField(
        label="申请公开的行政机关",
        queryset=Organisation.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择受理申请的行政机关。"},
    )
    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        initial=ApplicantType.NATURAL,
    )
    name = forms.CharField(
        label="姓名或名称",
        max_length=100,
        help_text="自然人填写姓名；法人或其他组织填写单位全称。",
        required=False,
    )
    id_type = forms.ChoiceField(
        label="证件类型（自然人）",
        choices=[("", "请选择"), *IdType.choices],
        required=False,
    )
    id_number = forms.CharField(
        label="证件号码（自然人）", max_length=30, required=False
    )
    legal_person_kind = forms.ChoiceField(
        label="单位类别（法人或其他组织）",
        choices=[("", "请选择"), *LegalPersonKind.choices],
        required=False,
    )
    credit_code = forms.CharField(
        label="统一社会信用代码（法人或其他组织）", max_length=18, required=False
    )
    legal_representative = forms.CharField(
        label="法定代表人或负责人", max_length=50, required=False
    )
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "电子邮箱格式不正确。"},
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    description = forms.CharField(
        label="所需信息的内容描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
        help_text="请尽量写明信息的名称、文号或便于查询的其他特征。",
    )
    document_hint = forms.CharField(
        label="文件名称或文号（选填）", max_length=200, required=False
    )
    delivery_method = forms.ChoiceField(
        label="获取信息的方式",
        choices=DeliveryMethod.choices,
        widget=forms.RadioSelect,
        initial=DeliveryMethod.EMAIL,
    )
    form = forms.ChoiceField(
        label="信息的载体形式",
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        initial=DeliveryForm.ELECTRONIC,
    )
    topic = forms.ChoiceField(
        label="所属领域（选填）",
        choices=[("", "请选择"), *Topic.choices],
        required=False,
    )
    supporting_file = forms.FileField(
        label="相关材料（选填）",
        required=False,
        help_text="可上传 PDF、JPG 或 PNG 文件，不超过 5MB。",
    )
    # One-time token: the same form sent twice (double click, re-sent page) files once.
    form_token = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("form_token", secrets.token_urlsafe(24))

    def clean_form_token(self) -> str:
        # A client that sends no token (a script, an old page) simply gets no
        # protection against its own duplicates.
        return self.cleaned_data.get("form_token") or secrets.token_urlsafe(24)

    def clean_supporting_file(self) -> Any:
        upload = self.cleaned_data.get("supporting_file")
        if upload is None:
            return None
        if hidden_data.extension_of(upload.name) not in SUPPORTING_FILE_TYPES:
            raise ValidationError("相关材料只能是 PDF、JPG 或 PNG 文件。")
        if upload.size > SUPPORTING_FILE_MAX_BYTES:
            raise ValidationError("相关材料不能超过 5MB。")
        # The name can lie: the content must be what the name says.
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        kind = attachments.check_file(
            data, SUPPORTING_FILE_KINDS, SUPPORTING_FILE_MAX_BYTES
        )
        if isinstance(kind, str):
            raise ValidationError(f"相关材料只能是 PDF、JPG 或 PNG 文件：{kind}")
        if kind != SUPPORTING_FILE_KIND_OF.get(hidden_data.extension_of(upload.name)):
            raise ValidationError("相关材料的内容与文件扩展名不符，请核对后重新上传。")
        return upload

    def to_input(self) -> services.ApplicationInput:
        data = self.cleaned_data
        return services.ApplicationInput(
            applicant_type=data.get("applicant_type", ""),
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            description=data.get("description", ""),
            delivery_method=data.get("delivery_method", ""),
            form=data.get("form", ""),
            id_type=data.get("id_type", ""),
            id_number=data.get("id_number", ""),
            credit_code=data.get("credit_code", ""),
            legal_representative=data.get("legal_representative", ""),
            contact_name=data.get("contact_name", ""),
            email=data.get("email", ""),
            address=data.get("address", ""),
            document_hint=data.get("document_hint", ""),
            legal_person_kind=data.get("legal_person_kind", ""),
            topic=data.get("topic", ""),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Every rule runs in the same pass, even when a field already failed its own
        # check, so the applicant sees all errors at once; a field keeps its first error.
        try:
            services.validate_application_input(self.to_input())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


class TrackForm(CleanTextFormMixin):
    serial_number = forms.CharField(
        label="申请编号",
        max_length=24,
        error_messages={"required": "请填写申请编号。"},
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=16,
        error_messages={"required": "请填写查询码。"},
    )

    def clean_serial_number(self) -> str:
        value = self.cleaned_data["serial_number"].strip().upper()
        if not ids.is_valid_serial_number(value):
            raise ValidationError("申请编号格式不正确，请核对（如 JY2025000012345）。")
        return value


# --- staff steps ------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


class AnalysisForm(forms.Form):
    start = forms.DateField(label="起始日期", widget=DateInput, required=False)
    end = forms.DateField(label="截止日期", widget=DateInput, required=False)

    def period(self, today: datetime.date) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or today.replace(month=1, day=1)
        end = data.get("end") or today
        return (start, end) if start <= end else (end, start)


class StaffRegistrationForm(ApplicationForm):
    """An application received in person, by post or by fax, entered by staff."""

    channel = forms.ChoiceField(label="申请渠道", choices=[])
    signed_on = forms.DateField(
        label="签收日期（邮寄需签收的）", widget=DateInput, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from requests_app.choices import Channel

        super().__init__(*args, **kwargs)
        # Staff register each paper application once; no token on their form.
        del self.fields["form_token"]
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            (c.value, c.label) for c in Channel if c != Channel.ONLINE
        ]
