"""The 三审三校 review workflow: one function per transition, each in a transaction,
each recording a ``ReviewEvent``.

The allowed steps are the one table in :mod:`portal.publishing.workflow`; the rules
about *who* may take a step are :func:`refusal`, which the admin also asks to decide
which buttons to show. Each review step is taken by a holder of that step's role in
the record's unit who neither wrote nor changed the version under review and who has
not approved another step of the same round (a 退回 closes a round; the resubmission
opens a new one). Proofreading runs before each step; an unconfirmed finding of the
highest severity blocks 终审. Every path that makes a record public asks
:func:`~portal.publishing.selectors.check_publication`.

``now`` is passed in by the caller (views and tasks pass ``timezone.now()``); it is an
optional keyword only so that existing callers keep working.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal.publishing.exceptions import PublishingError
from portal.publishing.models import (
    ProofFinding,
    ProofRule,
    Publishable,
    PublishedVersion,
    ReviewEvent,
    ReviewState,
    ensure_draft,
)
from portal.publishing.proofreading import validate_rule
from portal.publishing.rules import available_actions, refusal
from portal.publishing.selectors import (
    HELD_MESSAGE,
    check_publication,
    current_proofreader,
    publishable_models,
    review_projection,
)
from portal.publishing.workflow import (
    Action,
    Projection,
    check_transition,
)
from portal.services import index_publish, index_withdraw

logger = logging.getLogger(__name__)

__all__ = [
    "approve",
    "available_actions",
    "confirm_finding",
    "ensure_editable",
    "proofread",
    "publish_due",
    "record_edit",
    "refusal",
    "save_rule",
    "send_back",
    "start_revision",
    "submit",
    "withdraw",
]


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _lock(obj: Publishable) -> Publishable:
    """Re-read ``obj`` under a row lock so two reviewers cannot take the same step."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    return locked


def _check(
    action: Action, obj: Publishable, actor: Any, projection: Projection
) -> None:
    message = refusal(action, obj, actor, projection)
    if message:
        raise PublishingError(message)


def _record(
    obj: Publishable,
    action: Action,
    from_state: str,
    actor: Any,
    *,
    at: datetime.datetime,
    round_number: int,
    opinion: str = "",
    proofreading: dict[str, int] | None = None,
) -> ReviewEvent:
    return ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        version=obj.version,
        round=round_number,
        action=action,
        from_state=from_state,
        to_state=obj.review_state,
        actor=actor,
        opinion=opinion,
        proofreading=proofreading or {},
        at=at,
    )


def _step(
    obj: Publishable,
    action: Action,
    actor: Any,
    *,
    at: datetime.datetime,
    round_number: int,
    opinion: str = "",
    proofreading: dict[str, int] | None = None,
    **fields: Any,
) -> ReviewEvent:
    """Move ``obj`` along the table for ``action`` and record the event."""
    from_state = obj.review_state
    target = check_transition(from_state, action)
    if target != from_state or fields:
        obj.review_state = target
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.save(update_fields=["review_state", "updated_at", *fields])
    return _record(
        obj,
        action,
        from_state,
        actor,
        at=at,
        round_number=round_number,
        opinion=opinion,
        proofreading=proofreading,
    )


def ensure_editable(obj: Publishable) -> None:
    """Raise :class:`ContentLocked` unless the stored ``obj`` is a draft (or new)."""
    if obj.pk is not None:
        ensure_draft(type(obj), obj.pk)


