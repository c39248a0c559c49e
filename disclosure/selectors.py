"""Reads of proactive disclosure; every public path starts from ``public_items``,
which is ``PublishableQuerySet.public()`` — the one visibility rule."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from disclosure import rules
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
from portal import roles
from portal.workdays import WorkCalendar

LIST_FIELDS = (
    "id",
    "title",
    "category",
    "summary",
    "index_number",
    "generated_date",
    "published_at",
    "review_state",
    "organisation__id",
    "organisation__name",
    "organisation__short_name",
)


def public_items(now: datetime.datetime | None = None) -> QuerySet[InformationItem]:
    """Items the public may see in lists, feeds, the API, the kiosk and exports."""
    return InformationItem.objects.public(now).select_related("organisation")


def public_item_rows(now: datetime.datetime | None = None) -> QuerySet[InformationItem]:
    """``public_items`` slimmed for lists (no body)."""
    return public_items(now).only(*LIST_FIELDS)


def item_page(pk: int) -> InformationItem | None:
    """Return the item whose page may be opened (public or withdrawn with notice)."""
    return (
        InformationItem.objects.public_pages()
        .select_related("organisation", "catalogue_node")
        .prefetch_related("key_areas", "attachments")
        .filter(pk=pk)
        .first()
    )


def item_projects(item: InformationItem) -> list[ProjectStage]:
    return list(item.project_stages.select_related("project"))


# --- catalogue ------------------------------------------------------------------------


@dataclass
class TreeNode:
    node: CatalogueNode
    count: int = 0
    children: list[TreeNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.count + sum(child.total for child in self.children)


def catalogue_tree(now: datetime.datetime | None = None) -> list[TreeNode]:
    """Return the active catalogue as a tree with public item counts (two queries)."""
    nodes = list(
        CatalogueNode.objects.filter(is_active=True).select_related("responsible")
    )
    counts = dict(
        public_items(now)
        .filter(catalogue_node__isnull=False)
        .order_by()
        .values("catalogue_node")
        .annotate(n=Count("id"))
        .values_list("catalogue_node", "n")
    )
    by_area: dict[int, int] = {}
    if any(n.key_area_id for n in nodes):
        by_area = dict(
            public_items(now)
            .filter(key_areas__isnull=False)
            .order_by()
            .values("key_areas")
            .annotate(n=Count("id"))
            .values_list("key_areas", "n")
        )
    wrapped = {
        n.pk: TreeNode(n, counts.get(n.pk, 0) + by_area.get(n.key_area_id or 0, 0))
        for n in nodes
    }
    roots: list[TreeNode] = []
    for tree_node in wrapped.values():
        parent = wrapped.get(tree_node.node.parent_id or 0)
        (parent.children if parent else roots).append(tree_node)
    return roots


def catalogue_node(pk: int) -> CatalogueNode | None:
    return (
        CatalogueNode.objects.filter(is_active=True, pk=pk)
        .select_related("responsible", "parent")
        .first()
    )


def node_children(node: CatalogueNode) -> list[CatalogueNode]:
    return list(node.children.filter(is_active=True))


def node_items(node: CatalogueNode) -> QuerySet[InformationItem]:
    """Public items of ``node`` and its direct children."""
    match = Q(catalogue_node=node) | Q(catalogue_node__parent=node)
    if node.key_area_id:
        # A key-area node lists every item tagged with its area, one row per item.
        tagged = InformationItem.objects.filter(key_areas=node.key_area_id)
        match |= Q(pk__in=tagged.values("pk"))
    return public_item_rows().filter(match)


def key_areas() -> list[KeyArea]:
    return list(KeyArea.objects.all())


def key_area(slug: str) -> KeyArea | None:
    return KeyArea.objects.filter(slug=slug).first()


def key_area_items(area: KeyArea) -> QuerySet[InformationItem]:
    return public_item_rows().filter(key_areas=area)


@dataclass(frozen=True)
class NodeReport:
    node: CatalogueNode
    last_published: datetime.date | None
    due: datetime.date
    days_overdue: int


def overdue_nodes(
    *, today: datetime.date, calendar: WorkCalendar, user: Any = None
) -> list[NodeReport]:
    """Return catalogue nodes with nothing published within their time limit.

    A node with an update cycle must have a public item formed within each cycle and
    published within its time limit (条例第二十六条); the report lists the nodes past
    that date. Staff outside the 政务公开办 see the nodes their unit answers for.
    """
    nodes = CatalogueNode.objects.filter(
        is_active=True, update_cycle_days__isnull=False
    ).select_related("responsible")
    if user is not None and not roles.is_office_admin(user):
        nodes = nodes.filter(responsible_id=getattr(user, "organisation_id", None))
    latest = public_items().filter(catalogue_node__in=nodes).order_by()
    last = dict(
        latest.values("catalogue_node")
        .annotate(at=Max("published_at"))
        .values_list("catalogue_node", "at")
    )
    reports = []
    for node in nodes:
        at = last.get(node.pk)
        last_day = timezone.localdate(at) if at else None
        due = rules.node_due_date(
            last_published=last_day,
            node_created=timezone.localdate(node.created_at),
            update_cycle_days=node.update_cycle_days,
            time_limit_workdays=node.time_limit_workdays,
            add_workdays=calendar.add_workdays,
        )
        if due is not None and due < today:
            reports.append(NodeReport(node, last_day, due, (today - due).days))
    reports.sort(key=lambda r: -r.days_overdue)
    return reports


@dataclass(frozen=True)
class LateItem:
    item: InformationItem
    due: datetime.date
    published: datetime.date


LATE_ITEMS_WINDOW = datetime.timedelta(days=366)
LATE_ITEMS_SCANNED = 1000


def late_items(
    *, today: datetime.date, calendar: WorkCalendar, user: Any = None
) -> list[LateItem]:
    """Return public items of the last year published after their node's time limit,
    counted in working days from their 生成日期 (条例第二十六条)."""
    since = today - LATE_ITEMS_WINDOW
    rows = (
        public_items()
        .filter(generated_date__gte=since, catalogue_node__isnull=False)
        .select_related("catalogue_node")
        .only(
            *LIST_FIELDS, "catalogue_node__name", "catalogue_node__time_limit_workdays"
        )
        .order_by("-published_at")
    )
    if user is not None and not roles.is_office_admin(user):
        rows = rows.filter(organisation_id=getattr(user, "organisation_id", None) or 0)
    late = []
    for item in rows[:LATE_ITEMS_SCANNED]:
        node = item.catalogue_node
        published = timezone.localdate(item.published_at)
        if node is None or item.generated_date is None:
            continue
        if rules.is_late(
            item.generated_date,
            published,
            node.time_limit_workdays,
            calendar.add_workdays,
        ):
            due = calendar.add_workdays(item.generated_date, node.time_limit_workdays)
            late.append(LateItem(item, due, published))
    return late


# --- projects -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectView:
    project: Project
    stages: list[rules.StageView]
    items: dict[str, InformationItem]

    @property
    def problems(self) -> list[rules.StageView]:
        return [s for s in self.stages if s.status in rules.PROBLEM_STATUSES]


def _project_views(
    projects: list[Project], today: datetime.date, now: datetime.datetime
) -> list[ProjectView]:
    """Build stage statuses from prefetched stages; public items in one query."""
    item_ids = [s.item_id for p in projects for s in p.stages.all() if s.item_id]
    public = {item.pk: item for item in public_item_rows(now).filter(pk__in=item_ids)}
    views = []
    for project in projects:
        facts, items = [], {}
        for stage in project.stages.all():
            item = public.get(stage.item_id or 0)
            published = timezone.localdate(item.published_at) if item else None
            facts.append(rules.StageFacts(stage.stage, stage.due_date, published))
            if item is not None:
                items[stage.stage] = item
        views.append(
            ProjectView(
                project, rules.stage_statuses(project.kind, facts, today), items
            )
        )
    return views


def _projects(base: QuerySet[Project] | None = None) -> QuerySet[Project]:
    base = Project.objects.all() if base is None else base
    return base.select_related("organisation", "key_area").prefetch_related(
        Prefetch("stages", queryset=ProjectStage.objects.order_by("id"))
    )


def public_projects(now: datetime.datetime | None = None) -> QuerySet[Project]:
    """Projects the public may see: the one visibility rule of reviewed content."""
    return _projects(Project.objects.public(now))


def project_views(
    projects: list[Project], *, now: datetime.datetime | None = None
) -> list[ProjectView]:
    now = now or timezone.now()
    return _project_views(projects, timezone.localdate(now), now)


def public_project(pk: int) -> ProjectView | None:
    """The project whose page may be opened (public, or withdrawn with its notice)."""
    now = timezone.now()
    project = _projects(Project.objects.public_pages(now)).filter(pk=pk).first()
    return project_views([project], now=now)[0] if project else None


def projects_with_problems(*, user: Any, today: datetime.date) -> list[ProjectView]:
    """Projects (of the user's unit, or all for the office) with missing or late stages."""
    projects = _projects()
    if not roles.is_office_admin(user):
        unit: int | None = getattr(user, "organisation_id", None)
        if unit is None:
            return []
        projects = projects.filter(organisation_id=unit)
    now = timezone.now()
    views = _project_views(list(projects), today, now)
    return [v for v in views if v.problems]


# --- columns, zones, pages ------------------------------------------------------------


def columns(kind: str | None = None) -> list[TopicColumn]:
    qs = TopicColumn.objects.public().order_by("kind", "sort_order", "id")
    return list(qs.filter(kind=kind) if kind else qs)


def column(slug: str) -> TopicColumn | None:
    """The column whose page may be opened (public, or withdrawn with its notice)."""
    return TopicColumn.objects.public_pages().filter(slug=slug).first()


@dataclass(frozen=True)
class ColumnRow:
    entry: ColumnEntry
    record: Any = None  # the public record of a content entry
    label: str = ""


def column_rows(
    column: TopicColumn, now: datetime.datetime | None = None
) -> list[ColumnRow]:
    """Return the column's entries in staff order; a content entry appears only while
    its record is public (each model's own ``public()``, one query per model)."""
    entries = list(column.entries.all())
    wanted: dict[int, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.kind == ColumnEntry.Kind.CONTENT and entry.content_type_id:
            wanted[entry.content_type_id].append(entry.object_id or 0)
    found: dict[tuple[int, int], Any] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        manager = getattr(model, "objects", None)
        if model is None or not hasattr(manager, "public"):
            continue
        for record in manager.public(now).filter(pk__in=ids):  # type: ignore[union-attr]
            found[(ct_id, record.pk)] = record
    rows = []
    for entry in entries:
        if entry.kind == ColumnEntry.Kind.CONTENT:
            record = found.get((entry.content_type_id or 0, entry.object_id or 0))
            if record is not None:
                label = str(record._meta.verbose_name)
                rows.append(ColumnRow(entry, record, label))
        else:
            rows.append(ColumnRow(entry))
    return rows


def zones() -> list[OfflineZone]:
    return list(
        OfflineZone.objects.filter(is_active=True).select_related("organisation")
    )


def zone(pk: int) -> OfflineZone | None:
    return OfflineZone.objects.filter(is_active=True, pk=pk).first()


def column_page(slug: str) -> ColumnPage | None:
    return ColumnPage.objects.filter(slug=slug).first()


def annual_reports(limit: int = 50) -> list[Any]:
    """Return the newest published annual reports, through the reports' one visibility rule."""
    from disclosure.reports.selectors import published_versions

    return list(
        published_versions().order_by(
            "-report__year", "report__organisation__sort_order"
        )[:limit]
    )
