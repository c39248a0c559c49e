from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils import timezone

from disclosure import rules, services
from disclosure.models import (
    CatalogueNode,
    ColumnEntry,
    ColumnPage,
    InformationItem,
    ItemAttachment,
    KeyArea,
    OfflineZone,
    Project,
    ProjectStage,
    TopicColumn,
)
from policies.models import Topic
from policies.services import next_index_number
from portal.publishing.admin import DraftOnlyInlineMixin, PublishableAdmin
from portal.publishing.selectors import publishable_models


class ItemAttachmentForm(forms.ModelForm):
    class Meta:
        model = ItemAttachment
        fields = ["title", "file", "sort_order"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if (
            upload is not None
            and hasattr(upload, "read")
            and not getattr(upload, "_committed", False)
        ):
            data = upload.read()
            upload.seek(0)
            # Checked by content (magic bytes), never by the file name.
            problem = services.attachment_problem(data)
            if problem:
                raise forms.ValidationError(problem)
            services.describe_attachment(self.instance, data)
        return upload


class ItemAttachmentInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = ItemAttachment
    form = ItemAttachmentForm
    extra = 0
    readonly_fields = ["kind", "size"]


@admin.register(InformationItem)
class InformationItemAdmin(PublishableAdmin):
    list_display = [
        "title",
        "index_number",
        "catalogue_node",
        "organisation",
        "review_state",
        "published_at",
    ]
    list_filter: ClassVar[Any] = ("review_state", "category", "organisation")
    search_fields = ["title", "index_number", "doc_number"]
    list_select_related = ["organisation", "author", "catalogue_node"]
    autocomplete_fields = ["catalogue_node"]
    filter_horizontal = ["key_areas"]
    date_hierarchy = "published_at"
    fields = [
        "title",
        "category",
        "catalogue_node",
        "key_areas",
        "organisation",
        "issuing_body",
        "topic",
        "doc_number",
        "generated_date",
        "summary",
        "body",
        "publish_at",
    ]
    # Attachments are added once the draft exists (with its review history).
    inlines: ClassVar[Any] = [ItemAttachmentInline, *PublishableAdmin.inlines]

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        obj.topic = obj.topic or Topic.GENERAL
        if not obj.index_number:
            # The unit's 索引号 sequence, shared with the policy library.
            year = (obj.generated_date or timezone.localdate()).year
            obj.index_number = next_index_number(obj.organisation, year)
        super().save_model(request, obj, form, change)


class CatalogueNodeForm(forms.ModelForm):
    # Plain integer fields so an absurd value gets the rule's own message.
    time_limit_workdays = forms.IntegerField(
        label="公开时限（工作日）",
        initial=rules.STATUTORY_TIME_LIMIT_WORKDAYS,
        help_text="信息形成或变更之日起多少个工作日内公开，条例规定为 20 个工作日。",
    )
    update_cycle_days = forms.IntegerField(
        label="更新周期（天）",
        required=False,
        help_text="应至少每隔多少天有新信息（如年度 366、季度 92）；留空表示随形成随公开。",
    )

    class Meta:
        model = CatalogueNode
        fields = [
            "parent",
            "name",
            "level",
            "legal_basis",
            "time_limit_workdays",
            "update_cycle_days",
            "responsible",
            "key_area",
            "is_statutory",
            "sort_order",
            "is_active",
        ]

    def clean_time_limit_workdays(self) -> Any:
        value = self.cleaned_data.get("time_limit_workdays")
        problem = rules.check_time_limit(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_update_cycle_days(self) -> Any:
        value = self.cleaned_data.get("update_cycle_days")
        problem = rules.check_update_cycle(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


@admin.register(CatalogueNode)
class CatalogueNodeAdmin(admin.ModelAdmin):
    form = CatalogueNodeForm
    list_display = [
        "name",
        "parent",
        "level",
        "responsible",
        "time_limit_workdays",
        "update_cycle_days",
        "is_statutory",
        "is_active",
    ]
    list_filter: ClassVar[Any] = ("level", "is_statutory", "is_active")
    search_fields = ["name", "legal_basis"]
    list_select_related = ["parent", "responsible"]
    raw_id_fields = ["parent"]


@admin.register(KeyArea)
class KeyAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class ProjectStageInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = ProjectStage
    extra = 0
    raw_id_fields = ["item"]


@admin.register(Project)
class ProjectAdmin(PublishableAdmin):
    list_display = ["name", "kind", "organisation", "key_area", "review_state"]
    list_filter: ClassVar[Any] = ("review_state", "kind", "key_area")
    search_fields = ["name"]
    list_select_related = ["organisation", "key_area", "author"]
    fields = [
        "name",
        "kind",
        "organisation",
        "key_area",
        "location",
        "summary",
        "publish_at",
    ]
    inlines: ClassVar[Any] = [ProjectStageInline, *PublishableAdmin.inlines]


class ColumnEntryInline(DraftOnlyInlineMixin, admin.TabularInline):
    model = ColumnEntry
    extra = 1

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "content_type":
            # Only published-through-review content can be placed in a column.
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[
                    ContentType.objects.get_for_model(m).pk
                    for m in publishable_models()
                ]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    fields = [
        "position",
        "kind",
        "content_type",
        "object_id",
        "question",
        "answer",
        "link_title",
        "link_url",
    ]


@admin.register(TopicColumn)
class TopicColumnAdmin(PublishableAdmin):
    list_display = ["name", "kind", "slug", "sort_order", "review_state"]
    list_filter: ClassVar[Any] = ("review_state", "kind")
    search_fields = ["name"]
    list_select_related = ["organisation", "author"]
    fields = [
        "name",
        "slug",
        "kind",
        "organisation",
        "intro",
        "sort_order",
        "publish_at",
    ]
    inlines: ClassVar[Any] = [ColumnEntryInline, *PublishableAdmin.inlines]


@admin.register(OfflineZone)
class OfflineZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "address", "is_active"]
    list_filter: ClassVar[Any] = ("kind", "is_active")
    list_select_related = ["organisation"]
    search_fields = ["name", "address"]


@admin.register(ColumnPage)
class ColumnPageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
