from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from interaction.models import Letter, OpenMonthEvent
from interaction.services import mailbox
from portal import roles
from portal.models import Organisation, User
from tests.portal.factories import OrganisationFactory, UserFactory

# A Tuesday in a week without holidays.
NOW = datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC)


@dataclass
class Cast:
    office: Organisation
    unit: Organisation
    other_unit: Organisation
    admin: User
    handler: User
    other_handler: User
    editor: User  # a member of staff without the interaction role


@pytest.fixture
def cast(db) -> Cast:
    office = OrganisationFactory(name="济阳区人民政府办公室", code="office")
    unit = OrganisationFactory(name="济阳区住房和城乡建设局", code="zjj")
    other = OrganisationFactory(name="济阳区教育和体育局", code="jtj")
    return Cast(
        office=office,
        unit=unit,
        other_unit=other,
        admin=UserFactory(organisation=office, roles=[roles.OFFICE_ADMIN]),
        handler=UserFactory(organisation=unit, roles=[roles.INTERACTION_HANDLER]),
        other_handler=UserFactory(
            organisation=other, roles=[roles.INTERACTION_HANDLER]
        ),
        editor=UserFactory(organisation=unit, roles=[roles.EDITOR]),
    )


def write_letter(
    now: datetime.datetime = NOW, **overrides: object
) -> mailbox.Submission:
    data: dict[str, object] = {
        "category": "suggestion",
        "subject": "建议增设公交站点",
        "content": "城东小区附近没有公交站，请联系我 13912345678。",
        "name": "李四",
        "phone": "13912345678",
        "email": "lisi@example.com",
        "allow_public": True,
    }
    data.update(overrides)
    return mailbox.submit_letter(now=now, **data)  # type: ignore[arg-type]


@pytest.fixture
def letter(cast: Cast) -> Letter:
    return write_letter().letter


def make_event(
    organisation: Organisation,
    *,
    capacity: int = 2,
    now: datetime.datetime | None = None,
    **overrides: object,
) -> OpenMonthEvent:
    now = now or timezone.now()
    data: dict[str, object] = {
        "organisation": organisation,
        "title": "走进区政务服务中心",
        "place": "济阳区政务服务中心",
        "starts_at": now + datetime.timedelta(days=10),
        "capacity": capacity,
        "registration_opens_at": now - datetime.timedelta(days=1),
        "registration_closes_at": now + datetime.timedelta(days=9),
        "is_published": True,
    }
    data.update(overrides)
    return OpenMonthEvent.objects.create(**data)


def publish_letter(cast: Cast, desk: object, **overrides: object) -> object:
    """A replied letter whose redacted rendition passed 三审三校 (desk's unit)."""
    from interaction.models import PublishedLetter
    from portal.publishing import services as publishing

    letter = write_letter(**overrides).letter
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    mailbox.reply_to_letter(
        letter,
        actor=cast.handler,
        text="您好，已将城东站点纳入线网优化方案。",
        now=NOW + datetime.timedelta(days=1),
    )
    letter.refresh_from_db()
    draft = mailbox.prepare_publication(letter, actor=cast.handler)
    PublishedLetter.objects.filter(pk=draft.pk).update(organisation=desk.unit)  # type: ignore[attr-defined]
    draft.refresh_from_db()
    record = publishing.submit(draft, actor=desk.editor)  # type: ignore[attr-defined]
    for reviewer in (desk.first, desk.second, desk.final):  # type: ignore[attr-defined]
        record = publishing.approve(record, actor=reviewer)
    return record
