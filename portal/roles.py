"""Staff roles (Django groups) and the permissions each role is granted.

The groups are created by a data migration. Apps add the permissions their models need
to a role by calling :func:`grant` from ``AppConfig.ready``; a ``post_migrate`` handler
writes the result, so ``portal`` never imports a domain app.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

EDITOR = "信息发布员"
REVIEW_FIRST = "初审"
REVIEW_SECOND = "复审"
REVIEW_FINAL = "终审"
REQUEST_HANDLER = "依申请公开办理人"
INTERACTION_HANDLER = "互动办理人"
OFFICE_ADMIN = "政务公开办管理员"
# A unit's contact for supervision: reports task progress, meetings and trainings, new media.
SUPERVISION_LIAISON = "政务公开联络员"

ALL_ROLES: tuple[str, ...] = (
    EDITOR,
    REVIEW_FIRST,
    REVIEW_SECOND,
    REVIEW_FINAL,
    REQUEST_HANDLER,
    INTERACTION_HANDLER,
    OFFICE_ADMIN,
    SUPERVISION_LIAISON,
)

# role -> {"app_label.codename", ...}
_GRANTS: dict[str, set[str]] = defaultdict(set)


def grant(role: str, *permissions: str) -> None:
    """Register that ``role`` holds ``permissions`` (``"app_label.codename"``)."""
    if role not in ALL_ROLES:
        raise ValueError(f"Unknown role {role!r}")
    _GRANTS[role].update(permissions)


def grants() -> dict[str, set[str]]:
    return {role: set(perms) for role, perms in _GRANTS.items()}


def has_role(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(user, "_role_names_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
        user._role_names_cache = cache  # type: ignore[union-attr]
    return role in cache


def is_office_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Return True for the 区政务公开办 role (and superusers), who see every unit's rows."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False)) or has_role(user, OFFICE_ADMIN)
