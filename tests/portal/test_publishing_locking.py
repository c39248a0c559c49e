"""Outside 草稿 nothing that reaches the public page changes: every publishable
model's admin and every one of its inlines is read-only, and the models refuse."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from portal.publishing.admin import PublishableAdmin
from portal.publishing.exceptions import ContentLocked
from portal.publishing.models import ReviewState
from portal.publishing.selectors import publishable_models
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCKED_STATES = [state for state in ReviewState if state != ReviewState.DRAFT]


def _admins():
    for model in publishable_models():
        model_admin = admin.site._registry.get(model)
        if model_admin is not None:
            yield model, model_admin


def test_every_publishable_model_has_a_publishing_admin() -> None:
    for model, model_admin in _admins():
        assert isinstance(model_admin, PublishableAdmin), model


@pytest.mark.parametrize("state", LOCKED_STATES)
def test_no_inline_of_any_publishable_model_is_writable_outside_draft(state) -> None:
    superuser = UserFactory(is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    walked = []
    for model, model_admin in _admins():
        record = model(review_state=state)
        assert not model_admin.has_change_permission(request, record), model
        for inline in model_admin.get_inline_instances(request, record):
            name = f"{model.__name__}.{type(inline).__name__}"
            walked.append(name)
            assert not inline.has_add_permission(request, record), name
            assert not inline.has_change_permission(request, record), name
            assert not inline.has_delete_permission(request, record), name
    # The walk saw the inlines that reach the public page.
    assert {"Document.IssuerInline", "Document.AttachmentInline"} <= set(walked)


def test_a_draft_keeps_its_inlines_writable() -> None:
    superuser = UserFactory(is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    from policies.models import Document

    model_admin = admin.site._registry[Document]
    record = Document(review_state=ReviewState.DRAFT)
    writable = [
        type(inline).__name__
        for inline in model_admin.get_inline_instances(request, record)
        if inline.has_add_permission(request, record)
    ]
    assert writable == ["IssuerInline", "AttachmentInline"]


def test_a_full_save_of_a_record_under_review_is_refused(desk) -> None:
    from portal.publishing import services
    from tests.disclosure.factories import InformationItemFactory

    item = services.submit(
        InformationItemFactory(organisation=desk.unit, title="审核中"),
        actor=desk.editor,
    )
    item.title = "绕过审核的修改"
    with pytest.raises(ContentLocked, match="不能修改"):
        item.save()
    item.refresh_from_db()
    assert item.title == "审核中"
