"""Public forms of proactive disclosure."""

from __future__ import annotations

from typing import Any

from django import forms

from disclosure.models import CatalogueNode, KeyArea, Subscription
from policies.models import Topic
from portal.search.query import parse_query
from portal.text_input import CleanTextFormMixin


class SubscriptionForm(CleanTextFormMixin):
    email = forms.EmailField(
        label="电子邮箱",
        max_length=254,
        error_messages={
            "required": "请填写电子邮箱。",
            "invalid": "请输入有效的电子邮箱地址。",
        },
    )
    kind = forms.ChoiceField(
        label="订阅内容",
        choices=Subscription.Kind.choices,
        error_messages={"invalid_choice": "请选择订阅内容。"},
    )
    catalogue_node = forms.ModelChoiceField(
        label="公开目录栏目",
        queryset=CatalogueNode.objects.filter(is_active=True),
        required=False,
        empty_label="请选择",
    )
    key_area = forms.ModelChoiceField(
        label="重点领域",
        queryset=KeyArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="请选择",
    )
    policy_topic = forms.ChoiceField(
        label="政策主题", choices=[("", "请选择"), *Topic.choices], required=False
    )
    search_query = forms.CharField(label="检索词", max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        need = {
            Subscription.Kind.CATALOGUE: ("catalogue_node", "请选择公开目录栏目。"),
            Subscription.Kind.KEY_AREA: ("key_area", "请选择重点领域。"),
            Subscription.Kind.POLICY_TOPIC: ("policy_topic", "请选择政策主题。"),
            Subscription.Kind.SEARCH: ("search_query", "请输入检索词。"),
        }
        if kind in need:
            field, message = need[kind]
            if not data.get(field):
                self.add_error(field, message)
        if kind == Subscription.Kind.SEARCH and data.get("search_query"):
            query = parse_query(data["search_query"])
            if query.error:
                self.add_error("search_query", query.error)
        return data

    def target(self) -> dict[str, Any]:
        """The keyword arguments of ``subscriptions.subscribe`` for the chosen kind."""
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "email": data["email"],
            "kind": kind,
            "catalogue_node": data.get("catalogue_node")
            if kind == Subscription.Kind.CATALOGUE
            else None,
            "key_area": data.get("key_area")
            if kind == Subscription.Kind.KEY_AREA
            else None,
            "policy_topic": data.get("policy_topic", "")
            if kind == Subscription.Kind.POLICY_TOPIC
            else "",
            "search_query": data.get("search_query", "")
            if kind == Subscription.Kind.SEARCH
            else "",
        }
