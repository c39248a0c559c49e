"""API routes live in their own URL namespace and never shadow a page's name."""

from __future__ import annotations

import re

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db


def test_footer_and_home_link_the_organisation_page_not_the_api(client) -> None:
    body = client.get("/").content.decode()
    links = re.findall(r'href="([^"]*)"[^>]*>(机构设置|联系方式)<', body)
    assert {text for _, text in links} == {"机构设置", "联系方式"}
    assert {href for href, _ in links} == {"/organisations/"}
    assert "/api/v1/organisations/" not in body


def test_api_route_names_are_namespaced() -> None:
    assert reverse("organisations") == "/organisations/"
    assert reverse("api:organisation-list") == "/api/v1/organisations/"
    assert reverse("api:policy-detail", args=[1]) == "/api/v1/policies/1/"
    resolver = get_resolver()
    # Outside the namespace no route name leads into the API.
    for name in resolver.reverse_dict:
        if not isinstance(name, str):
            continue
        for _, pattern, _, _ in resolver.reverse_dict.getlist(name):
            assert not pattern.startswith("api/v1/"), name


def test_the_api_root_lists_the_namespaced_routes(client) -> None:
    response = client.get("/api/v1/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["policies"].endswith("/api/v1/policies/")
