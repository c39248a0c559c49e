"""Staff side of consultations and interviews: scope and roles."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.models import Comment
from interaction.services import consultations as services
from portal import roles
from tests.conftest import Desk
from tests.interaction.test_consultations import make_consultation
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_comment_moderation_is_scoped_to_the_drafting_unit(client, desk: Desk) -> None:
    consultation = make_consultation(desk)
    comment = services.submit_comment(
        consultation, content="支持本办法。", contact="13800000000", now=timezone.now()
    )
    handler = UserFactory(organisation=desk.unit, roles=[roles.INTERACTION_HANDLER])
    outsider = UserFactory(roles=[roles.INTERACTION_HANDLER])
    no_role = UserFactory(organisation=desk.unit)
    changelist = reverse("admin:interaction_comment_changelist")
    client.force_login(no_role)
    assert client.get(changelist).status_code == 403
    client.force_login(outsider)
    assert "支持本办法" not in client.get(changelist).content.decode()
    response = client.post(
        changelist,
        {"action": "approve_selected", "_selected_action": [comment.pk]},
    )
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    del response
    client.force_login(handler)
    client.post(
        changelist,
        {"action": "reject_irrelevant", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == "rejected" and comment.rejection_reason == "irrelevant"
    assert comment.moderated_by == handler
