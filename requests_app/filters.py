"""FilterSets shared by the staff export API (and any list page that needs them)."""

from __future__ import annotations

import django_filters

from portal.filters import UpdatedSinceFilter
from requests_app.models import Application
from requests_app.workflow import Status


class ApplicationExportFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    updated_since = UpdatedSinceFilter(
        field_name="updated_at", lookup_expr="gte", label="更新时间不早于"
    )
    received_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label="收到日期不早于"
    )
    received_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label="收到日期不晚于"
    )

    class Meta:
        model = Application
        fields = ["status", "topic", "channel"]
