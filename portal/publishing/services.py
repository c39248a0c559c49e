"""The 三审三校 review workflow: one function per transition, each in a transaction,
each recording a ``ReviewEvent``.

草稿 → 初审 → 复审 → 终审 → 已发布 (or 待发布 until its scheduled time) → 已撤稿.
Each review step is taken by a holder of that step's role in the record's unit who is
neither the author nor a reviewer of an earlier step of the same version. Proofreading
runs before each step; an unconfirmed finding of the highest severity blocks 终审.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal import roles
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import (
    ProofFinding,
    ProofRule,
    Publishable,
    PublishedVersion,
    ReviewEvent,
    ReviewState,
)
from portal.publishing.proofreading import validate_rule
from portal.publishing.selectors import (
    STEP_ROLES,
    current_proofreader,
    open_blockers,
    publishable_models,
    reviewers_of_version,
)
from portal.services import index_publish, index_withdraw

NEXT_STATE: dict[str, str] = {
    ReviewState.FIRST_REVIEW: ReviewState.SECOND_REVIEW,
    ReviewState.SECOND_REVIEW: ReviewState.FINAL_REVIEW,
}

# The transitions table: action -> states it may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReviewEvent.Action.SUBMIT: (ReviewState.DRAFT,),
    ReviewEvent.Action.APPROVE: tuple(STEP_ROLES),
    ReviewEvent.Action.RETURN: (*STEP_ROLES, ReviewState.SCHEDULED),
    ReviewEvent.Action.WITHDRAW: (ReviewState.PUBLISHED,),
    ReviewEvent.Action.REVISE: (ReviewState.PUBLISHED, ReviewState.WITHDRAWN),
}


def _lock(obj: Publishable) -> Publishable:
    """Re-read ``obj`` under a row lock so two reviewers cannot take the same step."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    return locked


def _check_transition(obj: Publishable, action: str) -> None:
    if obj.review_state not in TRANSITIONS[action]:
        label = ReviewEvent.Action(action).label
        raise PublishingError(
            f"当前状态为“{obj.get_review_state_display()}”，不能执行“{label}”。"
        )


def _check_unit(obj: Publishable, actor: Any) -> None:
    if getattr(actor, "organisation_id", None) != obj.organisation_id:
        raise PublishingError("只能审核本单位的信息。")


def _check_reviewer(obj: Publishable, actor: Any) -> None:
    """Apply the role, unit, author and one-person-one-step rules to a review step."""
    role = STEP_ROLES[obj.review_state]
    if not roles.has_role(actor, role):
        raise PublishingError(f"您没有“{role}”权限，不能处理此步骤。")
    _check_unit(obj, actor)
    if obj.author_id is not None and obj.author_id == actor.pk:
        raise PublishingError("撰稿人不能审核自己撰写的信息。")


def _record(
    obj: Publishable,
    action: str,
    from_state: str,
    actor: Any,
    opinion: str = "",
    proofreading: dict[str, int] | None = None,
    at: datetime.datetime | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        version=obj.version,
        action=action,
        from_state=from_state,
        to_state=obj.review_state,
        actor=actor,
        opinion=opinion,
        proofreading=proofreading or {},
        at=at or timezone.now(),
    )


def _set_state(obj: Publishable, state: str, **fields: Any) -> None:
    obj.review_state = state
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["review_state", "updated_at", *fields])


def proofread(obj: Publishable) -> dict[str, int]:
    """Check the record's title and text and store the findings of its current version.

    Findings a reviewer already confirmed (overrode) are kept; the rest are replaced.
    Return the number of open findings per severity.
    """
    facts = obj.proofreading_facts()
    findings = current_proofreader().check(
        obj.publication_title(),
        obj.publication_text(),
        doc_number=facts.get("doc_number", ""),
        date=facts.get("date"),
    )
    content_type = ContentType.objects.get_for_model(obj)
    existing = ProofFinding.objects.filter(
        content_type=content_type, object_id=str(obj.pk), version=obj.version
    )
    confirmed = {
        (f.field, f.start, f.matched, f.category)
        for f in existing
        if f.overridden_at is not None
    }
    existing.filter(overridden_at__isnull=True).delete()
    ProofFinding.objects.bulk_create(
        ProofFinding(
            content_type=content_type,
            object_id=str(obj.pk),
            version=obj.version,
            field=f.field,
            start=f.start,
            end=f.end,
            matched=f.matched[:200],
            context=f.context[:300],
            suggestion=f.suggestion[:200],
            message=f.message[:300],
            category=f.category,
            severity=f.severity,
            rule_id=f.rule_id,
        )
        for f in findings
        if (f.field, f.start, f.matched, f.category) not in confirmed
    )
    summary = {"info": 0, "warning": 0, "blocker": 0}
    names = {1: "info", 2: "warning", 3: "blocker"}
    for finding in findings:
        if (
            finding.field,
            finding.start,
            finding.matched,
            finding.category,
        ) not in confirmed:
            summary[names[finding.severity]] += 1
    return summary


