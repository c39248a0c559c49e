"""Admin of annual reports: thin callers of ``disclosure.reports.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from disclosure.reports import layout, services, website
from disclosure.reports.models import (
    AnnualReport,
    GenerationRun,
    ReportVersion,
    WebsiteReport,
)
from portal.roles import is_office_admin
from portal.scoping import OrganisationScopedAdminMixin


def report_preview_context(version: ReportVersion) -> dict[str, Any]:
    """Return the official-layout tables of a version with the off cells marked."""
    data = version.data
    off = layout.off_cells(version.imbalances)
    return {
        "title": f"{version} 预览",
        "version": version,
        "data": data,
        "headings": layout.SECTION_HEADINGS,
        "section2_tables": [
            layout.mark(table, "二", off["二"]) if index == 0 else table
            for index, table in enumerate(layout.section2_tables(data["section2"]))
        ],
        "section3_table": layout.mark(
            layout.section3_table(data["section3"]), "三", off["三"]
        ),
        "section4_table": layout.mark(
            layout.section4_table(data["section4"]), "四", off["四"]
        ),
        "fee_sentence": layout.fee_sentence(data["fees_collected"]),
    }


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ("number", "generated_at", "balance_state", "published_at")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="平衡校验")
    def balance_state(self, obj: ReportVersion) -> str:
        return "通过" if obj.balanced else f"{len(obj.imbalances)} 处不平衡"


@admin.register(AnnualReport)
class AnnualReportAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "organisation", "year", "updated_at")
    list_filter = ("year", "organisation__kind")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation",)
    inlines = [ReportVersionInline]
    actions = ["generate_versions"]
    fieldsets = (
        (None, {"fields": ("organisation", "year")}),
        ("一、总体情况", {"fields": ("overview", "work_points")}),
        (
            "二、主动公开政府信息情况（手工填报部分）",
            {"fields": ("licensing", "punishment", "coercion", "fees_wan")},
        ),
        ("五、六", {"fields": ("problems", "other_matters")}),
    )

    @admin.action(permissions=["change"], description="生成新版本（按当前数据）")
    def generate_versions(
        self, request: HttpRequest, queryset: QuerySet[AnnualReport]
    ) -> None:
        now = timezone.now()
        for report in queryset.select_related("organisation"):
            run = services.start_generation(
                report.year,
                organisation=report.organisation,
                actor=request.user,  # type: ignore[arg-type]
                now=now,
            )
        self.message_user(request, "已开始生成，可在“年度报告生成任务”中查看进度。")
        if queryset.count() == 1:
            self.message_user(
                request,
                format_html(
                    '<a href="{}">查看生成进度</a>',
                    reverse("admin:disclosure_generationrun_change", args=[run.pk]),
                ),
            )


class GenerateAllForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2019, max_value=2100)


@admin.register(GenerationRun)
class GenerationRunAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    change_form_template = "disclosure/reports/admin/run_change_form.html"
    list_display = ("__str__", "organisation", "progress", "created_at")
    list_select_related = ("organisation",)
    readonly_fields = (
        "year",
        "organisation",
        "state",
        "progress",
        "total",
        "done",
        "error",
        "started_by",
        "created_at",
        "finished_at",
    )
    fields = readonly_fields

    @admin.display(description="进度")
    def progress(self, obj: GenerationRun) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="生成进度">{}%</progress> {}%'
            " （{}/{}）",
            obj.percent,
            obj.percent,
            obj.percent,
            obj.done,
            obj.total,
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "generate-all/",
                self.admin_site.admin_view(self.generate_all_view),
                name="disclosure_generationrun_generate_all",
            ),
            path(
                "<path:object_id>/progress.json",
                self.admin_site.admin_view(self.progress_view),
                name="disclosure_generationrun_progress",
            ),
            *super().get_urls(),
        ]

    def progress_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        run = self.get_object(request, object_id)
        if run is None or not self.has_view_permission(request, run):
            raise Http404
        return JsonResponse(
            {
                "state": run.state,
                "done": run.done,
                "total": run.total,
                "percent": run.percent,
            }
        )

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return HttpResponseRedirect(
            reverse("admin:disclosure_generationrun_generate_all")
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        run = self.get_object(request, object_id)
        context = dict(extra_context or {})
        # While the run is queued or running, the page polls its progress (JSON).
        context["refresh"] = run is not None and run.state in (
            GenerationRun.State.QUEUED,
            GenerationRun.State.RUNNING,
        )
        context["progress_url"] = reverse(
            "admin:disclosure_generationrun_progress", args=[object_id]
        )
        return super().change_view(request, object_id, form_url, context)

    def generate_all_view(self, request: HttpRequest) -> HttpResponse:
        # All units of the district in one run: the 区政务公开办 only.
        if not (self.has_add_permission(request) and is_office_admin(request.user)):
            raise PermissionDenied
        form = GenerateAllForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            run = services.start_generation(
                form.cleaned_data["year"],
                organisation=None,
                actor=request.user,  # type: ignore[arg-type]
                now=timezone.now(),
            )
            return HttpResponseRedirect(
                reverse("admin:disclosure_generationrun_change", args=[run.pk])
            )
        return TemplateResponse(
            request,
            "disclosure/reports/admin/generate_all.html",
            {
                **self.admin_site.each_context(request),
                "title": "生成全区各单位年度报告",
                "form": form,
                "opts": self.model._meta,
            },
        )


@admin.register(ReportVersion)
class ReportVersionAdmin(OrganisationScopedAdminMixin, admin.ModelAdmin):
    organisation_lookup = "report__organisation"
    list_display = ("__str__", "balance_state", "generated_at", "published_at")
    list_filter = ("report__year",)
    list_select_related = ("report__organisation",)
    readonly_fields = (
        "report",
        "number",
        "preview_link",
        "balance_report",
        "cross_year_notes",
        "generated_at",
        "generated_by",
        "published_at",
        "published_by",
    )
    fields = readonly_fields
    actions = ["publish"]

    @admin.display(description="平衡校验")
    def balance_state(self, obj: ReportVersion) -> str:
        return "通过" if obj.balanced else f"{len(obj.imbalances)} 处不平衡"

    @admin.display(description="平衡校验结果")
    def balance_report(self, obj: ReportVersion) -> str:
        if obj.balanced:
            return "各表数据平衡，可以发布。"
        return format_html(
            '<ul class="errorlist">{}</ul>',
            format_html_join(
                "", "<li>{}</li>", ((i["message"],) for i in obj.imbalances)
            ),
        )

    @admin.display(description="跨年度核对")
    def cross_year_notes(self, obj: ReportVersion) -> str:
        if not obj.notes:
            return "无"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((n,) for n in obj.notes)),
        )

    @admin.display(description="预览")
    def preview_link(self, obj: ReportVersion) -> str:
        return format_html(
            '<a href="{}">按正式版式预览（标出不平衡的单元格）</a>',
            reverse("admin:disclosure_reportversion_preview", args=[obj.pk]),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="disclosure_reportversion_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        version = self.get_object(request, object_id)
        if version is None or not self.has_view_permission(request, version):
            raise Http404
        return TemplateResponse(
            request,
            "disclosure/reports/admin/preview.html",
            {
                **self.admin_site.each_context(request),
                **report_preview_context(version),
                "opts": self.model._meta,
            },
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("disclosure.publish_annualreport")

    @admin.action(permissions=["publish"], description="发布所选版本")
    def publish(self, request: HttpRequest, queryset: QuerySet[ReportVersion]) -> None:
        now = timezone.now()
        for version in queryset:
            try:
                services.publish_version(
                    version,
                    actor=request.user,  # type: ignore[arg-type]
                    now=now,
                )
            except services.PublishedVersionError as exc:
                self.message_user(request, f"{version}：{exc}", messages.WARNING)
            except ValidationError as exc:
                self.message_user(
                    request, f"{version}：{' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{version} 已发布。")


class WebsiteReportForm(forms.ModelForm):
    """One form field per manual field of the 工作年度报表 (``website.GROUPS``)."""

    class Meta:
        model = WebsiteReport
        fields = ["year"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values = self.instance.values or {}
        for field in website.MANUAL_FIELDS:
            form_field: forms.Field
            if field.kind == "int":
                form_field = forms.IntegerField(min_value=0, required=False)
            elif field.kind == "decimal":
                form_field = forms.DecimalField(
                    min_value=0, max_digits=8, decimal_places=2, required=False
                )
            elif field.kind == "bool":
                form_field = forms.BooleanField(required=False)
            else:
                form_field = forms.CharField(max_length=200, required=False)
            form_field.label = field.label
            form_field.initial = values.get(field.key)
            self.fields[field.key] = form_field

    def manual_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in website.MANUAL_FIELDS:
            value = self.cleaned_data.get(field.key)
            values[field.key] = (
                str(value) if field.kind == "decimal" and value else value
            )
        return values


@admin.register(WebsiteReport)
class WebsiteReportAdmin(admin.ModelAdmin):
    form = WebsiteReportForm
    list_display = ("__str__", "published_at")
    actions = ["publish"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return [
            (None, {"fields": ["year"]}),
            *(
                (
                    group.title,
                    {
                        "fields": [f.key for f in group.fields if f.source == "manual"],
                        "description": "其余各项由系统按网站数据统计。"
                        if any(f.source == "auto" for f in group.fields)
                        else "",
                    },
                )
                for group in website.GROUPS
                if any(f.source == "manual" for f in group.fields)
            ),
        ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        # The entry fields are added by the form itself, not read from the model.
        kwargs["fields"] = ["year"]
        return super().get_form(request, obj, change, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_office_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        published = obj is not None and obj.published_at is not None
        return is_office_admin(request.user) and not published

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: WebsiteReport, form: Any, change: bool
    ) -> None:
        obj.values = form.manual_values()
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return is_office_admin(request.user)

    @admin.action(permissions=["publish"], description="发布所选报表")
    def publish(self, request: HttpRequest, queryset: QuerySet[WebsiteReport]) -> None:
        for report in queryset:
            try:
                services.publish_website_report(report, now=timezone.now())
            except services.PublishedVersionError as exc:
                self.message_user(request, f"{report}：{exc}", messages.WARNING)
            else:
                self.message_user(request, f"{report} 已发布。")
