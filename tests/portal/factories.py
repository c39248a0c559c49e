from __future__ import annotations

import re
from typing import Any

import factory
from django.contrib.auth.models import Group

from portal.models import Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"济阳区测试局{n}")
    short_name = factory.Sequence(lambda n: f"测试局{n}")
    code = factory.Sequence(lambda n: f"unit{n}")
    kind = Organisation.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@jiyang.gov.cn")
    organisation = factory.SubFactory(OrganisationFactory)
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def roles(
        self, create: bool, extracted: list[str] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            for role in extracted:
                self.groups.add(Group.objects.get(name=role))


def management_forms(response: Any) -> dict[str, str]:
    """Return the inline management-form fields of an admin change page."""
    html = response.content.decode()
    return dict(
        re.findall(
            r'name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"',
            html,
        )
    )
