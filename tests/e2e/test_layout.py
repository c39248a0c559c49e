"""Every public page type at 375 px and 1366 px, in normal and 长者模式: no element
wider than the viewport, and no axe-core violation (WCAG 2.1 AA, issue 14 §1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosure.models import CatalogueNode, KeyArea, TopicColumn
from disclosure.reports.selectors import published_versions
from disclosure.selectors import public_items, public_projects
from interaction.selectors import public_events, public_letters
from interaction.selectors_consultations import public_consultations
from interaction.selectors_programme import public_interviews, public_meetings
from policies.selectors import public_documents, public_interpretations
from portal import demo, demo_registry
from portal.context_processors import ELDER_MODE_COOKIE
from requests_app.selectors import public_cases
from supervision.models import PublicNotice
from tests.e2e.axe import assert_no_axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 768}

# Elements whose right edge passes the viewport, skipping what is meant to be off-screen
# (visually hidden text, the skip link) and what sits inside a scroll box of its own.
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const offenders = [];
  const scrolls = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (el.closest('.skip-link')) continue;
    if ((box.right > width + 0.5 || box.left < -0.5) && !scrolls(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
      offenders.push(name + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
  }
  // A button or summary whose label breaks over two lines (搜/索).
  const wrapped = [];
  for (const el of document.querySelectorAll('button, summary, .button-primary')) {
    if (!el.offsetParent) continue;
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) wrapped.push(el.textContent.trim());
  }
  return {
    wrapped: wrapped,
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    offenders: offenders.slice(0, 10),
  };
}"""


def _seed() -> None:
    units = demo.seed_organisations()
    demo.seed_staff(units)
    for name, seeder in demo_registry.seeders():
        if name == "policies":
            from policies.demo import seed_policies

            seed_policies(target=30)
        else:
            seeder()


def _public_pages() -> list[tuple[str, str]]:
    now = timezone.now()
    document = public_documents(now).first()
    pages = [
        ("首页", "/"),
        ("全站搜索", "/search/?q=就业"),
        ("全站搜索·分词结果", "/search/?q=就业 养老"),
        ("机构设置", "/organisations/"),
        ("政府文件库", reverse("policies:document-list")),
        ("政府文件库·检索", reverse("policies:document-list") + "?q=就业"),
        ("政府文件库·分词结果", reverse("policies:document-list") + "?q=就业 养老"),
        ("政策解读列表", reverse("policies:interpretation-list")),
        ("解读署名情况", reverse("policies:interpretation-report")),
        ("政府信息公开", reverse("disclosure:item-list")),
        ("依申请公开", reverse("requests:index")),
        ("在线申请", reverse("requests:apply")),
        ("办理进度查询", reverse("requests:track")),
        ("案例库", reverse("requests:case-list")),
        ("政民互动", reverse("interaction:index")),
        ("区长信箱·写信", reverse("interaction:letter-write")),
        ("区长信箱·查询", reverse("interaction:letter-track")),
        ("区长信箱·回复选登", reverse("interaction:reply-list")),
        ("意见征集", reverse("interaction:consultation-list")),
        ("在线访谈", reverse("interaction:interview-list")),
        ("列席常务会议", reverse("interaction:meeting-list")),
        ("公开承诺事项", reverse("interaction:commitment-list")),
        ("政府开放月", reverse("interaction:event-list")),
        ("报名查询", reverse("interaction:registration")),
        ("通报", reverse("supervision:notice-list")),
        ("年度报告", reverse("reports:index")),
        ("统计数据", reverse("reports:statistics")),
        ("404页面", "/no-such-page/"),
    ]
    if document is not None:
        pages.append(
            ("文件详情", reverse("policies:document-detail", args=[document.pk]))
        )
        pages.append(("打印版", reverse("policies:document-print", args=[document.pk])))
    interpretation = public_interpretations(now).first()
    if interpretation is not None:
        pages.append(("政策解读", interpretation.get_absolute_url()))
    item = public_items(now).first()
    if item is not None:
        pages.append(("公开信息", item.get_absolute_url()))
    case = public_cases().first()
    if case is not None:
        pages.append(("案例", reverse("requests:case-detail", args=[case.pk])))
    letter = public_letters().first()
    if letter is not None:
        pages.append(
            ("来信选登", reverse("interaction:reply-detail", args=[letter.pk]))
        )
    event = public_events().first()
    if event is not None:
        pages.append(("开放月活动", event.get_absolute_url()))
    version = published_versions().first()
    if version is not None:
        pages.append(("年度报告全文", version.report.get_absolute_url()))
    return pages + _column_and_detail_pages(now)


