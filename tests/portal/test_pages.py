"""Public pages of the site core: home, organisations, 404/500, elder mode, API frame."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import registry
from portal.demo import seed_organisations
from portal.models import Organisation, SiteSettings
from portal.services import index_publish, index_withdraw, site_settings_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> dict[str, Organisation]:
    return seed_organisations()


def test_home_page_shows_units_and_footer_identifiers(client, seeded) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "区人力资源和社会保障局" in body
    assert "曲堤镇" in body
    assert "网站标识码：3701250001" in body
    assert "鲁ICP备05000000号" in body
    assert "鲁公网安备" in body
    assert 'href="#main"' in body  # skip link
    assert 'role="contentinfo"' in body


def test_home_page_query_count_is_constant(
    client, seeded, django_assert_max_num_queries
) -> None:
    registry.register_section("test-news", "测试栏目", 999)
    # Site settings, units, then one query per home-page section (apps add sections).
    bound = 2 + sum(1 for s in registry.sections() if s.on_home_page)
    try:
        with django_assert_max_num_queries(bound):
            client.get("/")
        for i, unit in enumerate(Organisation.objects.all()):
            index_publish(
                unit,
                section="test-news",
                title=f"测试信息{i}",
                url="/",
                published_at=timezone.now(),
            )
        with django_assert_max_num_queries(bound):
            body = client.get("/").content.decode()
        assert "测试信息25" in body  # newest first, 8 shown
        assert "测试信息0<" not in body
    finally:
        registry._SECTIONS.pop("test-news", None)


def test_index_entries_leave_the_home_page_on_withdrawal(client, seeded) -> None:
    registry.register_section("test-news", "测试栏目", 999)
    try:
        unit = Organisation.objects.get(code="mzj")
        index_publish(
            unit,
            section="test-news",
            title="养老服务补贴公示",
            url="/x",
            published_at=timezone.now(),
        )
        assert "养老服务补贴公示" in client.get("/").content.decode()
        assert index_withdraw(unit) == 1
        assert "养老服务补贴公示" not in client.get("/").content.decode()
    finally:
        registry._SECTIONS.pop("test-news", None)


def test_site_settings_change_shows_after_save(client, seeded) -> None:
    client.get("/")
    SiteSettings.objects.filter(pk=1).update(site_code="3701259999")
    site_settings_changed()
    assert "3701259999" in client.get("/").content.decode()


def test_organisation_page_lists_disclosure_offices(
    client, seeded, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(3):
        body = client.get(reverse("organisations")).content.decode()
    assert "区民政局政务公开办公室" in body


def test_missing_page_is_a_chinese_404(client, seeded) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "您访问的页面不存在" in body
    assert "主导航" in body  # the site frame is kept


def test_server_error_page_is_chinese(client) -> None:
    from django.template.loader import render_to_string

    assert "服务暂时不可用" in render_to_string("500.html")


def test_elder_mode_persists_in_a_cookie(client, seeded) -> None:
    response = client.post(
        reverse("elder-mode"), {"enable": "1", "next": "/organisations/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert 'class="elder"' in client.get("/").content.decode()
    client.post(reverse("elder-mode"), {"enable": "0", "next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


def test_elder_mode_refuses_foreign_redirects(client) -> None:
    response = client.post(
        reverse("elder-mode"), {"enable": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_api_root_schema_and_docs(client, seeded) -> None:
    assert client.get("/api/v1/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organisations/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_organisations_api_paginates_and_filters(client, seeded) -> None:
    data = client.get("/api/v1/organisations/", {"kind": "town"}).json()
    assert data["count"] == 10
    assert {row["kind"] for row in data["results"]} == {"town"}
    assert client.get("/api/v1/organisations/", {"kind": "nonsense"}).status_code == 400


def test_api_is_read_only_for_the_public(client, seeded) -> None:
    response = client.post("/api/v1/organisations/", {"name": "x"})
    assert response.status_code in {401, 403, 405}
