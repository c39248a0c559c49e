"""Staff side: scope, roles, masking, exports."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.models import Letter
from interaction.services import events as event_services
from interaction.services import mailbox
from tests.interaction.conftest import NOW, Cast, make_event

pytestmark = pytest.mark.django_db


def test_a_unit_sees_only_its_letters_with_phones_masked_for_others(
    client, cast: Cast, letter: Letter
) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    client.force_login(cast.other_handler)
    assert (
        "建议增设公交站点"
        not in client.get(
            reverse("admin:interaction_letter_changelist")
        ).content.decode()
    )
    change = reverse("admin:interaction_letter_change", args=[letter.pk])
    assert client.get(change).status_code in (302, 404)
    client.force_login(cast.handler)
    html = client.get(change).content.decode()
    assert "13912345678" in html  # the handler of the letter sees the contact
    client.force_login(cast.admin)
    listing = client.get(reverse("admin:interaction_letter_changelist")).content
    assert "139****5678" in listing.decode()


def test_steps_are_refused_to_other_units_and_to_staff_without_the_role(
    client, cast: Cast, letter: Letter
) -> None:
    mailbox.assign_letter(letter, actor=cast.admin, unit=cast.unit, now=NOW)
    url = reverse("admin:interaction_letter_step", args=[letter.pk, "reply"])
    client.force_login(cast.other_handler)
    assert client.post(url, {"text": "越权答复"}).status_code == 403
    client.force_login(cast.editor)
    assert client.post(url, {"text": "无权答复"}).status_code == 403
    client.force_login(cast.handler)
    response = client.post(url, {"text": "依职答复"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "replied"
    # A refused step shows its reason, never a 500.
    response = client.post(url, {"text": "再答一次"})
    assert "不能答复" in response.content.decode()


def test_attendee_export_masks_personal_data(client, cast: Cast) -> None:
    event = make_event(cast.unit, requires_id=True)
    event_services.register_for_event(
        event,
        name="甲",
        phone="13900000001",
        id_type="resident_id",
        id_number="11010519491231002X",
        now=timezone.now(),
    )
    client.force_login(cast.handler)
    response = client.post(
        reverse("admin:interaction_openmonthevent_changelist"),
        {"action": "export_attendees", "_selected_action": [event.pk]},
    )
    body = response.content.decode()
    assert "甲" in body and "139****0001" in body and "1101**********002X" in body
    assert "13900000001" not in body and "11010519491231002X" not in body
    client.force_login(cast.other_handler)
    url = reverse("admin:interaction_openmonthevent_checkin", args=[event.pk])
    assert client.get(url).status_code == 403
