"""Notices (通报, 工作要点（十四）): drafted from the scorecard, sent by the office; the
public rendition goes through 三审三校 (portal/publishing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string

from portal.models import Organisation
from portal.roles import is_office_admin
from supervision.models import Notice, PublicNotice
from supervision.selectors import ScoreRow, scorecard

NOTICE_SECTION = PublicNotice.publication_section


def units_for_notice(rows: list[ScoreRow], kind: str) -> list[ScoreRow]:
    """Praise goes to units with every task done and no problem; criticism to those
    with overdue tasks, failed inspections, stale accounts or a missing activity."""
    if kind == Notice.Kind.PRAISE:
        return [row for row in rows if row.outstanding]
    return [row for row in rows if row.problems > 0]


@transaction.atomic
def draft_notice(
    *, year: int, kind: str, actor: Any, today: datetime.date, is_public: bool = False
) -> Notice:
    """Draft a notice whose text and units come from the year's scorecard (office only)."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以起草通报。")
    if kind not in Notice.Kind.values:
        raise ValidationError({"kind": "请选择通报类型。"})
    rows = units_for_notice(scorecard(year, today), kind)
    if not rows:
        raise ValidationError("按当前数据没有需要通报的单位。")
    label = Notice.Kind(kind).label
    body = render_to_string(
        "supervision/notice_body.txt",
        {"year": year, "kind": kind, "rows": rows, "today": today},
    )
    notice = Notice.objects.create(
        year=year,
        kind=kind,
        title=f"关于{year}年度政务公开工作情况的{label}",
        body=body.strip(),
        is_public=is_public,
        created_by=actor,
    )
    notice.organisations.set([row.organisation for row in rows])
    return notice


@transaction.atomic
def publish_notice(notice: Notice, *, actor: Any, now: datetime.datetime) -> Notice:
    """Send a notice to its units (an office action). A notice marked 向社会公开 also
    gets its public rendition drafted: that reaches the site only through 三审三校."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以发布通报。")
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.published_at is not None:
        raise ValidationError("该通报已发布。")
    locked.published_at = now
    locked.save(update_fields=["published_at"])
    if locked.is_public:
        prepare_public_notice(locked, actor=actor)
    return locked


@transaction.atomic
def prepare_public_notice(notice: Notice, *, actor: Any) -> PublicNotice:
    """Create (once) the draft public rendition of ``notice`` in the office's desk."""
    if not is_office_admin(actor):
        raise PermissionDenied("只有政务公开办可以生成公开通报。")
    existing = PublicNotice.objects.filter(notice=notice).first()
    if existing is not None:
        return existing
    office = (
        Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
        or actor.organisation
    )
    return PublicNotice.objects.create(
        notice=notice,
        organisation=office,
        author=actor,
        kind=notice.kind,
        title=notice.title,
        body=notice.body,
    )
