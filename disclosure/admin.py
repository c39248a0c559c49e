from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin

from disclosure.models import InformationItem
from portal.publishing.admin import PublishableAdmin


@admin.register(InformationItem)
class InformationItemAdmin(PublishableAdmin):
    list_display = ["title", "category", "organisation", "review_state", "published_at"]
    list_filter: ClassVar[Any] = ("review_state", "category", "organisation")
    search_fields = ["title"]
    list_select_related = ["organisation", "author"]
    date_hierarchy = "published_at"
    fields = ["title", "category", "organisation", "summary", "body", "publish_at"]
