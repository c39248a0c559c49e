"""Who may use the 依申请公开 staff workbench: the same permissions as its admin.

Every staff view carries :func:`staff_permission_required`; organisation scope is then
applied by ``Application.objects.visible_to`` in the selectors, so a user of another
unit finds nothing (404) and a user without the role is refused (403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from portal import roles
from portal.models import User

VIEW = "requests_app.view_application"
PROCESS = "requests_app.process_application"
VIEW_CASES = "requests_app.view_typicalcase"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def staff_permission_required(*perms: str) -> Callable[[View], View]:
    """Require an active staff login (else the login page) holding every one of ``perms``.

    The same permissions the admin checks for the model, so the workbench cannot show
    what the admin would refuse.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_active and user.is_staff):
                return redirect_to_login(
                    request.get_full_path(), resolve_url(settings.LOGIN_URL)
                )
            if not user.has_perms(perms):
                raise PermissionDenied("您没有办理政府信息公开申请的权限。")
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def handler_candidates(organisation_id: int | None) -> QuerySet[User]:
    """Staff of the unit who hold the 依申请公开办理人 role (who may be assigned).

    Being assigned opens the applicant's whole personal data to the user, so the choice
    is limited to the role that is meant to see it.
    """
    if organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            is_staff=True,
            organisation_id=organisation_id,
            groups__name=roles.REQUEST_HANDLER,
        )
        .distinct()
        .order_by("username")
    )
