"""Every page type of the portal, for the security and accessibility checks: the
public pages (those of the layout test plus the interaction and supervision
pages), the API's documentation, and the staff pages and admin."""

from __future__ import annotations

from django.urls import reverse

from interaction.selectors import public_events, public_letters
from interaction.selectors_consultations import public_consultations
from interaction.selectors_programme import public_interviews, public_meetings
from supervision.models import PublicNotice
from tests.e2e.test_layout import _public_pages, _seed

seed_everything = _seed


def _first_pk(queryset: object) -> int | None:
    first = queryset.order_by("pk").first()  # type: ignore[attr-defined]
    return None if first is None else int(first.pk)


def public_pages() -> list[tuple[str, str]]:
    """(label, url) of one page of each public type; call after seed_everything()."""
    pages = list(_public_pages())
    pages += [
        ("政民互动", reverse("interaction:index")),
        ("写信", reverse("interaction:letter-write")),
        ("信件查询", reverse("interaction:letter-track")),
        ("信件选登", reverse("interaction:reply-list")),
        ("意见征集", reverse("interaction:consultation-list")),
        ("在线访谈", reverse("interaction:interview-list")),
        ("意见征集会议", reverse("interaction:meeting-list")),
        ("承诺事项", reverse("interaction:commitment-list")),
        ("活动报名", reverse("interaction:event-list")),
        ("报名查询", reverse("interaction:registration")),
        ("监督通报", reverse("supervision:notice-list")),
        ("API 文档", reverse("api-docs")),
        ("后台登录", reverse("admin:login")),
    ]
    details = [
        ("信件", "interaction:reply-detail", public_letters()),
        ("意见征集详情", "interaction:consultation-detail", public_consultations()),
        ("访谈", "interaction:interview-detail", public_interviews()),
        ("会议", "interaction:meeting-detail", public_meetings()),
        ("活动", "interaction:event-detail", public_events()),
        (
            "通报",
            "supervision:notice",
            PublicNotice.objects.public(),
        ),
    ]
    for label, name, queryset in details:
        pk = _first_pk(queryset)
        if pk is not None:
            pages.append((label, reverse(name, args=[pk])))
    return pages


def staff_pages() -> list[tuple[str, str]]:
    """(label, url) of the staff work pages and admin, for a superuser."""
    from requests_app.models import Application

    pages = [
        ("后台首页", reverse("admin:index")),
        ("文件列表（后台）", reverse("admin:policies_document_changelist")),
        ("文件新增（后台）", reverse("admin:policies_document_add")),
        ("依申请工作台", reverse("requests:staff-dashboard")),
        ("依申请登记", reverse("requests:staff-register")),
        ("督查工作台", reverse("supervision:dashboard")),
    ]
    application = _first_pk(Application.objects.all())
    if application is not None:
        pages.append(
            (
                "申请详情（工作人员）",
                reverse("requests:staff-detail", args=[application]),
            )
        )
    return pages
