"""Access to applicants' whole personal data, logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
    """Only the handler of the application (still holding the role) and the office."""
    return roles.is_office_admin(user) or (
        application.handler_id is not None
        and application.handler_id == user.pk
        and user.has_perm("requests_app.process_application")
    )


@dataclass(frozen=True)
class PersonalData:
    name: str
    id_number: str
    phone: str
    email: str
    address: str


@transaction.atomic
def reveal_personal_data(
    application: Application, *, user: User, now: datetime.datetime
) -> PersonalData:
    """Return the applicant's whole personal data and log the view (who, when)."""
    if not can_see_personal_data(user, application):
        raise PermissionDenied(
            "只有本申请的办理人和政务公开办管理员可以查看申请人完整个人信息。"
        )
    PersonalDataAccess.objects.create(
        application=application, user=user, at=now, field="personal_data"
    )
    # Only identifiers go to the log, never the values.
    logger.info("personal data viewed: application=%s user=%s", application.pk, user.pk)
    return PersonalData(
        name=application.name,
        id_number=crypto.decrypt(application.id_number_encrypted),
        phone=application.phone,
        email=application.email,
        address=application.address,
    )
