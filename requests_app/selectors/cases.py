"""The typical-case library: what the public and staff see of it."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)

from portal.text_input import clean_search_text
from requests_app.choices import AttachmentCheck
from requests_app.models import (
    Attachment,
    TypicalCase,
)


def public_cases(query: str = "", topic: str = "") -> QuerySet[TypicalCase]:
    """The one rule for what the public sees of the case library."""
    cases = TypicalCase.objects.filter(is_public=True).select_related("organisation")
    return _filter_cases(cases, query, topic)


def staff_cases(user: Any, query: str = "", topic: str = "") -> QuerySet[TypicalCase]:
    """Staff see every case of the library (it exists to prepare answers)."""
    cases = TypicalCase.objects.select_related("organisation")
    if not getattr(user, "is_staff", False):
        cases = cases.filter(is_public=True)
    return _filter_cases(cases, query, topic)


def clean_query(text: str, limit: int = 50) -> str:
    """Return a search string without control characters (PostgreSQL refuses NUL):
    the portal's one cleaning step for search boxes."""
    return clean_search_text(text, limit=limit)


def _filter_cases(
    cases: QuerySet[TypicalCase], query: str, topic: str
) -> QuerySet[TypicalCase]:
    query = clean_query(query)
    if query:
        cases = cases.filter(
            Q(title__icontains=query)
            | Q(request_summary__icontains=query)
            | Q(handling__icontains=query)
        )
    if topic:
        cases = cases.filter(topic=topic)
    return cases.order_by("-published_at", "-id")


def get_public_case(pk: int) -> TypicalCase | None:
    return (
        public_cases()
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(
                    check_status__in=RELEASED_CHECKS
                ).only("id", "typical_case_id", "original_name", "size"),
                to_attr="released_attachments",
            )
        )
        .filter(pk=pk)
        .first()
    )


# Only files whose hidden-data check passed, or that a person reviewed, leave the office.
RELEASED_CHECKS = (AttachmentCheck.CLEAN, AttachmentCheck.APPROVED)


def get_public_case_attachment(case_pk: int, attachment_pk: int) -> Attachment | None:
    return Attachment.objects.filter(
        pk=attachment_pk,
        typical_case_id=case_pk,
        typical_case__is_public=True,
        check_status__in=RELEASED_CHECKS,
    ).first()


# --- projection check ----------------------------------------------------------------
