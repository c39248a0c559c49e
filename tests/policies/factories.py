"""Factories of the policy library: rows in their initial (draft) state, created
through the services. Later states are reached by calling the publishing services
(see :func:`publish`)."""

from __future__ import annotations

import datetime
from typing import Any

import factory

from policies.models import DocType, Document, Interpretation, Topic
from policies.services import save_document, save_interpretation
from portal.publishing import services as publishing
from tests.portal.factories import OrganisationFactory

TODAY = datetime.date(2024, 6, 1)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"关于做好第{n}批稳就业工作的通知")
    organisation = factory.SubFactory(OrganisationFactory)
    doc_number = factory.Sequence(lambda n: f"济阳测试发〔2023〕{n + 1}号")
    doc_type = DocType.NORMATIVE
    topic = Topic.LABOUR
    written_date = datetime.date(2024, 3, 1)
    body = "<p>各镇人民政府、街道办事处，区政府各部门：现将有关事项通知如下。</p>"

    @classmethod
    def _create(
        cls, model_class: type[Document], *args: Any, **kwargs: Any
    ) -> Document:
        issuers = kwargs.pop("issuers", None)
        audiences = kwargs.pop("audiences", None)
        today = kwargs.pop("today", TODAY)
        document = model_class(**kwargs)
        return save_document(
            document,
            actor=None,
            today=today,
            issuers=issuers if issuers is not None else [document.organisation],
            audiences=audiences,
        )


class InterpretationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpretation

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.LazyAttribute(lambda o: o.document.organisation)
    title = factory.LazyAttribute(lambda o: f"《{o.document.title}》政策解读")
    body = "<p>一、制定背景。二、主要内容。三、适用范围。</p>"

    @classmethod
    def _create(
        cls, model_class: type[Interpretation], *args: Any, **kwargs: Any
    ) -> Interpretation:
        return save_interpretation(model_class(**kwargs), actor=None)


def review(obj: Any, desk: Any) -> Any:
    """Take ``obj`` from draft through 初审 and 复审 to 待终审 with ``desk``'s staff."""
    obj = publishing.submit(obj, actor=desk.editor)
    obj = publishing.approve(obj, actor=desk.first)
    return publishing.approve(obj, actor=desk.second)


def publish(obj: Any, desk: Any) -> Any:
    """Take ``obj`` through the whole 三审三校 workflow with ``desk``'s staff."""
    obj = review(obj, desk)
    obj = publishing.approve(obj, actor=desk.final)
    obj.refresh_from_db()
    return obj
