"""Demo content for proactive disclosure: a district's year across many units, driven
through the real review services (idempotent: keyed on names and titles)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from disclosure import demo_data as data
from disclosure import demo_topics as topics
from disclosure import services as disclosure_services
from disclosure.models import (
    CatalogueNode,
    ColumnEntry,
    ColumnPage,
    InformationItem,
    KeyArea,
    OfflineZone,
    Project,
    ProjectStage,
    TopicColumn,
)
from portal import demo, roles
from portal.models import IndexEntry, Organisation, User
from portal.publishing import services

C = InformationItem.Category
AREA_CATEGORY = {
    "major-projects": C.MAJOR_PROJECT,
    "straits": C.KEY_WORK,
    "rural": C.RURAL,
    "urban-renewal": C.URBAN_RENEWAL,
    "eia": C.ENVIRONMENT,
    "zero-waste": C.ENVIRONMENT,
    "employment": C.EMPLOYMENT,
    "education": C.EDUCATION,
    "health": C.HEALTH,
    "elderly-children": C.ELDERLY_CHILDREN,
    "consumption": C.CONSUMPTION,
}
BODY = (
    "<p>根据《中华人民共和国政府信息公开条例》有关规定，现将{title}有关情况公开如下。</p>"
    "<p>一、基本情况。{unit}按照职责分工，认真组织实施，各项工作按计划推进。</p>"
    "<p>二、主要内容。具体事项以本公告及附件为准，涉及群众切身利益的事项同步做好政策解读。</p>"
    "<p>三、联系方式。如有疑问，请在工作日拨打{unit}咨询电话{phone}。</p>"
)
# Items formed well before they were published: the monitor lists them as late.
LATE = {"济阳区{y}年城乡低保标准调整公告", "济阳区托育服务机构备案名单"}
# (title, unit, target state) for records waiting at each review step.
WAITING: list[tuple[str, str, str]] = [
    ("济阳区第三季度政务公开工作情况（草稿）", "rsj", "draft"),
    ("济阳区职业技能提升补贴申领公告", "rsj", "first_review"),
    ("济阳区创业担保贷款贴息政策解读", "rsj", "second_review"),
    ("截至目前济阳区社会保险参保情况通报", "rsj", "final_review"),
    ("济阳区高校毕业生就业见习岗位征集公告", "rsj", "scheduled"),
    ("济阳区人力资源市场招聘会信息（已撤稿示例）", "rsj", "withdrawn"),
]


def _desk(unit: Organisation) -> dict[str, User]:
    """Demo staff of ``unit``: an editor and one reviewer per step (same accounts as
    the policy-library demo creates, idempotent)."""
    desk = {}
    for key, role in (
        ("editor", roles.EDITOR),
        ("review1", roles.REVIEW_FIRST),
        ("review2", roles.REVIEW_SECOND),
        ("review3", roles.REVIEW_FINAL),
    ):
        user, created = User.objects.get_or_create(
            username=f"{unit.code}_{key}",
            defaults={
                "organisation": unit,
                "is_staff": True,
                "full_name": f"{unit.short_name}{role}",
            },
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        desk[key] = user
    return desk


def _drive(
    item: InformationItem | Project | TopicColumn, target: str, desk: dict[str, User]
) -> None:
    if target == "draft":
        return
    record: Any = services.submit(item, actor=desk["editor"])
    for step in (1, 2, 3):
        if record.review_state == target:
            return
        record = services.approve(record, actor=desk[f"review{step}"], opinion="同意")
    if target == "withdrawn":
        services.withdraw(
            record,
            actor=desk["review3"],
            reason="招聘会时间调整，原信息已不准确，更新后将重新发布。",
        )


def _backdate(item: InformationItem, when: datetime.datetime) -> None:
    """Give a demo item its publication time in the demo year (lists look lived-in)."""
    InformationItem.objects.filter(pk=item.pk).update(
        published_at=when, first_published_at=when
    )
    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(InformationItem),
        object_id=str(item.pk),
    ).update(published_at=when)


def _catalogue(
    units: dict[str, Organisation], areas: dict[str, KeyArea]
) -> dict[tuple[str, str], CatalogueNode]:
    def node(
        name: str, parent: CatalogueNode | None, order: int, **fields: Any
    ) -> CatalogueNode:
        obj, _ = CatalogueNode.objects.get_or_create(
            parent=parent, name=name, defaults={"sort_order": order, **fields}
        )
        return obj

    L = CatalogueNode.Level
    district = node("区级主动公开事项", None, 1, level=L.DISTRICT, is_statutory=True)
    town = node("镇（街道）主动公开事项", None, 2, level=L.TOWN, is_statutory=True)
    nodes: dict[tuple[str, str], CatalogueNode] = {}
    art20 = node(
        "法定主动公开内容（条例第二十条）", district, 1, legal_basis="条例第二十条"
    )
    art21 = node(
        "区县级政府重点公开内容（条例第二十一条）",
        district,
        2,
        legal_basis="条例第二十一条",
    )
    keyed = node(
        "重点领域信息公开",
        district,
        3,
        is_statutory=False,
        legal_basis="政务公开工作要点",
    )
    for parent, rows in ((art20, data.ARTICLE_20), (art21, data.ARTICLE_21_DISTRICT)):
        for i, (name, basis, unit, cycle) in enumerate(rows, start=1):
            nodes[(L.DISTRICT, name)] = node(
                name,
                parent,
                i,
                legal_basis=basis,
                responsible=units.get(unit),
                update_cycle_days=cycle,
            )
    for i, area in enumerate(areas.values(), start=1):
        node(area.name, keyed, i, is_statutory=False, key_area=area,
             legal_basis="政务公开工作要点")  # fmt: skip
    for i, (name, basis) in enumerate(data.TOWN_ITEMS, start=1):
        nodes[(L.TOWN, name)] = node(name, town, i, level=L.TOWN, legal_basis=basis)
    return nodes


def _items(
    units: dict[str, Organisation],
    nodes: dict[tuple[str, str], CatalogueNode],
    areas: dict[str, KeyArea],
    year: int,
) -> tuple[int, dict[str, InformationItem]]:
    tz = timezone.get_current_timezone()
    created = 0
    by_title: dict[str, InformationItem] = {}
    desks: dict[str, dict[str, User]] = {}
    for month, day, code, node_name, area_slugs, raw_title, raw_number in data.ITEMS:
        title = raw_title.format(y=year, y_prev=year - 1)
        unit = units[code]
        level = (
            CatalogueNode.Level.TOWN
            if unit.kind == Organisation.Kind.TOWN
            else CatalogueNode.Level.DISTRICT
        )
        published = datetime.date(year, month, day)
        if published > timezone.localdate():
            continue  # not yet formed: a later run of the seeder publishes it
        item = InformationItem.objects.filter(title=title).first()
        if item is None:
            item = InformationItem(
                title=title,
                category=AREA_CATEGORY.get(area_slugs[0], C.NOTICE)
                if area_slugs
                else C.NOTICE,
                organisation=unit,
                catalogue_node=nodes.get((level, node_name))
                or nodes[(CatalogueNode.Level.TOWN, node_name)],
                doc_number=raw_number.format(y=year),
                generated_date=published
                - datetime.timedelta(days=45 if raw_title in LATE else 5),
                body=BODY.format(
                    title=title, unit=unit.short_name, phone=unit.office_phone
                ),
            )
            disclosure_services.save_item(item, today=published)
            item.key_areas.set([areas[s] for s in area_slugs])
            desk = desks.get(code) or desks.setdefault(code, _desk(unit))
            _drive(item, "published", desk)
            _backdate(
                item, datetime.datetime.combine(published, datetime.time(9, 30), tz)
            )
            created += 1
        by_title[title] = item
    rsj_desk = _desk(units["rsj"])
    now = timezone.now()
    for title, code, target in WAITING:
        if InformationItem.objects.filter(title=title).exists():
            continue
        item = InformationItem(
            title=title,
            category=C.EMPLOYMENT,
            organisation=units[code],
            body=BODY.format(
                title=title, unit="区人力资源和社会保障局", phone="0531-84230013"
            ),
            publish_at=now + datetime.timedelta(days=3)
            if target == "scheduled"
            else None,
        )
        disclosure_services.save_item(item, today=timezone.localdate())
        _drive(item, target, rsj_desk)
        created += 1
    return created, by_title


def _projects(
    units: dict[str, Organisation],
    areas: dict[str, KeyArea],
    items: dict[str, InformationItem],
    year: int,
) -> None:
    for name, kind, code, area, location, stages in topics.PROJECTS:
        project, created = Project.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "organisation": units[code],
                "key_area": areas[area],
                "location": location,
                "summary": f"{name}由{units[code].short_name}负责，按规定实行全过程信息公开。",
            },
        )
        if created:
            _drive(project, "published", _desk(units[code]))
        for stage, title, (month, day) in stages:
            # A due month before the first stage's month falls in the next year.
            due_year = year + 1 if month < stages[0][2][0] else year
            ProjectStage.objects.get_or_create(
                project=project,
                stage=stage,
                defaults={
                    "due_date": datetime.date(due_year, month, day),
                    "item": items.get(title.format(y=year)) if title else None,
                },
            )


def _columns(
    units: dict[str, Organisation], items: dict[str, InformationItem], year: int
) -> None:
    content_type = ContentType.objects.get_for_model(InformationItem)
    for order, (slug, name, kind, intro, entries) in enumerate(topics.COLUMNS, start=1):
        if TopicColumn.objects.filter(slug=slug).exists():
            continue
        column = TopicColumn.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            intro=intro,
            sort_order=order,
            organisation=units["office"],
        )
        for position, entry in enumerate(entries, start=1):
            if entry[0] == "item":
                item = items.get(entry[1].format(y=year))
                if item is None:
                    continue
                ColumnEntry.objects.create(
                    column=column,
                    position=position,
                    kind=ColumnEntry.Kind.CONTENT,
                    content_type=content_type,
                    object_id=item.pk,
                )
            elif entry[0] == "faq":
                ColumnEntry.objects.create(
                    column=column, position=position, kind=ColumnEntry.Kind.FAQ,
                    question=entry[1], answer=entry[2],
                )  # fmt: skip
            else:
                ColumnEntry.objects.create(
                    column=column, position=position, kind=ColumnEntry.Kind.LINK,
                    link_title=entry[1], link_url=entry[2],
                )  # fmt: skip
        _drive(column, "published", _desk(units["office"]))


@transaction.atomic
def seed_disclosure() -> str:
    units = {o.code: o for o in Organisation.objects.all()}
    if "rsj" not in units:
        return "skipped: demo organisations missing"
    today = timezone.localdate()
    # The demo year is this year once half of it has passed, else last year; items
    # dated after today are left for a later run.
    year = today.year if today.month >= 7 else today.year - 1
    areas = {}
    for order, (slug, name, intro) in enumerate(data.KEY_AREAS, start=1):
        areas[slug], _ = KeyArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "intro": intro, "sort_order": order}
        )
    nodes = _catalogue(units, areas)
    created, items = _items(units, nodes, areas, year)
    _projects(units, areas, items, year)
    _columns(units, items, year)
    for order, (name, kind, code, address, hours, phone) in enumerate(topics.ZONES):
        OfflineZone.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "organisation": units.get(code),
                "address": address,
                "hours": hours,
                "phone": phone,
                "sort_order": order,
            },
        )
    for slug, body in (
        (ColumnPage.Slug.GUIDE, topics.GUIDE_BODY),
        (ColumnPage.Slug.RULES, topics.RULES_BODY),
    ):
        ColumnPage.objects.get_or_create(
            slug=slug, defaults={"title": f"济阳区{slug.label}", "body": body}
        )
    return f"{created} 条主动公开信息"
