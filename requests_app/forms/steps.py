"""The staff workflow steps: one form per step, each handing its service the keywords.

Which steps a page offers comes from the one transition table in
:mod:`requests_app.workflow`: a step that is a transition is offered only in the states
its ``EventKind`` may start from; the few steps that are not transitions name the
workflow state set they belong to.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms

from portal.models import Organisation, User
from requests_app import services
from requests_app.access import handler_candidates
from requests_app.choices import (
    ConsultationParty,
    DeliveryMethod,
    Proceeding,
    ProceedingResult,
    ReplyReason,
    ReplyType,
)
from requests_app.fees import FeeMethod
from requests_app.forms import DateInput, SafeModelChoiceField
from requests_app.models import Application, ReplyTemplate
from requests_app.workflow import CONCLUDED, OPEN, TRANSITIONS, EventKind, Status


class StepForm(forms.Form):
    """One staff step on one application: its label, its service and when it applies."""

    label: ClassVar[str]
    kind: ClassVar[EventKind | None] = None
    # Steps that are not transitions apply in these states.
    allowed_in: ClassVar[frozenset[Status]] = frozenset()
    service: ClassVar[Callable[..., Any]]

    def __init__(
        self, *args: Any, application: Application, user: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.user = user

    @classmethod
    def allowed_from(cls, status: str) -> bool:
        if cls.kind is not None:
            return status in TRANSITIONS[cls.kind].sources
        return status in cls.allowed_in

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        """Return the keyword arguments of ``service`` (after ``is_valid()``)."""
        return {"actor": actor, "now": now, **self.cleaned_data}

    def perform(self, *, actor: User, now: datetime.datetime) -> Any:
        return type(self).service(
            self.application, **self.service_kwargs(actor=actor, now=now)
        )


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


class ConfirmForm(StepForm):
    label = "确认收到申请"
    kind = EventKind.CONFIRMED
    service = staticmethod(services.confirm_receipt)


class ReviewForm(StepForm):
    label = "开始审查"
    kind = EventKind.REVIEW_STARTED
    service = staticmethod(services.start_review)


class CorrectionNoticeForm(StepForm):
    label = "告知补正"
    kind = EventKind.CORRECTION_REQUESTED
    service = staticmethod(services.issue_correction_notice)

    items = forms.CharField(
        label="需要补正的事项（每行一项，一次性列明）",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    applicant_due = forms.DateField(label="补正期限", widget=DateInput)

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        kwargs = super().service_kwargs(actor=actor, now=now)
        kwargs["items"] = _lines(kwargs["items"])
        return kwargs


class CorrectionReceivedForm(StepForm):
    label = "收到补正申请"
    kind = EventKind.CORRECTION_RECEIVED
    service = staticmethod(services.receive_correction)

    received_on = forms.DateField(label="收到补正申请日期", widget=DateInput)
    description = forms.CharField(
        label="补正后的内容描述（选填）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class AcceptForm(StepForm):
    label = "受理办理"
    kind = EventKind.ACCEPTED
    service = staticmethod(services.accept_application)


class AssignHandlerForm(StepForm):
    label = "指定办理人"
    kind = EventKind.HANDLER_ASSIGNED
    service = staticmethod(services.assign_handler)

    handler = SafeModelChoiceField(label="办理人", queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only holders of the 依申请公开办理人 role of the unit are offered.
        self.fields["handler"].queryset = handler_candidates(  # type: ignore[attr-defined]
            self.application.organisation_id
        )


class TransferForm(StepForm):
    label = "转办"
    kind = EventKind.TRANSFERRED
    service = staticmethod(services.transfer_application)

    to_organisation = SafeModelChoiceField(
        label="转办单位", queryset=Organisation.objects.filter(is_active=True)
    )
    reason = forms.CharField(label="转办理由", max_length=500)


class ConsultationStartForm(StepForm):
    label = "征求意见"
    kind = EventKind.CONSULTATION_STARTED
    service = staticmethod(services.start_consultation)

    party = forms.ChoiceField(label="征求意见对象", choices=ConsultationParty.choices)
    party_name = forms.CharField(label="对象名称", max_length=100)
    sent_on = forms.DateField(label="发出征求意见书日期", widget=DateInput)


class ConsultationEndForm(StepForm):
    label = "收到意见"
    kind = EventKind.CONSULTATION_ENDED
    service = staticmethod(services.end_consultation)

    answered_on = forms.DateField(label="收到意见或期满日期", widget=DateInput)
    outcome = forms.CharField(label="意见情况", max_length=500)


class ExtensionForm(StepForm):
    label = "延长答复期限"
    kind = EventKind.EXTENDED
    service = staticmethod(services.extend_deadline)

    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20)
    approver = forms.CharField(
        label="批准人（政府信息公开工作机构负责人）", max_length=50
    )
    reason = forms.CharField(label="延期理由", max_length=500)
    notice_sent_on = forms.DateField(label="告知申请人日期", widget=DateInput)


class FeeNoticeForm(StepForm):
    label = "发出收费通知"
    kind = EventKind.FEE_NOTICE_ISSUED
    service = staticmethod(services.issue_fee_notice)

    method = forms.ChoiceField(
        label="计收方式",
        choices=[
            (FeeMethod.BY_COUNT.value, "按件计收"),
            (FeeMethod.BY_VOLUME.value, "按量计收"),
        ],
    )
    quantity = forms.IntegerField(label="件数或页数", min_value=1, max_value=100000)

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        kwargs = super().service_kwargs(actor=actor, now=now)
        kwargs["method"] = FeeMethod(kwargs["method"])
        return kwargs


class PaymentForm(StepForm):
    label = "登记缴费"
    kind = EventKind.FEE_PAID
    service = staticmethod(services.record_payment)

    paid_on = forms.DateField(label="缴费日期", widget=DateInput)


class AttachmentForm(StepForm):
    label = "上传答复附件"
    # Files go out with the reply, so they are added while it is still to come.
    allowed_in = OPEN
    service = staticmethod(services.add_reply_attachment)

    file = forms.FileField(label="答复附件")

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        return {"filename": upload.name, "data": upload.read()}


class ReplyForm(StepForm):
    label = "答复"
    kind = EventKind.REPLIED
    service = staticmethod(services.send_reply)

    template = SafeModelChoiceField(
        label="统一答复口径（选填）",
        queryset=ReplyTemplate.objects.none(),
        required=False,
    )
    reply_type = forms.ChoiceField(label="答复类型", choices=ReplyType.choices)
    reason = forms.ChoiceField(
        label="具体情形", choices=[("", "（无）"), *ReplyReason.choices], required=False
    )
    legal_basis = forms.CharField(label="法律依据", max_length=200, required=False)
    body = forms.CharField(
        label="答复正文（选用答复口径时可留空，将采用口径原文）",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    delivered_on = forms.DateField(
        label="送达日期（选填）", widget=DateInput, required=False
    )
    delivery_method = forms.ChoiceField(
        label="送达方式", choices=DeliveryMethod.choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from requests_app.selectors import reply_templates_for

        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = reply_templates_for(self.user)  # type: ignore[attr-defined]
        if not self.is_bound:
            # The applicant's chosen 获取方式 is the default 送达方式.
            self.fields["delivery_method"].initial = self.application.delivery_method

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        kwargs = super().service_kwargs(actor=actor, now=now)
        # A handler starts from the office's 统一答复口径: an empty field takes its
        # wording.
        template = kwargs["template"]
        if template is not None:
            kwargs["body"] = kwargs["body"] or template.body
            kwargs["legal_basis"] = kwargs["legal_basis"] or template.legal_basis
        return kwargs


class WithdrawalForm(StepForm):
    label = "申请人撤回申请"
    kind = EventKind.WITHDRAWN
    service = staticmethod(services.record_withdrawal)

    reason = forms.CharField(
        label="撤回方式和时间（如：申请人于某日书面撤回）", max_length=300
    )


class ArchiveForm(StepForm):
    label = "归档"
    kind = EventKind.ARCHIVED
    service = staticmethod(services.archive_application)


class CaseAttachmentForm(AttachmentForm):
    label = "上传案例附件"
    allowed_in = CONCLUDED
    service = staticmethod(services.add_case_attachment)

    file = forms.FileField(label="案例附件")


class ReviewOutcomeForm(StepForm):
    label = "登记行政复议或诉讼"
    allowed_in = CONCLUDED
    service = staticmethod(services.record_review_outcome)

    proceeding = forms.ChoiceField(label="救济途径", choices=Proceeding.choices)
    filed_on = forms.DateField(label="提起日期", widget=DateInput)
    result = forms.ChoiceField(label="结果", choices=ProceedingResult.choices)
    decided_on = forms.DateField(label="审结日期", widget=DateInput, required=False)
    note = forms.CharField(label="备注", max_length=500, required=False)

    def service_kwargs(self, *, actor: User, now: datetime.datetime) -> dict[str, Any]:
        return {"actor": actor, **self.cleaned_data}


class CaseForm(StepForm):
    label = "编入案例库"
    allowed_in = CONCLUDED
    service = staticmethod(services.publish_case)

    title = forms.CharField(label="案例标题", max_length=200)
    request_summary = forms.CharField(
        label="申请内容概要（请勿填写申请人信息）",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    handling = forms.CharField(
        label="办理过程与答复要点", widget=forms.Textarea(attrs={"rows": 4})
    )
    commentary = forms.CharField(
        label="案例评析", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_public = forms.BooleanField(label="向社会公开", required=False)


# URL slug -> step, in the order the page lists them (slugs are part of the URLs).
STEPS: dict[str, type[StepForm]] = {
    "confirm": ConfirmForm,
    "review": ReviewForm,
    "correction": CorrectionNoticeForm,
    "correction_received": CorrectionReceivedForm,
    "accept": AcceptForm,
    "assign": AssignHandlerForm,
    "transfer": TransferForm,
    "consult": ConsultationStartForm,
    "consult_end": ConsultationEndForm,
    "extend": ExtensionForm,
    "fee": FeeNoticeForm,
    "paid": PaymentForm,
    "attach": AttachmentForm,
    "reply": ReplyForm,
    "withdraw": WithdrawalForm,
    "archive": ArchiveForm,
    "case_attach": CaseAttachmentForm,
    "outcome": ReviewOutcomeForm,
    "case": CaseForm,
}


def steps_for(application: Application, user: Any) -> list[str]:
    """Return the slugs of the steps ``user`` may take on ``application`` now."""
    from requests_app.access import PROCESS, VIEW

    if not user.has_perms((VIEW, PROCESS)):
        return []
    return [
        name for name, step in STEPS.items() if step.allowed_from(application.status)
    ]
