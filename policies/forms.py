"""Forms of the policy library (admin forms; the public list uses the FilterSet)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from policies.docnumber import DocNumberError, parse_doc_number
from policies.models import Attachment, Document, DocumentRelation, Interpretation
from policies.validity import (
    RELATION_EFFECT,
    InvalidTransition,
    RelationKind,
    Validity,
    check_transition,
)
from portal.attachments import (
    DOCUMENT_KINDS,
    MAX_ATTACHMENT_BYTES,
    MAX_MEDIA_BYTES,
    MEDIA_KINDS,
    FileKind,
    check_file,
)


def _checked_upload(
    upload: Any, allowed: frozenset[FileKind], max_bytes: int
) -> FileKind | None:
    """Check an uploaded file by its content; None when no new file was uploaded."""
    if (
        not upload
        or not hasattr(upload, "read")
        or getattr(upload, "_committed", False)
    ):
        return None
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    result = check_file(data, allowed, max_bytes)
    if isinstance(result, str):
        raise ValidationError(result)
    return result


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "title",
            "doc_number",
            "organisation",
            "doc_type",
            "topic",
            "needs_interpretation",
            "audiences",
            "written_date",
            "published_date",
            "effective_date",
            "expiry_date",
            "publish_at",
            "body",
        ]

    def clean_doc_number(self) -> str:
        value = self.cleaned_data.get("doc_number") or ""
        if not value.strip():
            return ""
        parsed = parse_doc_number(value)
        if isinstance(parsed, DocNumberError):
            raise ValidationError(parsed.message)
        taken = Document.objects.filter(doc_number=parsed.canonical)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                f"发文字号“{parsed.canonical}”已登记，同一文号不能重复登记。"
            )
        return parsed.canonical

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        effective, expiry = cleaned.get("effective_date"), cleaned.get("expiry_date")
        if effective and expiry and expiry < effective:
            self.add_error("expiry_date", "有效期至不能早于施行日期。")
        return cleaned


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "sort_order"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        kind = _checked_upload(upload, DOCUMENT_KINDS, MAX_ATTACHMENT_BYTES)
        if kind is not None:
            self.instance.kind = kind.code
            self.instance.size = getattr(upload, "size", 0)
        return upload


class InterpretationAdminForm(forms.ModelForm):
    media_url = forms.URLField(
        label="音视频链接", required=False, assume_scheme="https"
    )

    class Meta:
        model = Interpretation
        fields = [
            "document",
            "title",
            "organisation",
            "form",
            "signer_kind",
            "signer_name",
            "body",
            "media_file",
            "media_url",
            "publish_at",
        ]

    def clean_media_file(self) -> Any:
        upload = self.cleaned_data.get("media_file")
        _checked_upload(upload, MEDIA_KINDS, MAX_MEDIA_BYTES)
        return upload


class RelationForm(forms.ModelForm):
    """Checks a relation before the service records it (and changes the target)."""

    class Meta:
        model = DocumentRelation
        fields = ["source", "kind", "target", "effective_on", "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source, target, kind = (
            cleaned.get("source"),
            cleaned.get("target"),
            cleaned.get("kind"),
        )
        if not (source and target and kind):
            return cleaned
        if source.pk == target.pk:
            raise ValidationError("文件不能与自身建立关系。")
        if DocumentRelation.objects.filter(
            source=source, target=target, kind=kind
        ).exists():
            raise ValidationError("这一关系已经登记。")
        effect = RELATION_EFFECT.get(RelationKind(kind))
        if effect is not None:
            try:
                check_transition(target.status, effect)
            except InvalidTransition as exc:
                raise ValidationError(f"被作用文件{exc}") from exc
        return cleaned


class StatusReviewForm(forms.Form):
    """清理: set the validity status of the selected documents."""

    to_status = forms.ChoiceField(label="新的效力状态", choices=Validity.choices)
    changed_on = forms.DateField(
        label="变更日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="原因", max_length=300)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="CSV 或 XLSX 文件")
