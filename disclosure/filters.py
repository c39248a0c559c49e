"""One FilterSet for the HTML list and the API."""

from __future__ import annotations

import django_filters

from disclosure.models import CatalogueNode, InformationItem, KeyArea
from portal.models import Organisation


class InformationItemFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(
        label="类别", choices=InformationItem.Category.choices, empty_label="全部类别"
    )
    organisation = django_filters.ModelChoiceFilter(
        label="发布单位",
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="全部单位",
    )
    catalogue_node = django_filters.ModelChoiceFilter(
        label="目录事项",
        queryset=CatalogueNode.objects.filter(is_active=True),
        empty_label="全部事项",
    )
    key_area = django_filters.ModelChoiceFilter(
        label="重点领域",
        field_name="key_areas",
        to_field_name="slug",
        queryset=KeyArea.objects.all(),
        empty_label="全部领域",
    )
    year = django_filters.NumberFilter(
        label="年份",
        field_name="published_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )

    class Meta:
        model = InformationItem
        fields = ["category", "organisation", "catalogue_node", "key_area", "year"]
