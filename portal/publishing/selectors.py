"""Reads of the publishing mechanism."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q

from portal import roles
from portal.models import Organisation
from portal.publishing.models import (
    ProofFinding,
    ProofRule,
    Publishable,
    PublishedVersion,
    ReviewEvent,
    ReviewState,
)
from portal.publishing.proofreading import Proofreader, Rule, known_unit_names
from portal.publishing.workflow import Action, EventFact, Projection, project

# Which role takes the step a record is waiting for.
STEP_ROLES: dict[str, str] = {
    ReviewState.FIRST_REVIEW: roles.REVIEW_FIRST,
    ReviewState.SECOND_REVIEW: roles.REVIEW_SECOND,
    ReviewState.FINAL_REVIEW: roles.REVIEW_FINAL,
}
REVIEW_STATES = tuple(STEP_ROLES)


def publishable_models() -> list[type[Publishable]]:
    """Every installed concrete model that is published through the review workflow."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def _record_filter(obj: Publishable) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
    }


def review_history(obj: Publishable) -> list[ReviewEvent]:
    return list(
        ReviewEvent.objects.filter(**_record_filter(obj)).select_related("actor")
    )


def current_findings(obj: Publishable) -> list[ProofFinding]:
    """Return the findings of the record's current version, positions ascending."""
    return list(
        ProofFinding.objects.filter(
            **_record_filter(obj), version=obj.version
        ).select_related("overridden_by")
    )


def open_blockers(obj: Publishable) -> list[ProofFinding]:
    return [
        f
        for f in current_findings(obj)
        if f.severity >= ProofRule.Severity.BLOCKER and f.overridden_at is None
    ]


def published_versions(obj: Publishable) -> list[PublishedVersion]:
    return list(PublishedVersion.objects.filter(**_record_filter(obj)))


def review_projection(obj: Publishable) -> Projection:
    """Return the record's review state, round, round approvers and contributors as
    derived from its event history (one query)."""
    rows = ReviewEvent.objects.filter(**_record_filter(obj)).values_list(
        "action", "actor_id", "version"
    )
    return project(
        (
            EventFact(Action(action), actor_id, version)
            for action, actor_id, version in rows
        ),
        version=obj.version,
    )


def review_projections(
    model: type[Publishable], rows: list[Any]
) -> dict[Any, Projection]:
    """Return :func:`review_projection` of each of ``rows`` in one query."""
    events: dict[str, list[EventFact]] = {str(row.pk): [] for row in rows}
    if rows:
        for object_id, action, actor_id, version in ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=list(events),
        ).values_list("object_id", "action", "actor_id", "version"):
            events[object_id].append(EventFact(Action(action), actor_id, version))
    return {row.pk: project(events[str(row.pk)], version=row.version) for row in rows}


HELD_MESSAGE = "须等待所依附的信息（如所解读的政策文件）发布后同步发布。"


@dataclass(frozen=True)
class PublishCheck:
    """The one answer to "may this record be made public now?" that every publishing
    path (终审, the scheduling sweep, a companion's release) asks."""

    refusals: tuple[str, ...]  # unmet conditions: may not pass 终审 or publish
    held: bool  # waits for another record (``publication_held()``)
    not_before: datetime.datetime | None  # scheduled for a later time

    @property
    def may_publish_now(self) -> bool:
        return not self.refusals and not self.held and self.not_before is None


def check_publication(obj: Publishable, now: datetime.datetime) -> PublishCheck:
    """Return whether ``obj`` may be published at ``now``, and if not, why."""
    refusals: list[str] = []
    blockers = open_blockers(obj)
    if blockers:
        words = "、".join(f"“{f.matched}”" for f in blockers[:5])
        refusals.append(
            f"存在 {len(blockers)} 处严重校对问题（{words}），请修改后重新提交，"
            "或由终审人员逐条确认并说明理由。"
        )
    refusals.extend(obj.extra_publish_conditions())
    not_before = obj.publish_at if obj.publish_at and obj.publish_at > now else None
    return PublishCheck(tuple(refusals), obj.publication_held(), not_before)


_PROOFREADER_CACHE: dict[str, Any] = {}


def current_proofreader() -> Proofreader:
    """Return a proofreader for the active rules and organisation names.

    The automaton is rebuilt only when rules or organisations change (checked with one
    cheap aggregate query per call), so running it on every save stays fast.
    """
    rules_state = ProofRule.objects.filter(is_active=True).aggregate(
        n=Count("id"), changed=Max("updated_at")
    )
    units_state = Organisation.objects.aggregate(
        n=Count("id"), changed=Max("updated_at")
    )
    key = f"{rules_state['n']}:{rules_state['changed']}:{units_state['n']}:{units_state['changed']}"
    cached = _PROOFREADER_CACHE.get("proofreader")
    if cached is not None and cached[0] == key:
        return cached[1]
    rules = [
        Rule(
            id=row.pk,
            category=row.category,
            pattern=row.pattern,
            suggestion=row.suggestion,
            severity=row.severity,
            is_regex=row.is_regex,
            note=row.note,
        )
        for row in ProofRule.objects.filter(is_active=True)
    ]
    unit_names = known_unit_names(
        Organisation.objects.values_list("name", "short_name")
    )
    proofreader = Proofreader(rules=rules, unit_names=unit_names)
    _PROOFREADER_CACHE["proofreader"] = (key, proofreader)
    return proofreader