@transaction.atomic
def submit(obj: Publishable, *, actor: Any) -> Publishable:
    """Send a draft to 初审 (by its author or an editor of its unit), proofreading it."""
    obj = _lock(obj)
    _check_transition(obj, ReviewEvent.Action.SUBMIT)
    _check_unit(obj, actor)
    if obj.author_id not in (None, actor.pk) and not roles.has_role(
        actor, roles.EDITOR
    ):
        raise PublishingError("只有撰稿人或本单位信息发布员可以提交审核。")
    if not obj.publication_title().strip():
        raise PublishingError("标题不能为空。")
    summary = proofread(obj)
    if obj.author_id is None:
        obj.author = actor
        obj.save(update_fields=["author", "updated_at"])
    from_state = obj.review_state
    _set_state(obj, ReviewState.FIRST_REVIEW)
    _record(obj, ReviewEvent.Action.SUBMIT, from_state, actor, proofreading=summary)
    return obj


@transaction.atomic
def approve(obj: Publishable, *, actor: Any, opinion: str = "") -> Publishable:
    """Pass the current review step; after 终审, publish now or at ``publish_at``.

    Refused for a reviewer without the step's role or from another unit, for the
    author, for someone who already approved an earlier step of this version, at 终审
    while a blocking proofreading finding is unconfirmed, and at 终审 while the
    record's own publish conditions (e.g. 三同步) are unmet.
    """
    obj = _lock(obj)
    _check_transition(obj, ReviewEvent.Action.APPROVE)
    _check_reviewer(obj, actor)
    if actor.pk in reviewers_of_version(obj):
        raise PublishingError("同一人不能承担同一稿件的两个审核步骤。")
    summary = proofread(obj)
    from_state = obj.review_state
    if from_state != ReviewState.FINAL_REVIEW:
        _set_state(obj, NEXT_STATE[from_state])
        _record(obj, ReviewEvent.Action.APPROVE, from_state, actor, opinion, summary)
        return obj

    blockers = open_blockers(obj)
    if blockers:
        words = "、".join(f"“{f.matched}”" for f in blockers[:5])
        raise PublishingError(
            f"存在 {len(blockers)} 处严重校对问题（{words}），请修改后重新提交，或由终审人员逐条确认并说明理由。"
        )
    reasons = obj.extra_publish_conditions()
    if reasons:
        raise PublishingError("；".join(reasons))

    now = timezone.now()
    if obj.publication_held():
        # Waits for the record it belongs to (e.g. an interpretation for its policy).
        _set_state(obj, ReviewState.SCHEDULED)
        _record(obj, ReviewEvent.Action.APPROVE, from_state, actor, opinion, summary)
        return obj
    if obj.publish_at and obj.publish_at > now:
        _set_state(obj, ReviewState.SCHEDULED)
        _record(obj, ReviewEvent.Action.APPROVE, from_state, actor, opinion, summary)
        _record(obj, ReviewEvent.Action.SCHEDULE, ReviewState.SCHEDULED, actor, at=now)
        return obj
    _record(
        obj, ReviewEvent.Action.APPROVE, from_state, actor, opinion, summary, at=now
    )
    _publish(obj, actor=actor, now=now)
    return obj


def _publish(obj: Publishable, *, actor: Any, now: datetime.datetime) -> None:
    """Make ``obj`` and its companions public at ``now`` and index them."""
    from_state = obj.review_state
    _set_state(
        obj,
        ReviewState.PUBLISHED,
        published_at=now,
        first_published_at=obj.first_published_at or now,
        withdrawn_at=None,
        withdrawal_reason="",
    )
    PublishedVersion.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        version=obj.version,
        defaults={
            "title": obj.publication_title()[:300],
            "text": obj.publication_text(),
            "published_at": now,
        },
    )
    _index(obj, now)
    _record(obj, ReviewEvent.Action.PUBLISH, from_state, actor, at=now)
    for dependent in obj.visibility_dependents():
        if dependent.review_state == ReviewState.PUBLISHED and dependent.published_at:
            _index(dependent, dependent.published_at)
    for companion in obj.publish_companions():
        if companion.review_state == ReviewState.SCHEDULED:
            _publish(_lock(companion), actor=actor, now=now)


def _index(obj: Publishable, published_at: datetime.datetime) -> None:
    index_publish(
        obj,
        section=obj.publication_section,
        title=obj.publication_title(),
        url=obj.get_absolute_url(),
        published_at=published_at,
        organisation=obj.organisation,
        summary=obj.publication_summary(),
        body=obj.publication_text(),
    )


def _unindex(obj: Publishable) -> None:
    """Take ``obj`` and the records whose visibility depends on it out of the index."""
    index_withdraw(obj)
    for dependent in obj.visibility_dependents():
        index_withdraw(dependent)


