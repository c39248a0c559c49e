"""Organisation scope: staff see and edit only their own unit's records.

The one rule, written once: :func:`scope_queryset` narrows any queryset to the rows of the
user's unit (all rows for the 区政务公开办 role). Models get it as
``OrganisationScopedQuerySet.visible_to``; admin classes get it from
:class:`OrganisationScopedAdminMixin`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models

from portal.roles import is_office_admin

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

_QS = TypeVar("_QS", bound=models.QuerySet[Any])


def scope_queryset(
    queryset: _QS,
    user: AbstractBaseUser | AnonymousUser,
    lookup: str = "organisation",
) -> _QS:
    """Return the rows of ``queryset`` that ``user`` may see as staff.

    ``lookup`` is the path from the model to its owning unit (``"organisation"``,
    ``"drafting_unit"``, ``"pk"`` for the organisation table itself).
    """
    if is_office_admin(user):
        return queryset
    organisation_id = getattr(user, "organisation_id", None)
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return queryset.none()
    return queryset.filter(**{lookup: organisation_id})


class OrganisationScopedQuerySet(models.QuerySet[Any]):
    scope_lookup = "organisation"

    def visible_to(
        self, user: AbstractBaseUser | AnonymousUser
    ) -> OrganisationScopedQuerySet:
        return scope_queryset(self, user, self.scope_lookup)


class OrganisationScopedAdminMixin:
    """Admin mixin applying organisation scope to lists, forms, edits and deletes.

    Set ``organisation_lookup`` when the owning unit is not the ``organisation`` field.
    Out-of-scope objects are invisible: the change page answers 404 for them.
    """

    organisation_lookup = "organisation"

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return scope_queryset(queryset, request.user, self.organisation_lookup)

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        from portal.models import Organisation

        if (
            db_field.name == self.organisation_lookup
            and db_field.related_model is Organisation
            and not is_office_admin(request.user)
        ):
            own_unit: Any = getattr(request.user, "organisation_id", None)
            kwargs["queryset"] = Organisation.objects.filter(pk=own_unit)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)  # type: ignore[misc]
        organisation_id = getattr(request.user, "organisation_id", None)
        if self.organisation_lookup != "pk" and organisation_id is not None:
            initial.setdefault(self.organisation_lookup, organisation_id)
        return initial

    def save_model(
        self, request: HttpRequest, obj: Any, form: Any, change: bool
    ) -> None:
        field = f"{self.organisation_lookup}_id"
        if not is_office_admin(request.user) and hasattr(obj, field):
            # A unit's staff can only ever write rows of their own unit.
            setattr(obj, field, getattr(request.user, "organisation_id", None))
        super().save_model(request, obj, form, change)  # type: ignore[misc]