@dataclass(frozen=True)
class QueueItem:
    record: Publishable
    model_label: str
    state_label: str
    admin_url_name: str
    findings: int = 0
    # Unconfirmed blocking findings: 终审 refuses the record until they are fixed or
    # confirmed, so every step sees them from 初审 on.
    blockers: int = 0


def _finding_counts(
    model: type[Publishable], rows: list[Any]
) -> dict[Any, tuple[int, int]]:
    """Return ``pk -> (findings, open blockers)`` of each row's current version (one query)."""
    counts: dict[Any, tuple[int, int]] = {row.pk: (0, 0) for row in rows}
    if not rows:
        return counts
    versions = {str(row.pk): (row.pk, row.version) for row in rows}
    for object_id, version, severity, overridden_at in ProofFinding.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=list(versions),
    ).values_list("object_id", "version", "severity", "overridden_at"):
        pk, current = versions[object_id]
        if version != current:
            continue
        findings, blockers = counts[pk]
        blocking = severity >= ProofRule.Severity.BLOCKER and overridden_at is None
        counts[pk] = (findings + 1, blockers + int(blocking))
    return counts


def review_queue(user: Any) -> list[QueueItem]:
    """Return the records waiting for a step ``user`` may take, oldest first.

    A step is open to holders of its role in the record's unit who neither wrote nor
    changed the version and took no other step of the round (the rules of
    ``portal.publishing.rules``). Two queries per publishable model (rows, their
    events): a fixed number whatever the data size.
    """
    user_roles = [
        state for state, role in STEP_ROLES.items() if roles.has_role(user, role)
    ]
    organisation_id = getattr(user, "organisation_id", None)
    if not user_roles or organisation_id is None:
        return []
    from portal.publishing.rules import refusal

    items: list[QueueItem] = []
    for model in publishable_models():
        rows = list(
            model.objects.filter(
                review_state__in=user_roles, organisation_id=organisation_id
            )
            .exclude(author=user)
            .select_related("organisation", "author")
            .order_by("updated_at")[:200]
        )
        projections = review_projections(model, rows)
        kept = [
            row
            for row in rows
            # not e.g. a record they changed, or one they took another step on this round
            if refusal(Action.APPROVE, row, user, projections[row.pk]) is None
        ]
        counts = _finding_counts(model, kept)
        opts = model._meta
        for row in kept:
            findings, blockers = counts[row.pk]
            items.append(
                QueueItem(
                    record=row,
                    model_label=str(opts.verbose_name),
                    state_label=row.get_review_state_display(),
                    admin_url_name=f"admin:{opts.app_label}_{opts.model_name}_change",
                    findings=findings,
                    blockers=blockers,
                )
            )
    items.sort(key=lambda item: item.record.updated_at)
    return items


@dataclass(frozen=True)
class ReturnedItem:
    record: Publishable
    model_label: str
    admin_url_name: str
    returned: ReviewEvent


def last_return(obj: Publishable) -> ReviewEvent | None:
    """Return the 退回修改 event that put the draft ``obj`` back to its editor, or None
    once the editor has submitted it again (one query)."""
    if obj.review_state != ReviewState.DRAFT:
        return None
    last = (
        ReviewEvent.objects.filter(**_record_filter(obj))
        .exclude(action__in=[Action.EDIT, Action.OVERRIDE])
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return last if last is not None and last.action == Action.RETURN else None


def returned_to_editor(user: Any, *, limit: int = 50) -> list[ReturnedItem]:
    """Return ``user``'s drafts that a reviewer returned, newest return first.

    Two queries per publishable model (drafts, their last workflow events).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[ReturnedItem] = []
    for model in publishable_models():
        rows = {
            str(row.pk): row
            for row in model.objects.filter(
                review_state=ReviewState.DRAFT, author=user
            ).order_by("-updated_at")[:200]
        }
        if not rows:
            continue
        last: dict[str, ReviewEvent] = {}
        for event in (
            ReviewEvent.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=list(rows),
            )
            .exclude(action__in=[Action.EDIT, Action.OVERRIDE])
            .select_related("actor")
            .order_by("at", "id")
        ):
            last[event.object_id] = event
        opts = model._meta
        items.extend(
            ReturnedItem(
                record=rows[object_id],
                model_label=str(opts.verbose_name),
                admin_url_name=f"admin:{opts.app_label}_{opts.model_name}_change",
                returned=event,
            )
            for object_id, event in last.items()
            if event.action == Action.RETURN
        )
    items.sort(key=lambda item: item.returned.at, reverse=True)
    return items[:limit]


def waiting_counts(user: Any) -> dict[str, int]:
    """Count records waiting at each review step within ``user``'s scope."""
    from portal.scoping import scope_queryset

    counts: Counter[str] = Counter()
    for model in publishable_models():
        queryset = scope_queryset(model.objects.all(), user, "organisation")
        for row in (
            queryset.filter(
                Q(review_state__in=REVIEW_STATES)
                | Q(review_state=ReviewState.SCHEDULED)
            )
            .values("review_state")
            .annotate(n=Count("pk"))
        ):
            counts[row["review_state"]] += row["n"]
    return {
        state: counts.get(state, 0) for state in (*REVIEW_STATES, ReviewState.SCHEDULED)
    }


def clear_proofreader_cache() -> None:
    _PROOFREADER_CACHE.clear()
