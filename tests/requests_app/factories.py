"""Factories for on-request disclosure. Applications are filed through the service,
so every one starts with its first event; later states come from calling services."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from requests_app import services
from requests_app.choices import ApplicantType, Channel, IdType
from requests_app.ids import credit_code_check_char, resident_id_check_char
from requests_app.models import Application, ReplyTemplate
from tests.portal.factories import OrganisationFactory


def resident_id(n: int) -> str:
    body = f"370125198{n % 10}0{1 + n % 9}1{n % 10}{n % 1000:03d}"[:17]
    return body + resident_id_check_char(body)


def credit_code(n: int) -> str:
    body = f"91370125MA{n:07d}"[:17]
    return body + credit_code_check_char(body)


class ApplicationFactory(factory.Factory):
    """Build an ``Application`` by filing it with ``services.submit_application``."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    channel = Channel.ONLINE
    now = factory.LazyFunction(timezone.now)
    applicant_type = ApplicantType.NATURAL
    name = factory.Sequence(lambda n: f"申请人{n}")
    id_type = IdType.RESIDENT_ID
    id_number = factory.Sequence(resident_id)
    credit_code = ""
    legal_representative = ""
    contact_name = ""
    phone = factory.Sequence(lambda n: f"1380531{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    address = "济南市济阳区富阳街1号"
    description = "请公开2024年度本单位城市更新项目的征收补偿方案。"
    document_hint = ""
    delivery_method = "email"
    form = "electronic"
    topic = "urban_renewal"
    area = "济阳街道"
    signed_on: datetime.date | None = None

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Application:
        organisation = kwargs.pop("organisation")
        channel = kwargs.pop("channel")
        now = kwargs.pop("now")
        signed_on = kwargs.pop("signed_on")
        submission = services.submit_application(
            services.ApplicationInput(**kwargs),
            organisation=organisation,
            now=now,
            channel=channel,
            signed_on=signed_on,
        )
        application = submission.application
        application._query_code = submission.query_code  # type: ignore[attr-defined]
        return application


class LegalApplicationFactory(ApplicationFactory):
    applicant_type = ApplicantType.LEGAL
    name = factory.Sequence(lambda n: f"济阳测试商贸有限公司{n}")
    id_type = ""
    id_number = ""
    credit_code = factory.Sequence(credit_code)
    legal_representative = "王某"
    contact_name = "李某"
    legal_person_kind = "business"


class ReplyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    title = factory.Sequence(lambda n: f"答复口径{n}")
    reply_type = "disclosed"
    reason = ""
    body = "经查，您申请公开的信息已主动公开，可通过济阳区政务公开平台查阅。"
