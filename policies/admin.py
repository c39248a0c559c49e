"""Admin of the policy library: thin callers of ``policies.services``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from policies import services
from policies.forms import (
    AttachmentForm,
    DocumentAdminForm,
    ImportUploadForm,
    InterpretationAdminForm,
    RelationForm,
    StatusReviewForm,
)
from policies.importing import create_import_job
from policies.models import (
    Attachment,
    Audience,
    Document,
    DocumentIssuer,
    DocumentRelation,
    DocumentReturn,
    ImportJob,
    Interpretation,
    IssuerCode,
    StatusChange,
)
from policies.selectors import documents_attachable_by
from portal.publishing import services as publishing
from portal.publishing.admin import DraftOnlyInlineMixin, PublishableAdmin
from portal.publishing.exceptions import PublishingError
from portal.roles import is_office_admin
from portal.scoping import OrganisationScopedAdminMixin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


class IssuerInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = DocumentIssuer
    extra = 1
    raw_id_fields = ["organisation"]
    verbose_name_plural = "发文机关（第一个为主办机关）"


class AttachmentInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 0
    readonly_fields = ["kind", "size"]


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fk_name = "document"
    fields = ["changed_on", "from_status", "to_status", "reason", "caused_by", "actor"]
    readonly_fields = [
        "changed_on",
        "from_status",
        "to_status",
        "reason",
        "caused_by",
        "actor",
    ]


class ReturnInline(ReadOnlyInline):
    model = DocumentReturn
    fields = ["returned_at", "reason", "returned_by"]
    readonly_fields = ["returned_at", "reason", "returned_by"]


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    form = DocumentAdminForm
    list_display = [
        "title",
        "doc_number",
        "status",
        "review_state",
        "organisation",
        "written_date",
    ]
    list_filter: ClassVar[Any] = ("review_state", "status", "doc_type", "topic")
    search_fields = ["title", "doc_number", "index_number"]
    list_select_related = ["organisation"]
    date_hierarchy = "written_date"
    filter_horizontal = ["audiences"]
    readonly_fields = ["index_number", "status", "repeal_date", "lapse_date"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "doc_number",
                    "index_number",
                    "organisation",
                    "doc_type",
                    "topic",
                    "needs_interpretation",
                    "audiences",
                ]
            },
        ),
        (
            "日期与效力",
            {
                "fields": [
                    "written_date",
                    "published_date",
                    "effective_date",
                    "expiry_date",
                    "status",
                    "repeal_date",
                    "lapse_date",
                    "publish_at",
                ]
            },
        ),
        ("正文", {"fields": ["body"]}),
    ]
    actions = ["submit_selected", "review_status_selected"]
    inlines = [
        IssuerInline,
        AttachmentInline,
        StatusChangeInline,
        ReturnInline,
        *PublishableAdmin.inlines,
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The base admin freezes "every field" outside drafts; with fieldsets that is
        # their union (asking the form instead would recurse into readonly fields).
        return [name for _, options in self.fieldsets for name in options["fields"]]

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not is_office_admin(request.user):
            obj.organisation_id = getattr(request.user, "organisation_id", None)
        try:
            services.save_document(
                obj,
                actor=request.user,  # type: ignore[arg-type]
                today=timezone.localdate(),
                record_edit=False,  # save_related records it when something changed
            )
        except ValidationError as exc:
            # The form validated the 文号; a concurrent registration can still win.
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
            raise
        publishing.proofread(obj)

    @staticmethod
    def _run(action: str, obj: Any, user: Any, text: str) -> None:
        if action == "approve":
            returned = services.approve_document(
                obj, actor=user, now=timezone.now(), opinion=text
            )
            if returned is not None:
                raise PublishingError(
                    f"已退文：{returned.reason}（文件已退回草稿，请补齐后重新提交审核）"
                )
            return
        PublishableAdmin._run(action, obj, user, text)

    @admin.action(description="清理：批量设置效力状态", permissions=["change"])
    def review_status_selected(
        self, request: HttpRequest, queryset: QuerySet[Document]
    ) -> HttpResponse | None:
        form = StatusReviewForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            changed, problems = services.review_statuses(
                list(queryset),
                form.cleaned_data["to_status"],
                actor=request.user,  # type: ignore[arg-type]
                changed_on=form.cleaned_data["changed_on"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
            self.message_user(request, f"已变更 {changed} 件文件的效力状态。")
            for problem in problems[:20]:
                self.message_user(request, problem, messages.WARNING)
            return None
        return TemplateResponse(
            request,
            "admin/policies/review_status.html",
            {
                **self.admin_site.each_context(request),
                "title": "清理：批量设置效力状态",
                "documents": queryset,
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Interpretation)
class InterpretationAdmin(PublishableAdmin):
    form = InterpretationAdminForm
    list_display = ["title", "document", "form", "signer_kind", "review_state"]
    list_filter: ClassVar[Any] = ("review_state", "form", "signer_kind")
    search_fields = ["title", "document__title", "document__doc_number"]
    list_select_related = ["document", "organisation"]
    raw_id_fields = ["document"]
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

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        if not is_office_admin(request.user):
            obj.organisation_id = getattr(request.user, "organisation_id", None)
        services.save_interpretation(
            obj,
            actor=request.user,  # type: ignore[arg-type]
            record_edit=False,  # save_related records it when something changed
        )
        publishing.proofread(obj)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "document":
            # The service refuses the others too; the form just does not offer them.
            kwargs["queryset"] = documents_attachable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(DocumentRelation)
class DocumentRelationAdmin(admin.ModelAdmin):
    """Recording a relation changes the target's status (in the service).

    Scoped like the documents: a unit sees the relations of its own documents (as the
    newer or the affected one); the 区政务公开办 sees all.
    """

    form = RelationForm
    list_display = ["source", "kind", "target", "effective_on"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    raw_id_fields = ["source", "target"]
    search_fields = ["source__title", "target__title", "source__doc_number"]
    fields = ["source", "kind", "target", "effective_on", "note"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DocumentRelation]:
        queryset = super().get_queryset(request)
        if is_office_admin(request.user):
            return queryset
        organisation_id = getattr(request.user, "organisation_id", None)
        if organisation_id is None:
            return queryset.none()
        return queryset.filter(
            Q(source__organisation_id=organisation_id)
            | Q(target__organisation_id=organisation_id)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # A relation is a recorded fact; record a new one instead.

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        # RelationForm has checked the relation; the service records it and the
        # target's status change in one transaction.
        saved = services.record_relation(
            obj.source,
            obj.target,
            obj.kind,
            actor=request.user,  # type: ignore[arg-type]
            effective_on=obj.effective_on,
            now=timezone.now(),
            note=obj.note,
        )
        obj.pk = saved.pk


@admin.register(DocumentReturn)
class DocumentReturnAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    """退文 records, visible to the drafting unit."""

    list_display = ["document", "reason", "organisation", "returned_at", "returned_by"]
    list_select_related = ["document", "organisation", "returned_by"]
    readonly_fields = [
        "document",
        "organisation",
        "reason",
        "returned_by",
        "returned_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order"]


@admin.register(IssuerCode)
class IssuerCodeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "credit_code"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


@admin.register(ImportJob)
class ImportJobAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "state",
        "progress",
        "created_count",
        "updated_count",
        "error_count",
        "created_at",
    ]
    list_select_related = ["organisation", "created_by"]
    readonly_fields = [
        "file",
        "file_format",
        "state",
        "total_rows",
        "processed_rows",
        "created_count",
        "updated_count",
        "unchanged_count",
        "message",
        "created_at",
        "finished_at",
    ]
    change_form_template = "admin/policies/importjob_change_form.html"

    @admin.display(description="进度")
    def progress(self, obj: ImportJob) -> str:
        return f"{obj.percent}%"

    @admin.display(description="错误行")
    def error_count(self, obj: ImportJob) -> int:
        return len(obj.errors)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="policies_importjob_upload",
            ),
            *super().get_urls(),
        ]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:policies_importjob_upload"))

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        organisation = getattr(request.user, "organisation", None)
        if request.method == "POST" and form.is_valid():
            if organisation is None:
                form.add_error(None, "您的账号未关联单位，不能导入。")
            else:
                upload = form.cleaned_data["file"]
                try:
                    job = create_import_job(
                        data=upload.read(),
                        filename=upload.name,
                        organisation=organisation,
                        actor=request.user,  # type: ignore[arg-type]
                    )
                except ValidationError as exc:
                    form.add_error("file", exc.messages)
                else:
                    self.message_user(request, "已开始导入，可在本页查看进度。")
                    return HttpResponseRedirect(
                        reverse("admin:policies_importjob_change", args=[job.pk])
                    )
        return TemplateResponse(
            request,
            "admin/policies/import_upload.html",
            {
                **self.admin_site.each_context(request),
                "title": "批量导入政策文件",
                "form": form,
                "opts": self.model._meta,
            },
        )
