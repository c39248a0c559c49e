"""Access to applicants' whole personal data, logged."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import roles
from portal.models import User
from requests_app import crypto
from requests_app.models import (
    Application,
    PersonalDataAccess,
)
from requests_app.services._events import (
    logger,
)

# --- personal data -----------------------------------------------------------------------


def can_see_personal_data(user: User, application: Application) -> bool:
    """Only the handler of the application and the office administrators."""
    return roles.is_office_admin(user) or (
        application.handler_id is not None and application.handler_id == user.pk
    )


@transaction.atomic
def reveal_id_number(
    application: Application, *, user: User, now: datetime.datetime
) -> str:
    """Return the whole identity number and log the view (who, when)."""
    if not can_see_personal_data(user, application):
        raise PermissionDenied(
            "只有本申请的办理人和政务公开办管理员可以查看完整证件号码。"
        )
    PersonalDataAccess.objects.create(
        application=application, user=user, at=now, field="id_number"
    )
    logger.info(
        "personal data viewed: application=%s field=id_number user=%s",
        application.pk,
        user.pk,
    )
    return crypto.decrypt(application.id_number_encrypted)