def record_edit(
    obj: Publishable, *, actor: Any, now: datetime.datetime | None = None
) -> ReviewEvent | None:
    """Record that ``actor`` changed the content of ``obj``'s draft.

    Whoever changed a version may not review it. Consecutive edits by the same person
    are recorded once.
    """
    if actor is None or not getattr(actor, "pk", None):
        return None
    ensure_editable(obj)
    last = (
        ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .order_by("-at", "-id")
        .values_list("action", "actor_id", "version")
        .first()
    )
    if last == (Action.EDIT, actor.pk, obj.version):
        return None
    projection = review_projection(obj)
    return _record(
        obj,
        Action.EDIT,
        ReviewState.DRAFT,
        actor,
        at=_now(now),
        round_number=projection.round,
    )


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
def submit(
    obj: Publishable, *, actor: Any, now: datetime.datetime | None = None
) -> Publishable:
    """Send a draft to 初审 (by its author or an editor of its unit), opening a new
    review round, after proofreading it."""
    now = _now(now)
    obj = _lock(obj)
    projection = review_projection(obj)
    _check(Action.SUBMIT, obj, actor, projection)
    problems = ([] if obj.publication_title().strip() else ["标题不能为空。"]) + list(
        obj.submission_problems()
    )
    if problems:
        raise PublishingError("；".join(problems))
    summary = proofread(obj)
    if obj.author_id is None:
        obj.author = actor
        obj.save(update_fields=["author", "updated_at"])
    _step(
        obj,
        Action.SUBMIT,
        actor,
        at=now,
        round_number=projection.round + 1,
        proofreading=summary,
    )
    return obj


@transaction.atomic
def approve(
    obj: Publishable,
    *,
    actor: Any,
    opinion: str = "",
    now: datetime.datetime | None = None,
) -> Publishable:
    """Pass the current review step; after 终审, publish now, or park in 待发布 until
    ``publish_at`` or until the record it waits for is published.

    Refused for a reviewer without the step's role or from another unit, for the
    author or anyone who changed this version, for someone who already approved
    another step of this round, and at 终审 while the publish conditions
    (:func:`~portal.publishing.selectors.check_publication`) are unmet.
    """
    now = _now(now)
    obj = _lock(obj)
    projection = review_projection(obj)
    _check(Action.APPROVE, obj, actor, projection)
    summary = proofread(obj)
    if obj.review_state != ReviewState.FINAL_REVIEW:
        _step(
            obj,
            Action.APPROVE,
            actor,
            at=now,
            round_number=projection.round,
            opinion=opinion,
            proofreading=summary,
        )
        return obj

    check = check_publication(obj, now)
    if check.refusals:
        raise PublishingError("；".join(check.refusals))
    _step(
        obj,
        Action.APPROVE,
        actor,
        at=now,
        round_number=projection.round,
        opinion=opinion,
        proofreading=summary,
    )
    if check.held or check.not_before:
        when = (
            HELD_MESSAGE
            if check.held
            else f"定时发布于 {timezone.localtime(check.not_before):%Y-%m-%d %H:%M}"
        )
        _step(
            obj,
            Action.SCHEDULE,
            actor,
            at=now,
            round_number=projection.round,
            opinion=when,
        )
        return obj
    _publish(obj, actor=actor, now=now, round_number=projection.round)
    return obj


def _publish(
    obj: Publishable,
    *,
    actor: Any,
    now: datetime.datetime,
    round_number: int | None = None,
) -> None:
    """Make ``obj`` public at ``now``, index it, and release its companions that may
    be published now (the same check as every other path)."""
    if round_number is None:
        round_number = review_projection(obj).round
    _step(
        obj,
        Action.PUBLISH,
        actor,
        at=now,
        round_number=round_number,
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
    for dependent in obj.visibility_dependents():
        if dependent.review_state == ReviewState.PUBLISHED and dependent.published_at:
            _index(dependent, dependent.published_at)
    for companion in obj.publish_companions():
        companion = _lock(companion)
        if companion.review_state != ReviewState.SCHEDULED:
            continue
        if check_publication(companion, now).may_publish_now:
            _publish(companion, actor=actor, now=now)


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


def _reason(text: str, message: str) -> str:
    if not text or not text.strip():
        raise PublishingError(message)
    return text.strip()


@transaction.atomic
def send_back(
    obj: Publishable,
    *,
    actor: Any,
    reason: str,
    now: datetime.datetime | None = None,
) -> Publishable:
    """Return the record to 草稿 with the reviewer's reason, closing the review round
    (also cancels a schedule). The resubmission opens a new round."""
    reason = _reason(reason, "退回修改必须填写理由：请写明需要修改的内容。")
    now = _now(now)
    obj = _lock(obj)
    projection = review_projection(obj)
    _check(Action.RETURN, obj, actor, projection)
    _step(
        obj,
        Action.RETURN,
        actor,
        at=now,
        round_number=projection.round,
        opinion=reason,
    )
    return obj


@transaction.atomic
def withdraw(
    obj: Publishable,
    *,
    actor: Any,
    reason: str,
    now: datetime.datetime | None = None,
) -> Publishable:
    """Withdraw (撤稿) a published record with a public reason; nothing is deleted.

    The record leaves every list, search result, feed and the sitemap; its own page
    stays and shows the notice.
    """
    reason = _reason(reason, "撤稿必须填写公开说明。")
    now = _now(now)
    obj = _lock(obj)
    projection = review_projection(obj)
    _check(Action.WITHDRAW, obj, actor, projection)
    _step(
        obj,
        Action.WITHDRAW,
        actor,
        at=now,
        round_number=projection.round,
        opinion=reason,
        withdrawn_at=now,
        withdrawal_reason=reason,
    )
    PublishedVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        version=obj.version,
    ).update(withdrawn_at=now, withdrawal_reason=reason)
    _unindex(obj)
    return obj


