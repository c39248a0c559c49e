from __future__ import annotations

import factory

from disclosure.models import CatalogueNode, InformationItem, KeyArea
from tests.portal.factories import OrganisationFactory


class InformationItemFactory(factory.django.DjangoModelFactory):
    """A draft item; later states are reached through the publishing services."""

    class Meta:
        model = InformationItem

    title = factory.Sequence(lambda n: f"济阳区政务公开测试信息{n}")
    category = InformationItem.Category.NEWS
    organisation = factory.SubFactory(OrganisationFactory)
    body = "<p>为做好政务公开工作，现将有关情况公开如下。</p>"


class CatalogueNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueNode

    name = factory.Sequence(lambda n: f"测试公开事项{n}")
    legal_basis = "条例第二十条"


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyArea

    slug = factory.Sequence(lambda n: f"area{n}")
    name = factory.Sequence(lambda n: f"重点领域{n}")