@transaction.atomic
def send_back(obj: Publishable, *, actor: Any, reason: str) -> Publishable:
    """Return the record to 草稿 with the reviewer's reason (also cancels a schedule)."""
    if not reason or not reason.strip():
        raise PublishingError("退回修改必须填写理由。")
    obj = _lock(obj)
    _check_transition(obj, ReviewEvent.Action.RETURN)
    if obj.review_state == ReviewState.SCHEDULED:
        if not roles.has_role(actor, roles.REVIEW_FINAL):
            raise PublishingError("只有终审人员可以撤回待发布的信息。")
        _check_unit(obj, actor)
    else:
        _check_reviewer(obj, actor)
    from_state = obj.review_state
    _set_state(obj, ReviewState.DRAFT)
    _record(obj, ReviewEvent.Action.RETURN, from_state, actor, reason.strip())
    return obj


@transaction.atomic
def withdraw(obj: Publishable, *, actor: Any, reason: str) -> Publishable:
    """Withdraw (撤稿) a published record with a public reason; nothing is deleted.

    The record leaves every list, search result, feed and the sitemap; its own page
    stays and shows the notice.
    """
    if not reason or not reason.strip():
        raise PublishingError("撤稿必须填写公开说明。")
    obj = _lock(obj)
    _check_transition(obj, ReviewEvent.Action.WITHDRAW)
    if not roles.is_office_admin(actor):
        if not roles.has_role(actor, roles.REVIEW_FINAL):
            raise PublishingError("只有终审人员或政务公开办管理员可以撤稿。")
        _check_unit(obj, actor)
    now = timezone.now()
    from_state = obj.review_state
    _set_state(
        obj, ReviewState.WITHDRAWN, withdrawn_at=now, withdrawal_reason=reason.strip()
    )
    PublishedVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        version=obj.version,
    ).update(withdrawn_at=now, withdrawal_reason=reason.strip())
    _unindex(obj)
    _record(obj, ReviewEvent.Action.WITHDRAW, from_state, actor, reason.strip(), at=now)
    return obj


@transaction.atomic
def start_revision(obj: Publishable, *, actor: Any) -> Publishable:
    """Open a new version of a published or withdrawn record as a draft.

    The published versions stay in the history; the record is not public again until
    the new version passes review.
    """
    obj = _lock(obj)
    _check_transition(obj, ReviewEvent.Action.REVISE)
    _check_unit(obj, actor)
    if not (roles.has_role(actor, roles.EDITOR) or obj.author_id == actor.pk):
        raise PublishingError("只有撰稿人或本单位信息发布员可以修订。")
    from_state = obj.review_state
    if from_state == ReviewState.PUBLISHED:
        _unindex(obj)
    _set_state(obj, ReviewState.DRAFT, version=obj.version + 1, publish_at=None)
    _record(
        obj,
        ReviewEvent.Action.REVISE,
        from_state,
        actor,
        f"开始修订第 {obj.version} 版",
    )
    return obj


@transaction.atomic
def confirm_finding(finding: ProofFinding, *, actor: Any, reason: str) -> ProofFinding:
    """Record that a 终审 reviewer accepts a finding as it is, with the reason."""
    if not reason or not reason.strip():
        raise PublishingError("确认校对意见必须填写理由。")
    obj = finding.content_object
    if obj is None:
        raise PublishingError("该校对意见对应的信息已不存在。")
    if not roles.has_role(actor, roles.REVIEW_FINAL):
        raise PublishingError("只有终审人员可以确认严重校对问题。")
    _check_unit(obj, actor)
    if finding.overridden_at is not None:
        raise PublishingError("该校对意见已确认。")
    finding.overridden_by = actor
    finding.overridden_at = timezone.now()
    finding.override_reason = reason.strip()[:300]
    finding.save(update_fields=["overridden_by", "overridden_at", "override_reason"])
    _record(
        obj,
        ReviewEvent.Action.OVERRIDE,
        obj.review_state,
        actor,
        f"确认“{finding.matched}”：{finding.override_reason}",
    )
    return finding


def publish_due(now: datetime.datetime | None = None) -> int:
    """Publish every scheduled record whose time has come; return how many.

    Safe to run twice or late: each record is claimed by a conditional UPDATE, so only
    one run publishes it, and selection is by state, so a missed run catches up.
    """
    now = now or timezone.now()
    published = 0
    for model in publishable_models():
        due = model.objects.filter(
            review_state=ReviewState.SCHEDULED,
            publish_at__isnull=False,
            publish_at__lte=now,
        ).values_list("pk", flat=True)
        for pk in list(due):
            with transaction.atomic():
                # A concurrent sweep holds the row lock and is skipped; a later sweep
                # no longer selects the row because its state has changed.
                obj = (
                    model.objects.select_for_update(skip_locked=True)
                    .filter(
                        pk=pk, review_state=ReviewState.SCHEDULED, publish_at__lte=now
                    )
                    .first()
                )
                if obj is None:
                    continue
                _publish(obj, actor=None, now=now)
                published += 1
    return published


def save_rule(rule: ProofRule) -> ProofRule:
    """Validate and save a proofreading rule; raises ``RuleError`` in Chinese."""
    validate_rule(rule.pattern, rule.is_regex)
    rule.save()
    return rule
