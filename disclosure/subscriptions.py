"""E-mail subscriptions to new disclosures: double opt-in, one-click unsubscribe, and a
daily digest that reads new content through the one visibility rule.

The address is personal data: it goes into the To: header and nowhere else (no page,
no log line, no export), and unsubscribing deletes the row.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from disclosure.models import DigestSent, Subscription
from disclosure.selectors import key_area_items, node_items, public_items

log = logging.getLogger(__name__)

DIGEST_LIMIT = 50
# A pending subscription for the same address and target is not mailed again
# within this time (a form resubmitted in a loop sends one confirmation).
RESEND_AFTER = datetime.timedelta(minutes=10)
MAX_PENDING_PER_DAY = 5


@dataclass(frozen=True)
class DigestLine:
    title: str
    url: str
    published_at: datetime.datetime


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _send(name: str, context: dict[str, Any], subscription: Subscription) -> None:
    unsubscribe = _absolute(
        reverse("disclosure:unsubscribe", args=[subscription.token])
    )
    context = {
        **context,
        "unsubscribe_url": unsubscribe,
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string(f"disclosure/email/{name}_subject.txt", context)
    body = render_to_string(f"disclosure/email/{name}_body.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        None,
        [subscription.email],
        # RFC 8058 one-click unsubscribe for mail clients.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def target_label(subscription: Subscription) -> str:
    kind = Subscription.Kind
    if subscription.kind == kind.CATALOGUE and subscription.catalogue_node:
        return f"公开目录“{subscription.catalogue_node.name}”"
    if subscription.kind == kind.KEY_AREA and subscription.key_area:
        return f"重点领域“{subscription.key_area.name}”"
    if subscription.kind == kind.POLICY_TOPIC:
        return f"政策主题“{subscription.get_policy_topic_display()}”"
    return f"检索词“{subscription.search_query}”"


@transaction.atomic
def subscribe(
    *,
    email: str,
    kind: str,
    now: datetime.datetime,
    catalogue_node: Any = None,
    key_area: Any = None,
    policy_topic: str = "",
    search_query: str = "",
) -> Subscription:
    """Record a pending subscription and mail its confirmation link (double opt-in).

    Subscribing again to the same target reuses the row; nothing is sent until the
    address's owner confirms.
    """
    target = {
        "email": email.strip().lower(),
        "kind": kind,
        "catalogue_node": catalogue_node,
        "key_area": key_area,
        "policy_topic": policy_topic,
        "search_query": search_query.strip(),
    }
    subscription = Subscription.objects.filter(**target).first()
    recent_pending = Subscription.objects.filter(
        email=target["email"],
        confirmed_at__isnull=True,
        created_at__gt=now - datetime.timedelta(days=1),
    )
    if subscription is None and recent_pending.count() >= MAX_PENDING_PER_DAY:
        # An address is not sent more than a few unconfirmed requests a day (someone
        # else may be typing it); the visitor sees the same answer either way.
        return Subscription(**target, token="", created_at=now)
    if subscription is None:
        subscription = Subscription.objects.create(
            **target, token=secrets.token_urlsafe(32), created_at=now
        )
    elif subscription.confirmed_at is not None or (
        now - subscription.created_at < RESEND_AFTER
    ):
        return subscription
    else:
        subscription.created_at = now
        subscription.save(update_fields=["created_at"])
    confirm = _absolute(reverse("disclosure:confirm", args=[subscription.token]))
    label = target_label(subscription)
    transaction.on_commit(
        lambda: _send(
            "subscription_confirm",
            {"confirm_url": confirm, "target": label},
            subscription,
        )
    )
    return subscription


@transaction.atomic
def confirm_subscription(token: str, *, now: datetime.datetime) -> Subscription | None:
    """Confirm the subscription of ``token``; digests cover content published after."""
    subscription = Subscription.objects.select_for_update().filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = now
        subscription.sent_through = now
        subscription.save(update_fields=["confirmed_at", "sent_through"])
    return subscription


def unsubscribe(token: str) -> bool:
    """Delete the subscription of ``token`` (and with it the address)."""
    deleted, _ = Subscription.objects.filter(token=token).delete()
    return deleted > 0


def new_content(
    subscription: Subscription, *, since: datetime.datetime, until: datetime.datetime
) -> list[DigestLine]:
    """Content of the subscription's target that became public in (since, until].

    Every branch reads a public selector (``public()`` or the publication index,
    which holds only public content), so withdrawn content is never mailed.
    """
    kind = Subscription.Kind
    rows: Any
    if subscription.kind == kind.CATALOGUE and subscription.catalogue_node:
        rows = node_items(subscription.catalogue_node).filter(published_at__lte=until)
    elif subscription.kind == kind.KEY_AREA and subscription.key_area:
        rows = key_area_items(subscription.key_area).filter(published_at__lte=until)
    elif subscription.kind == kind.POLICY_TOPIC:
        from policies.selectors import public_documents

        rows = public_documents(until).filter(topic=subscription.policy_topic)
    elif subscription.kind == kind.SEARCH:
        from portal.models import IndexEntry
        from portal.search.query import matching, parse_query

        query = parse_query(subscription.search_query)
        rows = matching(IndexEntry.objects.filter(published_at__lte=until), query).only(
            "title", "url", "published_at"
        )
        return [
            DigestLine(e.title, e.url, e.published_at)
            for e in rows.filter(published_at__gt=since).order_by("-published_at")[
                :DIGEST_LIMIT
            ]
        ]
    else:
        rows = public_items(until).none()
    return [
        DigestLine(r.title, r.get_absolute_url(), r.published_at)
        for r in rows.filter(published_at__gt=since).order_by("-published_at")[
            :DIGEST_LIMIT
        ]
    ]


def send_digest(subscription: Subscription, *, now: datetime.datetime) -> bool:
    """Send today's digest to one subscription; return False if nothing was sent.

    The day's marker is inserted in the same transaction as the send: a second run
    the same day finds the marker (IntegrityError) and sends nothing.
    """
    since = subscription.sent_through or subscription.confirmed_at or now
    lines = new_content(subscription, since=since, until=now)
    if not lines:
        return False
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                subscription=subscription,
                day=timezone.localdate(now),
                sent_at=now,
                item_count=len(lines),
            )
            Subscription.objects.filter(pk=subscription.pk).update(sent_through=now)
            _send(
                "subscription_digest",
                {"lines": lines, "target": target_label(subscription)},
                subscription,
            )
    except IntegrityError:
        return False  # already sent today by an earlier or concurrent run
    return True


def send_digests(now: datetime.datetime) -> int:
    """Send the daily digests of every confirmed subscription; return how many went.

    One failure is logged (by subscription number, never by address) and retried on
    the next run; it does not stop the sweep.
    """
    sent = 0
    today = timezone.localdate(now)
    pending = (
        Subscription.objects.filter(confirmed_at__isnull=False)
        .exclude(digests__day=today)
        .select_related("catalogue_node", "key_area")
    )
    for subscription in pending.iterator(chunk_size=200):
        try:
            sent += send_digest(subscription, now=now)
        except Exception as error:  # noqa: BLE001 - one bad send must not stop the sweep
            # The error's text may quote the address (SMTP refusals): log its type only.
            log.error(  # noqa: TRY400
                "digest failed for subscription %s: %s",
                subscription.pk,
                type(error).__name__,
            )
    return sent