@transaction.atomic
def start_revision(
    obj: Publishable, *, actor: Any, now: datetime.datetime | None = None
) -> Publishable:
    """Open a new version of a published or withdrawn record as a draft.

    The published versions stay in the history; the record is not public again until
    the new version passes a new review round.
    """
    now = _now(now)
    obj = _lock(obj)
    projection = review_projection(obj)
    _check(Action.REVISE, obj, actor, projection)
    if obj.review_state == ReviewState.PUBLISHED:
        _unindex(obj)
    _step(
        obj,
        Action.REVISE,
        actor,
        at=now,
        round_number=projection.round,
        opinion=f"开始修订第 {obj.version + 1} 版",
        version=obj.version + 1,
        publish_at=None,
    )
    return obj


@transaction.atomic
def confirm_finding(
    finding: ProofFinding,
    *,
    actor: Any,
    reason: str,
    now: datetime.datetime | None = None,
) -> ProofFinding:
    """Record that a 终审 reviewer accepts a finding as it is, with the reason."""
    reason = _reason(reason, "确认校对意见必须填写理由。")
    now = _now(now)
    obj = finding.content_object
    if obj is None:
        raise PublishingError("该校对意见对应的信息已不存在。")
    projection = review_projection(obj)
    _check(Action.OVERRIDE, obj, actor, projection)
    if finding.overridden_at is not None:
        raise PublishingError("该校对意见已确认。")
    finding.overridden_by = actor
    finding.overridden_at = now
    finding.override_reason = reason[:300]
    finding.save(update_fields=["overridden_by", "overridden_at", "override_reason"])
    _step(
        obj,
        Action.OVERRIDE,
        actor,
        at=now,
        round_number=projection.round,
        opinion=f"确认“{finding.matched}”：{finding.override_reason}",
    )
    return finding


def publish_due(now: datetime.datetime | None = None) -> int:
    """Publish every scheduled record whose time has come and that may be published
    now (:func:`~portal.publishing.selectors.check_publication`); return how many.

    A record that is held (an interpretation whose policy is not published) or whose
    publish conditions no longer hold stays in 待发布. Safe to run twice or late:
    each record is claimed under a row lock, and selection is by state, so a missed
    run catches up.
    """
    now = _now(now)
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
                check = check_publication(obj, now)
                if not check.may_publish_now:
                    logger.info(
                        "publish_due: %s %s waits (held=%s, refusals=%d)",
                        model._meta.label,
                        pk,
                        check.held,
                        len(check.refusals),
                    )
                    continue
                _publish(obj, actor=None, now=now)
                published += 1
    return published


def save_rule(rule: ProofRule) -> ProofRule:
    """Validate and save a proofreading rule; raises ``RuleError`` in Chinese."""
    validate_rule(rule.pattern, rule.is_regex)
    rule.save()
    return rule