def _column_and_detail_pages(now: Any) -> list[tuple[str, str]]:
    """The 政府信息公开 column's page types, the site frame's own pages and the detail
    pages of the interaction and supervision sections."""
    pages = [
        ("政府信息公开栏目", reverse("disclosure:home")),
        ("政府信息公开·第2页", reverse("disclosure:item-list") + "?page=2"),
        ("主动公开目录", reverse("disclosure:catalogue")),
        ("重点领域", reverse("disclosure:key-area-list")),
        ("重大项目", reverse("disclosure:project-list")),
        ("专题专栏", reverse("disclosure:column-list")),
        ("公开专区", reverse("disclosure:zone-list")),
        ("公开指南", reverse("disclosure:guide")),
        ("公开制度", reverse("disclosure:rules")),
        ("年报栏目", reverse("disclosure:annual-reports")),
        ("邮件订阅", reverse("disclosure:subscribe")),
        ("网站地图", reverse("site-map")),
        ("联系我们", reverse("contact")),
    ]
    node = CatalogueNode.objects.filter(items__isnull=False).first()
    if node is not None:
        pages.append(("目录节点", node.get_absolute_url()))
    area = KeyArea.objects.first()
    if area is not None:
        pages.append(("重点领域列表", reverse("disclosure:key-area", args=[area.slug])))
    project = public_projects(now).first()
    if project is not None:
        pages.append(("重大项目详情", project.get_absolute_url()))
    column = TopicColumn.objects.public(now).first()
    if column is not None:
        pages.append(("专题专栏详情", column.get_absolute_url()))
    for label, row in (
        ("意见征集详情", public_consultations().first()),
        ("在线访谈详情", public_interviews().first()),
        ("常务会议详情", public_meetings().first()),
        ("通报详情", PublicNotice.objects.public().first()),
    ):
        if row is not None:
            pages.append((label, row.get_absolute_url()))
    return pages


def _check_every_page(page: Any, *, elder: bool) -> list[str]:
    problems = []
    for label, url in _public_pages():
        response = page.goto(url)
        expected = 404 if label == "404页面" else 200
        assert response is not None and response.status == expected, f"{label} {url}"
        html_class = page.locator("html").get_attribute("class") or ""
        assert ("elder" in html_class) == elder, f"{label} {url} -> {page.url}"
        result = page.evaluate(WIDER_THAN_VIEWPORT)
        if result["scroll"] > 0 or result["offenders"] or result["wrapped"]:
            problems.append(f"{label} {url}: {result}")
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:  # collect every page's findings, not the first
            problems.append(f"{label}: {error}")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1366px"])
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_no_public_page_is_wider_than_the_screen(
    browser, live_server, elder, viewport
) -> None:
    _seed()
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=viewport
    )
    if elder:
        context.add_cookies(
            [{"name": ELDER_MODE_COOKIE, "value": "1", "url": live_server.url}]
        )
    try:
        page = context.new_page()
        problems = _check_every_page(page, elder=elder)
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_the_library_is_cards_with_filters_folded_on_a_phone(page) -> None:
    _seed()
    page.set_viewport_size(PHONE)
    page.goto(reverse("policies:document-list"))
    filters = page.locator(".filter-panel")
    assert filters.get_attribute("open") is None
    assert not page.get_by_label("发文机关").is_visible()
    assert page.get_by_label("关键词或文号").is_visible()
    first = page.locator(".card-table tbody tr").first
    assert first.evaluate("el => getComputedStyle(el).display") == "block"
    # Column headings stay for screen readers only; each value carries its label.
    assert page.locator(".card-table thead").bounding_box()["height"] <= 1
    assert first.bounding_box()["y"] < PHONE["height"]  # the first result on screen one
    label = first.locator("td[data-label]").first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )
    assert label == '"发文字号："'

    page.get_by_text("筛选条件和排序").click()
    assert page.get_by_label("发文机关").is_visible()

    # On a desktop the same page keeps its table and open filters.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(reverse("policies:document-list"))
    assert page.locator(".filter-panel").get_attribute("open") is not None
    assert page.locator(".card-table thead").bounding_box()["height"] > 10

    # Two words no document shares: what each finds alone, labelled as such.
    page.get_by_label("关键词或文号").fill("就业 养老")
    page.get_by_label("关键词或文号").press("Enter")
    page.wait_for_load_state()
    section = page.get_by_role("region", name="分别检索每个词的结果")
    assert section.is_visible()
    assert section.get_by_text("单独检索“就业”：共").is_visible()
    assert section.get_by_text("单独检索“养老”：共").is_visible()
    section.get_by_role("link", name="查看单独检索“就业”的全部结果").click()
    page.wait_for_load_state()
    assert page.get_by_label("关键词或文号").input_value() == "就业"
    assert page.locator(".card-table tbody tr").count() >= 1


def test_the_axe_helper_reports_a_violation(page, live_server) -> None:
    # The accessibility assertions above can fail: an image without alt text is found.
    page.goto("/organisations/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/favicon.ico\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(page)


def test_every_page_has_a_favicon(page) -> None:
    page.goto("/")
    href = page.locator("link[rel=icon]").first.get_attribute("href")
    assert href
    assert page.request.get(href).status == 200
    assert page.request.get("/favicon.ico").status == 200
    # The footer's 机构设置 is the page, not the API endpoint of the same name.
    assert (
        page.get_by_role("contentinfo")
        .get_by_role("link", name="机构设置")
        .get_attribute("href")
        == "/organisations/"
    )
