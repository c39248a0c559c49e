"""Admin for the publishing mechanism: the base admin of every publishable model (with
workflow buttons that call the services), the rule table, and the review queue."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from portal.publishing import services
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import (
    ProofFinding,
    ProofRule,
    Publishable,
    ReviewEvent,
    ReviewState,
)
from portal.publishing.proofreading import RuleError, validate_rule
from portal.publishing.selectors import (
    clear_proofreader_cache,
    current_findings,
    last_return,
    open_blockers,
    published_versions,
    review_history,
)
from portal.publishing.workflow import Action
from portal.roles import is_office_admin
from portal.scoping import OrganisationScopedAdminMixin


class ReadOnlyRecordInline(GenericTabularInline):
    """A read-only list of a record's rows, visible to whoever may open the record."""

    ct_fk_field = "object_id"
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Read-only history of a record the user may already open (scoped by its admin).
        return True


class ReviewEventInline(ReadOnlyRecordInline):
    model = ReviewEvent
    fields = (
        "at", "version", "round", "action", "from_state", "to_state", "actor", "opinion",
    )  # fmt: skip
    readonly_fields = fields
    verbose_name_plural = "审核记录"


class ProofFindingInline(ReadOnlyRecordInline):
    model = ProofFinding
    fields = (
        "version", "field", "start", "end", "matched", "context", "suggestion",
        "message", "severity", "overridden_by", "override_reason",
    )  # fmt: skip
    readonly_fields = fields
    verbose_name_plural = "校对意见"


