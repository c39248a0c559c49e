"""Demo data of supervision, reached through the services (idempotent: natural keys).

The 14 points of the 2024 工作要点 (济阳政办发〔2024〕2号) become work points with
sub-tasks across units in every ledger state; ten new-media accounts with inspections;
meetings and trainings with a few units short; one public notice, published through
三审三校 by the office's desk.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from portal import roles
from portal.demo import DEMO_PASSWORD
from portal.models import IndexEntry, Organisation, User
from portal.publishing import services as publishing
from supervision import services
from supervision.models import (
    Activity,
    NewMediaAccount,
    Notice,
    Platform,
    PublicNotice,
    Task,
    WorkPoint,
)
from supervision.services.notices import draft_notice, publish_notice

YEAR = 2024
DEMO_LOGIN_UNIT = "rsj"  # liaison_rsj / the portal's demo password
TZ = ZoneInfo("Asia/Shanghai")

# (number, title, lead units) from the seed document.
WORK_POINTS: list[tuple[int, str, tuple[str, ...]]] = [
    (1, "做好年度重点工作信息公开", ("fgj", "zjj")),
    (2, "做好城市管理与治理领域信息公开", ("nyj", "zrj", "sthj")),
    (3, "做好民生服务领域信息公开", ("rsj", "wjj", "jtj", "mzj")),
    (4, "提升政策发布质量", ("office", "sfj")),
    (5, "深入推进政策解读", ("office", "fgj")),
    (6, "推进公众参与决策公开", ("office", "sfj")),
    (7, "深化政民互动实效", ("office", "jiyangjd")),
    (8, "提升依申请公开规范办理水平", ("office", "zrj")),
    (9, "推进依申请公开数字化管理", ("office",)),
    (10, "做好政府网站和政务新媒体监管", ("office", "jtj", "wjj")),
    (11, "推进政务公开线下专区建设", ("jiyangjd", "jibeijd", "qudi")),
    (12, "加强组织领导", ("rsj", "czj", "scjg")),
    (13, "强化标准化建设", ("rsj", "yjj", "tyjr")),
    (14, "强化督导考核", ("office",)),
]

# Cycled over the tasks: the ledger state each demo task is driven to.
STATES = ["done", "submitted", "progress", "returned", "assigned", "done"]

ACCOUNTS: list[tuple[str, str, str, str, int, int, int | None]] = [
    # unit, platform, name, account id, followers, days since update, inspection score
    ("office", Platform.WECHAT, "济阳发布", "jiyangfabu", 86000, 1, 96),
    ("office", Platform.WEIBO, "济阳发布", "weibo-jiyangfabu", 42000, 3, 92),
    ("office", Platform.DOUYIN, "济阳发布", "dy-jiyang", 120000, 2, 94),
    ("rsj", Platform.WECHAT, "济阳人社", "jiyangrenshe", 15800, 5, 88),
    ("jtj", Platform.WECHAT, "济阳教体", "jiyangjiaoti", 23000, 9, 85),
    ("wjj", Platform.WECHAT, "健康济阳", "jiankangjiyang", 9800, 20, 58),
    ("mzj", Platform.TOUTIAO, "济阳民政", "tt-jiyangminzheng", 60, 130, 52),
    ("scjg", Platform.KUAISHOU, "济阳市场监管", "ks-jiyangscjg", 900, 35, None),
    ("qudi", Platform.CHANNELS, "曲堤镇发布", "sph-qudi", 45, 200, 40),
    ("huihejd", Platform.WECHAT, "回河街道", "huihejiedao", 3200, 6, 81),
]


def _at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(YEAR, month, day, hour, tzinfo=TZ)


def _liaison(unit: Organisation) -> User:
    user, created = User.objects.get_or_create(
        username=f"liaison_{unit.code}",
        defaults={
            "organisation": unit,
            "is_staff": True,
            "full_name": f"{unit.short_name or unit.name}联络员",
            "email": f"liaison_{unit.code}@jiyang.gov.cn",
        },
    )
    if created:
        # One liaison can log in (the demo 人社局); the others only author demo steps.
        if unit.code == DEMO_LOGIN_UNIT:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=roles.SUPERVISION_LIAISON))
    return user


def _drive(task: Task, state: str, liaison: User, office: User, n: int) -> None:
    month = 7 + n % 5
    if state == "assigned":
        return
    services.report_progress(
        task,
        actor=liaison,
        text=f"已制定工作方案，明确责任人，按月推进“{task.work_point.title}”各项工作。",
        now=_at(month, 5),
    )
    if state == "progress":
        return
    services.submit_completion(
        task,
        actor=liaison,
        text=f"“{task.title}”已按要求完成，相关信息已在平台公开。",
        now=_at(month, 20),
    )
    if state == "submitted":
        return
    if state == "returned":
        services.return_task(
            task,
            actor=office,
            reason="佐证材料不全，请补充已公开信息链接后重新报送。",
            now=_at(month, 25),
        )
        return
    services.accept_task(task, actor=office, now=_at(month, 28))


def _seed_ledger(units: dict[str, Organisation], office: User) -> int:
    created = 0
    n = 0
    for number, title, leads in WORK_POINTS:
        point, _ = WorkPoint.objects.update_or_create(
            year=YEAR, number=number, defaults={"title": title}
        )
        for code in leads:
            unit = units.get(code)
            if unit is None:
                continue
            n += 1
            task_title = f"{unit.short_name or unit.name}：{title}"
            if Task.objects.filter(work_point=point, organisation=unit).exists():
                continue
            task = services.assign_task(
                point,
                unit,
                title=task_title,
                description=f"落实2024年工作要点第（{number}）项，按时报送进展和佐证材料。",
                deadline=datetime.date(YEAR, 11 + n % 2, 15 + n % 10),
                actor=office,
                now=_at(7, 1),
            )
            _drive(task, STATES[n % len(STATES)], _liaison(unit), office, n)
            created += 1
    return created


def _seed_activities(units: dict[str, Organisation]) -> int:
    created = 0
    for i, unit in enumerate(units.values()):
        plan = []
        if i % 7 != 3:
            plan.append((Activity.Kind.MEETING, "政务公开工作专题会议", 3 + i % 6))
        if i % 5 != 2:
            plan.append((Activity.Kind.TRAINING, "政务公开业务专题培训", 5 + i % 5))
        for kind, title, month in plan:
            _obj, was_created = Activity.objects.get_or_create(
                organisation=unit,
                kind=kind,
                held_on=datetime.date(YEAR, month, 10 + i % 15),
                defaults={
                    "title": title,
                    "participants": 12 + i,
                    "minutes": "传达学习2024年政务公开工作要点，研究部署本单位重点任务。",
                },
            )
            created += was_created
    return created


def _seed_accounts(
    units: dict[str, Organisation], office: User, today: datetime.date
) -> int:
    created = 0
    for code, platform, name, account_id, followers, days, score in ACCOUNTS:
        unit = units.get(code)
        if unit is None:
            continue
        account, was_created = NewMediaAccount.objects.get_or_create(
            platform=platform,
            account_id=account_id,
            defaults={
                "organisation": unit,
                "name": name,
                "person_in_charge": f"{unit.short_name}宣传科",
                "filing_status": NewMediaAccount.Filing.FILED,
                "filed_on": datetime.date(2019, 3, 1),
                "opened_on": datetime.date(2018, 6, 1),
                "followers": followers,
                "last_updated_on": today - datetime.timedelta(days=days),
            },
        )
        created += was_created
        if was_created and score is not None:
            passed = score >= 60
            services.record_inspection(
                account,
                inspected_on=datetime.date(YEAR, 9, 20),
                score=score,
                vetoed=score < 45,
                findings="" if passed else "监测点前两周内未更新；互动留言未回复。",
                rectification_deadline=None if passed else datetime.date(YEAR, 10, 20),
                actor=office,
            )
    return created


def _seed_reposts(office: User) -> None:
    entry = IndexEntry.objects.order_by("-published_at").first()
    if entry is None:
        return
    requirement = services.require_repost(
        entry,
        required_by=entry.published_at.date() + datetime.timedelta(days=3),
        actor=office,
        note="重要信息，请政务新媒体矩阵集中转载。",
    )
    for account in NewMediaAccount.objects.filter(
        account_id__in=["jiyangfabu", "weibo-jiyangfabu", "jiyangrenshe"]
    ):
        services.record_repost(
            requirement,
            account,
            reposted_on=entry.published_at.date(),
            actor=office,
        )


def _seed_notice(office: User) -> None:
    if Notice.objects.filter(year=YEAR).exists():
        return
    notice = draft_notice(
        year=YEAR,
        kind=Notice.Kind.CRITICISM,
        actor=office,
        today=datetime.date(YEAR, 12, 20),
        is_public=True,
    )
    publish_notice(notice, actor=office, now=_at(12, 25))
    # The public rendition passes 三审三校 at the office's desk like every public record.
    desk = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "office_editor",
                "office_review1",
                "office_review2",
                "office_review3",
            ]
        )
    }
    if len(desk) < 4:
        return
    record = publishing.submit(
        PublicNotice.objects.get(notice=notice),
        actor=desk["office_editor"],
        now=_at(12, 26),
    )
    for name in ("office_review1", "office_review2", "office_review3"):
        record = publishing.approve(record, actor=desk[name], now=_at(12, 26))


@transaction.atomic
def seed_demo_supervision() -> str:
    units = {unit.code: unit for unit in Organisation.objects.all()}
    office = User.objects.filter(username="admin").first()
    if office is None or not units:
        return "跳过（缺少机构或管理员账号）"
    tasks = _seed_ledger(units, office)
    activities = _seed_activities(units)
    accounts = _seed_accounts(units, office, timezone.localdate())
    _seed_reposts(office)
    _seed_notice(office)
    return f"任务 {tasks} 项、会议和培训 {activities} 次、政务新媒体账号 {accounts} 个（新增）"
