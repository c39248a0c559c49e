"""Apply the role → permission grants that apps registered in ``portal.roles``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from portal import roles


def sync_role_permissions(**kwargs: Any) -> None:
    """Give each role group exactly the permissions registered for it (idempotent)."""
    for role, perms in roles.grants().items():
        group, _ = Group.objects.get_or_create(name=role)
        query = Q(pk__in=[])
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))
