"""Demo content for proactive disclosure, driven through the real review services so
records wait at every step (idempotent: keyed on titles)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from disclosure.models import InformationItem
from portal.models import IndexEntry, Organisation, User
from portal.publishing import services

C = InformationItem.Category
PUBLISHED: list[tuple[str, str, str]] = [
    (C.KEY_WORK, "fgj", "济阳区2024年“攻坚突破年”重点工作任务清单"),
    (C.KEY_WORK, "fgj", "海峡两岸产业合作区建设2024年第二季度工作进展"),
    (C.MAJOR_PROJECT, "fgj", "济阳区2024年市级重点项目名单公示"),
    (C.MAJOR_PROJECT, "zjj", "济阳区黄河大道改造提升工程批准信息"),
    (C.MAJOR_PROJECT, "zjj", "济阳区城区供热管网改造工程施工进展情况"),
    (C.CONSUMPTION, "fgj", "济阳区新能源汽车消费补贴申领指南"),
    (C.CONSUMPTION, "zjj", "济阳区促进住房消费若干措施政策问答"),
    (C.CONSUMPTION, "jtj", "济阳@黄河系列文化活动消费券发放公告"),
    (C.RURAL, "nyj", "乡村振兴集中展示区建设2024年实施方案"),
    (C.RURAL, "nyj", "济阳区农村人居环境整治提升工作进展"),
    (C.RURAL, "nyj", "济阳区2024年高标准农田建设项目公示"),
    (C.URBAN_RENEWAL, "zjj", "济阳区2024年城市更新项目计划"),
    (C.URBAN_RENEWAL, "zjj", "济阳区老旧小区改造项目第一批名单"),
    (C.ENVIRONMENT, "sthj", "济阳区建设项目环境影响评价文件受理情况公示"),
    (C.ENVIRONMENT, "sthj", "济阳区“无废城市”建设2024年工作进展"),
    (C.ENVIRONMENT, "sthj", "济阳区“无废细胞”创建单位名单"),
    (C.EMPLOYMENT, "rsj", "济阳区2024年高校毕业生就业创业政策清单"),
    (C.EMPLOYMENT, "rsj", "济阳区退役军人就业创业服务指南"),
    (C.EMPLOYMENT, "rsj", "济阳区2024年公益性岗位招聘公告"),
    (C.HEALTH, "wjj", "健康济阳建设2024年工作要点"),
    (C.HEALTH, "wjj", "济阳区基层医疗卫生服务体系建设进展情况"),
    (C.EDUCATION, "jtj", "济阳区2024年义务教育学校招生入学政策"),
    (C.EDUCATION, "jtj", "济阳区2024年学前教育资助政策问答"),
    (C.ELDERLY_CHILDREN, "mzj", "济阳区养老服务机构名录及运营情况"),
    (C.ELDERLY_CHILDREN, "wjj", "济阳区托育服务机构备案名单"),
    (C.ELDERLY_CHILDREN, "mzj", "济阳区2024年育儿补贴发放情况公示"),
    (C.FINANCE, "czj", "济阳区2024年区级预算公开"),
    (C.FINANCE, "czj", "济阳区2023年区级决算公开"),
    (C.NOTICE, "office", "济阳区人民政府关于开展政府开放月活动的公告"),
    (C.NEWS, "office", "济阳区召开2024年政务公开工作推进会议"),
]
BODY = (
    "<p>为深入贯彻落实《中华人民共和国政府信息公开条例》和《2024年济南市济阳区政务公开工作要点》，"
    "现将{title}有关情况公开如下。</p>"
    "<p>一、总体情况。各有关单位按照职责分工，认真抓好工作落实，确保各项任务按时完成。</p>"
    "<p>二、下一步工作。持续做好信息发布、政策解读和回应关切，接受社会监督。</p>"
    "<p>联系电话：0531-84230000。</p>"
)
# (title, unit, target state) for records waiting at each review step.
WAITING: list[tuple[str, str, str]] = [
    ("济阳区2024年第三季度政务公开工作情况（草稿）", "rsj", "draft"),
    ("济阳区2024年职业技能提升补贴申领公告", "rsj", "first_review"),
    ("济阳区2024年创业担保贷款贴息政策解读", "rsj", "second_review"),
    ("截止目前济阳区社会保险参保情况通报", "rsj", "final_review"),
    ("济阳区2025年高校毕业生就业见习岗位征集公告", "rsj", "scheduled"),
    ("济阳区人力资源市场招聘会信息（已撤稿示例）", "rsj", "withdrawn"),
]


def _users() -> dict[str, User]:
    names = [
        "editor",
        "review1",
        "review2",
        "review3",
        "office_editor",
        "office_review1",
        "office_review2",
        "office_review3",
    ]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _drive(
    item: InformationItem, target: str, users: dict[str, User], prefix: str
) -> None:
    if target == "draft":
        return
    record: Any = services.submit(item, actor=users[f"{prefix}editor"])
    for step in (1, 2, 3):
        if record.review_state == target:
            return
        record = services.approve(
            record, actor=users[f"{prefix}review{step}"], opinion="同意"
        )
    if target == "withdrawn":
        services.withdraw(
            item,
            actor=users[f"{prefix}review3"],
            reason="招聘会时间调整，原信息已不准确，更新后将重新发布。",
        )


@transaction.atomic
def seed_items() -> str:
    users = _users()
    if len(users) < 8:
        return "skipped: demo staff missing"
    units = {o.code: o for o in Organisation.objects.all()}
    content_type = ContentType.objects.get_for_model(InformationItem)
    now = timezone.now()
    created = 0
    for days_ago, (category, unit_code, title) in enumerate(PUBLISHED):
        unit = units[unit_code]
        # Demo content is reviewed by the demo reviewers of the 人社局 or the office.
        prefix = "office_" if unit_code == "office" else ""
        owner = units["office"] if prefix else units["rsj"]
        item, new = InformationItem.objects.get_or_create(
            title=title,
            defaults={
                "category": category,
                "organisation": owner,
                "body": BODY.format(title=title),
            },
        )
        if not new:
            continue
        created += 1
        _drive(item, "published", users, prefix)
        # Spread demo publication dates over recent weeks so lists look lived-in.
        when = now - datetime.timedelta(days=days_ago * 3 + 1)
        InformationItem.objects.filter(pk=item.pk).update(
            published_at=when, first_published_at=when
        )
        IndexEntry.objects.filter(
            content_type=content_type, object_id=str(item.pk)
        ).update(published_at=when)
        del unit
    for title, unit_code, target in WAITING:
        item, new = InformationItem.objects.get_or_create(
            title=title,
            defaults={
                "category": C.EMPLOYMENT,
                "organisation": units[unit_code],
                "body": BODY.format(title=title),
                "publish_at": now + datetime.timedelta(days=3)
                if target == "scheduled"
                else None,
            },
        )
        if new:
            created += 1
            _drive(item, target, users, "")
    return f"{created} 条主动公开信息"