class WorkflowForm(forms.Form):
    text = forms.CharField(
        label="意见 / 理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class DraftOnlyInlineMixin:
    """Inline of rows that reach the public page (attachments, issuers …): writable
    only while the record is a draft, read-only once it is reviewed or public.

    The models refuse the write too (``ReviewedPart``); this keeps the admin from
    offering it.
    """

    def _record_is_draft(self, obj: Any) -> bool:
        return obj is None or obj.review_state == ReviewState.DRAFT

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._record_is_draft(obj) and super().has_add_permission(  # type: ignore[misc]
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._record_is_draft(obj) and super().has_change_permission(  # type: ignore[misc]
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._record_is_draft(obj) and super().has_delete_permission(  # type: ignore[misc]
            request, obj
        )


# admin URL name -> (step, whether text is required, text label). The states each
# step is offered in come from the one table, ``workflow.TRANSITIONS``.
WORKFLOW_ACTIONS: dict[str, tuple[Action, bool, str]] = {
    "submit": (Action.SUBMIT, False, "说明（可选）"),
    "approve": (Action.APPROVE, False, "审核意见（可选）"),
    "send_back": (Action.RETURN, True, "退回理由（必填）"),
    "withdraw": (Action.WITHDRAW, True, "撤稿说明（必填，将公开显示）"),
    "revise": (Action.REVISE, False, "说明（可选）"),
}
ACTION_NAMES = {step: name for name, (step, _, _) in WORKFLOW_ACTIONS.items()}


class PublishableAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """Base admin of a publishable model: scoped, editable only as a draft, with the
    review history, proofreading findings and workflow buttons on each record."""

    change_form_template = "admin/publishing/change_form.html"
    inlines = [ProofFindingInline, ReviewEventInline]
    review_readonly: ClassVar[list[str]] = [
        "review_state",
        "version",
        "published_at",
        "first_published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "author",
    ]
    list_filter: ClassVar[Any] = ("review_state",)

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # Django's own filtering applies (an inline the user may not add to offers no
        # empty forms); history and findings exist only once the record does.
        instances = super().get_inline_instances(request, obj)
        if obj is None:
            instances = [i for i in instances if isinstance(i, DraftOnlyInlineMixin)]
        return instances

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Outside 草稿 the change page is read-only (fields and inlines): a change goes
        # through 撤稿/修订 and a new review round.
        if obj is not None and obj.review_state != ReviewState.DRAFT:
            return False
        return bool(super().has_change_permission(request, obj))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly: list[Any] = [
            *super().get_readonly_fields(request, obj),
            *self.review_readonly,
        ]
        if obj is not None and obj.review_state != ReviewState.DRAFT:
            # Content is frozen while it is reviewed or public: revise it to change it.
            form_fields = [
                f for f in self.get_fields(request, obj) if f not in readonly
            ]
            readonly += form_fields
        return readonly

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        # Proofread every saved draft so the editor sees findings before submitting.
        services.proofread(obj)

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(f.has_changed() for f in formsets):
            # Whoever changed a version may not review it.
            services.record_edit(form.instance, actor=request.user, now=timezone.now())

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_workflow"
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name=name,
            ),
            path(
                "<path:object_id>/findings/<int:finding_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name=f"{opts.app_label}_{opts.model_name}_confirm_finding",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if obj is not None:
            opts = self.model._meta
            extra["workflow_buttons"] = [
                {
                    "label": step.label,
                    "url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_workflow",
                        args=[obj.pk, ACTION_NAMES[step]],
                    ),
                }
                for step in services.available_actions(obj, request.user)
            ]
            extra["published_versions"] = published_versions(obj)
            extra["last_return"] = last_return(obj)
            extra["open_blockers"] = open_blockers(obj)
        return super().change_view(request, object_id, form_url, extra)

    def _change_url(self, obj: Publishable) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )

    def workflow_view(
        self, request: HttpRequest, object_id: str, action: str
    ) -> HttpResponse:
        if action not in WORKFLOW_ACTIONS:
            raise PermissionDenied
        obj = self._workflow_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.model._meta, object_id
            )
        step, text_required, text_label = WORKFLOW_ACTIONS[action]
        label = step.label
        form = WorkflowForm(request.POST or None)
        form.fields["text"].label = text_label
        form.fields["text"].required = text_required
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            try:
                self._run(action, obj, request.user, text)
            except PublishingError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(request, f"已{label}：{obj}", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            # Said before anything is typed: who may take this step, and what is next.
            "refusal": (
                services.refusal(step, obj, request.user)
                if request.method != "POST"
                else None
            ),
            "title": f"{label}：{obj}",
            "action_label": label,
            "form": form,
            "findings": (findings := current_findings(obj)),
            "open_blockers": [
                f
                for f in findings
                if f.severity >= ProofRule.Severity.BLOCKER and f.overridden_at is None
            ],
            "history": review_history(obj),
            "change_url": self._change_url(obj),
            "confirm_base": self._change_url(obj).removesuffix("change/"),
        }
        return TemplateResponse(request, "admin/publishing/workflow.html", context)

    def _workflow_object(self, request: HttpRequest, object_id: str) -> Any:
        """The record, scoped like the change page and refused like it (403) to a
        user without the model's view or change permission."""
        obj = self.get_object(request, object_id)
        if obj is not None and not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def confirm_view(
        self, request: HttpRequest, object_id: str, finding_id: int
    ) -> HttpResponse:
        obj = self._workflow_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined]
                request, self.model._meta, object_id
            )
        finding = get_object_or_404(
            ProofFinding, pk=finding_id, object_id=str(obj.pk), version=obj.version
        )
        form = WorkflowForm(request.POST or None)
        form.fields["text"].required = True
        form.fields["text"].label = "确认理由（必填）"
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_finding(
                    finding,
                    actor=request.user,
                    reason=form.cleaned_data["text"],
                    now=timezone.now(),
                )
            except PublishingError as exc:
                form.add_error(None, exc.message)
            else:
                self.message_user(
                    request, f"已确认校对意见“{finding.matched}”。", messages.SUCCESS
                )
                return HttpResponseRedirect(self._change_url(obj))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"确认校对意见：{finding.matched}",
            "action_label": "确认校对意见",
            "form": form,
            "findings": [finding],
            "history": [],
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/publishing/workflow.html", context)

    @staticmethod
    def _run(action: str, obj: Any, user: Any, text: str) -> None:
        now = timezone.now()
        if action == "submit":
            services.submit(obj, actor=user, now=now)
        elif action == "approve":
            services.approve(obj, actor=user, opinion=text, now=now)
        elif action == "send_back":
            services.send_back(obj, actor=user, reason=text, now=now)
        elif action == "withdraw":
            services.withdraw(obj, actor=user, reason=text, now=now)
        elif action == "revise":
            services.start_revision(obj, actor=user, now=now)

    @admin.action(description="提交审核（所选草稿）")
    def submit_selected(self, request: HttpRequest, queryset: Any) -> None:
        done, refused = 0, []
        for obj in queryset:
            try:
                services.submit(obj, actor=request.user, now=timezone.now())
                done += 1
            except PublishingError as exc:
                refused.append(f"{obj}：{exc.message}")
        if done:
            self.message_user(request, f"已提交 {done} 条。", messages.SUCCESS)
        for message in refused[:10]:
            self.message_user(request, message, messages.ERROR)

    actions = ["submit_selected"]


class ProofRuleForm(forms.ModelForm):
    class Meta:
        model = ProofRule
        fields = [
            "category", "pattern", "is_regex", "suggestion", "severity", "note", "source",
            "is_active",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pattern = cleaned.get("pattern") or ""
        try:
            validate_rule(pattern, bool(cleaned.get("is_regex")))
        except RuleError as exc:
            raise ValidationError({"pattern": str(exc)}) from exc
        return cleaned


@admin.register(ProofRule)
class ProofRuleAdmin(admin.ModelAdmin):
    form = ProofRuleForm
    list_display = [
        "pattern",
        "suggestion",
        "category",
        "severity",
        "is_regex",
        "is_active",
        "source",
    ]
    list_filter = ["category", "severity", "is_regex", "is_active"]
    search_fields = ["pattern", "suggestion", "note"]
    list_editable = ["is_active"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        clear_proofreader_cache()
