"""The 政府信息公开 column pages and the gov.cn site frame (footer, 网站地图, 联系我们)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import ColumnPage
from portal.models import SiteSettings
from portal.services import site_settings_changed
from tests.portal.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_guide_and_rules_pages_are_staff_edited(
    client, django_assert_max_num_queries
) -> None:
    OrganisationFactory(
        name="济阳区民政局", disclosure_office="区民政局政务公开办公室",
        office_phone="0531-84230014",
    )  # fmt: skip
    assert "正在编制" in client.get("/disclosure/guide/").content.decode()
    ColumnPage.objects.create(
        slug="guide",
        title="济阳区政府信息公开指南",
        body="<p>公开方式</p><script>x</script>",
    )
    with django_assert_max_num_queries(4):
        body = client.get("/disclosure/guide/").content.decode()
    assert "济阳区政府信息公开指南" in body and "公开方式" in body
    assert "<script>x" not in body  # the rich text is sanitised
    # 条例第十二条: the guide names each unit's disclosure office and contacts.
    assert "区民政局政务公开办公室" in body and "0531-84230014" in body
    assert client.get("/disclosure/rules/").status_code == 200


def test_annual_report_column_says_none_yet(client) -> None:
    body = client.get("/disclosure/annual-reports/").content.decode()
    assert "暂无已发布的政府信息公开工作年度报告" in body


def test_every_column_page_is_reachable_from_the_navigation_and_site_map(
    client,
) -> None:
    home = client.get("/").content.decode()
    assert 'href="/disclosure/"' in home
    column = client.get("/disclosure/").content.decode()
    for path in ("/disclosure/guide/", "/disclosure/rules/", "/disclosure/catalogue/",
                 "/disclosure/annual-reports/", "/requests/"):  # fmt: skip
        assert f'href="{path}"' in column, path
    site_map = client.get("/site-map/").content.decode()
    for path in ("/disclosure/guide/", "/disclosure/catalogue/", "/disclosure/zones/",
                 "/disclosure/columns/", "/policies/", "/requests/"):  # fmt: skip
        assert f'href="{path}"' in site_map, path


def test_footer_shows_badge_and_linked_registry_numbers(
    client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
        b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    row = SiteSettings.objects.create(
        site_code="3701250001",
        icp_number="鲁ICP备05000000号",
        police_number="鲁公网安备 37012502000000号",
        badge_link="https://bszs.conac.cn/sitename?method=show&id=1",
        contact_phone="0531-84230000",
    )
    row.badge_image.save("badge.png", SimpleUploadedFile("badge.png", png))
    site_settings_changed()
    body = client.get("/").content.decode()
    assert 'alt="党政机关网站标识"' in body
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=1"' in body
    assert 'href="https://beian.miit.gov.cn/"' in body
    assert 'href="https://beian.mps.gov.cn/"' in body
    assert 'href="/site-map/"' in body and 'href="/contact/"' in body
    contact = client.get("/contact/").content.decode()
    assert "0531-84230000" in contact
