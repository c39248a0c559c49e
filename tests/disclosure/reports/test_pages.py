"""Public report pages, PDF and XLSX outputs, and who may use the staff pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from disclosure.reports import exporting, services
from disclosure.reports.models import AnnualReport, ReportVersion
from portal import roles
from tests.disclosure.reports.test_section3_counts import file
from tests.portal.factories import OrganisationFactory, UserFactory
from tests.requests_app.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def published(unit, handler) -> ReportVersion:
    file(unit, handler, "natural", D(2025, 3, 3), (D(2025, 3, 10), "disclosed", ""))
    file(unit, handler, "natural", D(2025, 4, 3), (D(2025, 4, 10), "partial", ""))
    file(unit, handler, "business", D(2025, 12, 30))
    report = services.get_or_create_report(unit, 2025)
    report.overview = "本年度政务公开工作稳步推进。"
    report.licensing = 321
    report.fees_wan = "12.5000"
    report.save()
    version = services.generate_version(report, actor=handler, now=at(2026, 1, 5))
    return services.publish_version(version, actor=handler, now=at(2026, 1, 6))


def url(version: ReportVersion, name: str = "report-detail") -> str:
    return reverse(
        f"reports:{name}",
        args=[version.report.year, version.report.organisation.code],
    )


def test_report_page_shows_the_official_tables(
    client, published, django_assert_max_num_queries
) -> None:
    address = url(published)
    # Queries: the version (with report and unit), last year's version, site settings.
    with django_assert_max_num_queries(3):
        response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    ):
        assert heading in html
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in html
    assert 'role="img"' in html and '<title id="chart-result-title">' in html
    assert "本年度办理结果（件）：予以公开1件，部分公开1件" in html
    assert "实际收取信息处理费共计0元" in html


def test_index_lists_published_reports_by_year(
    client, published, unit, handler, django_assert_max_num_queries
) -> None:
    draft = services.get_or_create_report(unit, 2024)
    services.generate_version(draft, actor=handler, now=at(2025, 1, 5))
    with django_assert_max_num_queries(3):
        response = client.get(reverse("reports:index"))
    html = response.content.decode()
    assert "2025年度" in html and "2024年度" not in html
    assert (
        client.get(reverse("reports:report-detail", args=[2024, unit.code])).status_code
        == 404
    )


def test_the_latest_published_version_is_shown(client, published, handler) -> None:
    report = published.report
    report.licensing = 999
    report.save()
    newer = services.generate_version(report, actor=handler, now=at(2026, 1, 10))
    assert ">321<" in client.get(url(published)).content.decode()
    services.publish_version(newer, actor=handler, now=at(2026, 1, 11))
    assert ">999<" in client.get(url(published)).content.decode()


def test_pdf_text_has_the_chinese_headings_and_figures(client, published) -> None:
    response = client.get(url(published, "report-pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    compact = "".join(text.split())
    for heading in (
        "一、总体情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年新收政府信息公开申请数量",
        "结转下年度继续办理",
        "行政规范性文件",
    ):
        assert heading in compact, heading
    assert "321" in compact  # 行政许可
    assert "12.5" in compact  # 行政事业性收费（万元）


def test_xlsx_reread_equals_the_snapshot(client, published) -> None:
    response = client.get(url(published, "report-xlsx"))
    assert response.status_code == 200
    reread = exporting.read_workbook(response.content)
    assert exporting.same_figures(published.data, reread)
    assert reread["section3"] == published.data["section3"]
    assert reread["section3"]["new"]["total"] == 3


def test_altered_workbook_is_not_equal(published) -> None:
    data = dict(published.data)
    data["section3"] = {k: dict(v) for k, v in data["section3"].items()}
    data["section3"]["new"]["natural"] += 1
    reread = exporting.read_workbook(exporting.build_workbook(data))
    assert not exporting.same_figures(published.data, reread)


def test_staff_pages_are_scoped_and_need_the_role(
    client, published, unit, other_unit, office_admin
) -> None:
    change = reverse("admin:disclosure_reportversion_change", args=[published.pk])
    stranger = UserFactory(organisation=other_unit, roles=[roles.EDITOR])
    client.force_login(stranger)
    assert client.get(change).status_code in (302, 404)
    assert (
        client.get(reverse("admin:disclosure_generationrun_generate_all")).status_code
        == 403
    )
    no_role = UserFactory(organisation=unit, roles=[])
    client.force_login(no_role)
    assert client.get(change).status_code == 403
    editor = UserFactory(organisation=unit, roles=[roles.EDITOR])
    client.force_login(editor)
    page = client.get(change)
    assert page.status_code == 200 and "各表数据平衡" in page.content.decode()
    changelist = client.get(reverse("admin:disclosure_reportversion_changelist"))
    assert "发布所选版本" not in changelist.content.decode()  # editors cannot publish
    client.force_login(office_admin)
    response = client.post(
        reverse("admin:disclosure_generationrun_generate_all"), {"year": "二〇二五"}
    )
    assert response.status_code == 200 and "二〇二五" in response.content.decode()
    response = client.post(
        reverse("admin:disclosure_generationrun_generate_all"), {"year": "2025"}
    )
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert "<progress" in progress.content.decode()


def test_unbalanced_version_page_names_the_cell(
    client, published, unit, handler, office_admin
) -> None:
    report = AnnualReport.objects.get(pk=published.report_id)
    version = services.generate_version(report, actor=handler, now=at(2026, 2, 1))
    data = version.data
    data["section3"]["carried_forward"]["business"] = 0
    services.update_version_data(version, data)
    client.force_login(office_admin)
    html = client.get(
        reverse("admin:disclosure_reportversion_change", args=[version.pk])
    ).content.decode()
    assert "表三「四、结转下年度继续办理」行「商业企业」列为 0" in html
    preview = client.get(
        reverse("admin:disclosure_reportversion_preview", args=[version.pk])
    ).content.decode()
    # Exactly the altered cell (四 × 商业企业) and the row's 总计 are marked.
    assert preview.count('class="num off"') == 2
    assert '<td class="num off">0<strong class="off-flag">（不平衡）</strong></td>' in (
        preview
    )
    response = client.post(
        reverse("admin:disclosure_reportversion_changelist"),
        {"action": "publish", "_selected_action": [version.pk]},
        follow=True,
    )
    assert "不能发布" in response.content.decode()
    version.refresh_from_db()
    assert version.published_at is None


def test_live_statistics_page(
    client, unit, handler, other_unit, time_machine, django_assert_max_num_queries
) -> None:
    time_machine.move_to(at(2025, 12, 31, 12))
    # 2025-03-03 (Mon) → 03-10 (Mon): 5 working days; 04-01 → 04-10: 6 (4 April is
    # 清明, a holiday).
    file(unit, handler, "natural", D(2025, 3, 3), (D(2025, 3, 10), "disclosed", ""))
    file(unit, handler, "natural", D(2025, 4, 1), (D(2025, 4, 10), "partial", ""))
    file(other_unit, handler, "business", D(2025, 5, 6))
    from tests.interaction.conftest import write_letter

    for day in (3, 4, 5):
        write_letter(now=at(2025, 6, day))
    write_letter(now=at(2024, 6, 4))  # last year's letter is not counted
    # Queries: unit list, per-unit counts, by type, date pairs, totals, calendar,
    # site settings, mailbox (3), consultations, interviews (+1 for the chosen unit);
    # none of them grows with the number of letters or units.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:statistics"))
    html = response.content.decode()
    assert "全区" in html and "本年收到申请" in html
    assert "区长信箱本年收到来信" in html and "3 件" in html
    assert "意见征集" in html and "在线访谈" in html
    assert "待“互动交流”栏目上线后接入" not in html
    assert "5.5 个工作日" in html
    assert "100%" in html  # the unit answered both on time
    with django_assert_max_num_queries(13):
        response = client.get(reverse("reports:statistics"), {"unit": unit.code})
    assert f"<h2>{unit.name}</h2>" in response.content.decode()
    response = client.get(reverse("reports:statistics"), {"unit": "不存在"})
    assert response.status_code == 200
    assert "未找到该单位" in response.content.decode()


def test_run_progress_json(client, unit, office_admin) -> None:
    run = services.GenerationRun.objects.create(
        year=2025, organisation=unit, total=4, done=1, created_at=at(2026, 1, 2)
    )
    client.force_login(office_admin)
    page = client.get(reverse("admin:disclosure_generationrun_change", args=[run.pk]))
    assert "progress.json" in page.content.decode()
    response = client.get(
        reverse("admin:disclosure_generationrun_progress", args=[run.pk])
    )
    assert response.json() == {"state": "queued", "done": 1, "total": 4, "percent": 25}


def test_index_query_count_does_not_grow_with_reports(
    client, published, handler, django_assert_max_num_queries
) -> None:
    client.get(reverse("reports:index"))  # warm the site-settings cache
    with django_assert_max_num_queries(3) as one:
        client.get(reverse("reports:index"))
    for code in ("a1", "a2", "a3", "a4"):
        unit = OrganisationFactory(code=code)
        version = services.generate_version(
            services.get_or_create_report(unit, 2024), actor=None, now=at(2025, 1, 5)
        )
        services.publish_version(version, actor=None, now=at(2025, 1, 6))
    with django_assert_max_num_queries(len(one)):
        html = client.get(reverse("reports:index")).content.decode()
    assert html.count("年政府信息公开工作年度报告</a>") == 5


@pytest.mark.parametrize("path", ["/reports/2025/nope/", "/reports/1999/x/report.pdf"])
def test_unknown_reports_are_404(client, path) -> None:
    assert client.get(path).status_code == 404


def test_report_page_answers_conditional_gets(client, published) -> None:
    first = client.get(url(published))
    etag = first["ETag"]
    assert client.get(url(published), HTTP_IF_NONE_MATCH=etag).status_code == 304
    newer = services.generate_version(published.report, actor=None, now=at(2026, 2, 1))
    services.publish_version(newer, actor=None, now=at(2026, 2, 1))
    assert client.get(url(published), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_elder_mode_gets_its_own_tag(client, published) -> None:
    etag = client.get(url(published))["ETag"]
    client.cookies["elder_mode"] = "1"
    assert client.get(url(published), HTTP_IF_NONE_MATCH=etag).status_code == 200
