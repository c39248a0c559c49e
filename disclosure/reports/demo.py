"""Demo annual reports: the district's and two departments' 2024 and 2025 reports,
generated from the demo data and published. Idempotent: a report that already has a
published version is left alone."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from disclosure.reports import services
from disclosure.reports.models import ReportVersion, WebsiteReport
from portal.models import Organisation, User

DEMO_UNITS = ("jiyang", "rsj", "zjj")
YEARS = (2024, 2025)
OVERVIEW = (
    "{year}年，{unit}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
    "《中华人民共和国政府信息公开条例》，围绕主动公开、依申请公开、政府信息管理、"
    "政府信息公开平台建设和监督保障等方面扎实推进政务公开工作。"
)
PROBLEMS = (
    "存在的主要问题：政策解读形式还不够丰富，部分栏目更新不够及时。"
    "改进措施：加强政策解读多元化，完善信息发布审核机制，定期开展栏目巡查。"
)
WORK_POINTS = "年度政务公开工作要点各项任务均已按时完成，具体落实情况见本报告各部分。"


# A year of one unit's applications: (legal person?, month, day, reply) where reply is
# (days later, reply type, reason) or None; 20 December's reply falls in January, so it
# is carried into the next year's report.
HISTORY = (
    (False, 2, 10, (8, "disclosed", "")),
    (False, 3, 5, (15, "partial", "")),
    (True, 4, 12, (20, "withheld", "withheld_third_party")),
    (False, 5, 20, (6, "unavailable", "unavailable_not_held")),
    (False, 6, 3, (3, "not_processed", "not_processed_repeat")),
    (True, 7, 7, (10, "disclosed", "")),
    (False, 9, 15, (25, "other", "other_no_correction")),
    (False, 12, 20, (18, "disclosed", "")),
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _seed_history(unit: Organisation, year: int, serial: int) -> None:
    """File and answer a year of demo applications through the request services."""
    from requests_app import services as requests
    from requests_app.demo import _input

    handler = User.objects.filter(is_staff=True).order_by("pk").first()
    if handler is None:
        return
    for index, (legal, month, day, reply) in enumerate(HISTORY):
        when = datetime.datetime(year, month, day, 10, tzinfo=SHANGHAI)
        application = requests.submit_application(
            _input(serial + index, "历年申请（年度报告演示）", legal=legal),
            organisation=unit,
            now=when,
            channel="in_person",
            notify=False,
        ).application
        requests.accept_application(
            application, actor=handler, now=when + datetime.timedelta(hours=1)
        )
        if reply is not None:
            days, reply_type, reason = reply
            requests.send_reply(
                application,
                actor=handler,
                reply_type=reply_type,
                reason=reason,
                body="答复（演示）",
                delivery_method="email",
                now=when + datetime.timedelta(days=days),
            )


def seed_reports() -> str:
    units = list(Organisation.objects.filter(code__in=DEMO_UNITS).order_by("pk"))
    if not units:
        return "skipped: demo units missing"
    published = 0
    todo = [
        (unit, year)
        for year in YEARS
        for unit in units
        if not ReportVersion.objects.filter(
            report__organisation=unit, report__year=year, published_at__isnull=False
        ).exists()
    ]
    for unit, year in todo:
        if unit.kind != Organisation.Kind.GOVERNMENT:
            _seed_history(unit, year, serial=5000 + unit.pk % 30 * 100 + year % 10 * 10)
    for unit, year in todo:
        report = services.get_or_create_report(unit, year)
        report.overview = OVERVIEW.format(year=year, unit=unit.name)
        report.problems = PROBLEMS
        report.work_points = WORK_POINTS
        report.other_matters = "本年度无其他需要报告的事项。"
        report.licensing = 120 + year % 100
        report.punishment = 30 + year % 10
        report.coercion = 2
        report.fees_wan = Decimal("12.5")
        report.save()
        now = datetime.datetime(year + 1, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
        version = services.generate_version(report, actor=None, now=now)
        services.publish_version(version, actor=None, now=now)
        published += 1
    website = seed_website_report()
    return f"{published} annual reports published{website}"


def seed_website_report() -> str:
    """Publish the 2025 政府网站工作年度报表 once (entered fields are demo values)."""
    report, _ = WebsiteReport.objects.get_or_create(year=2025)
    if report.published_at is not None:
        return ""
    services.save_website_values(
        report,
        {
            "home_url": "http://www.jiyang.gov.cn",
            "site_type": "政府门户网站",
            "unique_visitors": 182_300,
            "page_views": 1_254_000,
            "overview_updates": 36,
            "news_updates": 1_420,
            "columns_maintained": 12,
            "columns_new": 3,
            "unified_platform": True,
            "smart_qa": False,
            "security_checks": 4,
            "security_findings": 6,
            "security_fixed": 6,
            "security_monitoring": True,
            "security_drills": True,
            "security_owner": True,
            "filler": "区政务公开办",
        },
    )
    now = datetime.datetime(2026, 1, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    services.publish_website_report(report, now=now)
    return ", 2025 website report published"
