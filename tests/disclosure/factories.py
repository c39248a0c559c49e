from __future__ import annotations

import factory

from disclosure.models import InformationItem
from tests.portal.factories import OrganisationFactory


class InformationItemFactory(factory.django.DjangoModelFactory):
    """A draft item; later states are reached through the publishing services."""

    class Meta:
        model = InformationItem

    title = factory.Sequence(lambda n: f"济阳区政务公开测试信息{n}")
    category = InformationItem.Category.NEWS
    organisation = factory.SubFactory(OrganisationFactory)
    body = "<p>为做好政务公开工作，现将有关情况公开如下。</p>"
