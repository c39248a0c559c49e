"""Tombstones: a harvester of ``/api/v1/policies/?updated_since=`` learns removals."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.publishing import services as publishing
from tests.policies.factories import DocumentFactory, publish

pytestmark = pytest.mark.django_db

REMOVED = "/api/v1/policies/removed/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def _since(moment: datetime.datetime) -> str:
    return moment.isoformat()


def test_withdrawn_and_revised_documents_are_reported_as_removed(api, desk) -> None:
    kept, withdrawn, revised = (
        publish(DocumentFactory(organisation=desk.unit), desk) for _ in range(3)
    )
    never_published = DocumentFactory(organisation=desk.unit)
    start = timezone.now()
    publishing.withdraw(
        withdrawn, actor=desk.final, reason="与上位法不一致，已停止执行"
    )
    publishing.start_revision(revised, actor=desk.editor)

    listed = api.get("/api/v1/policies/", {"updated_since": "2000-01-01"}).json()
    assert [row["id"] for row in listed["results"]] == [kept.pk]

    response = api.get(REMOVED, {"updated_since": _since(start)})
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {withdrawn.pk, revised.pk}
    assert never_published.pk not in rows and kept.pk not in rows
    assert set(rows[withdrawn.pk]) == {
        "id",
        "doc_number",
        "withdrawn_at",
        "kind",
        "reason",
    }
    assert rows[withdrawn.pk]["doc_number"] == withdrawn.doc_number
    assert rows[withdrawn.pk]["kind"] == "withdrawn"
    assert rows[withdrawn.pk]["reason"] == "与上位法不一致，已停止执行"
    assert rows[revised.pk]["kind"] == "revising"
    assert "修订" in rows[revised.pk]["reason"]
    moment = datetime.datetime.fromisoformat(rows[withdrawn.pk]["withdrawn_at"])
    assert moment >= start

    # Nothing removed after the last removal: an empty answer, not everything.
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert api.get(REMOVED, {"updated_since": _since(later)}).json()["results"] == []
    # Without a time: every removal so far.
    assert {r["id"] for r in api.get(REMOVED).json()["results"]} == set(rows)


def test_a_document_published_again_is_no_longer_a_tombstone(api, desk) -> None:
    document = publish(DocumentFactory(organisation=desk.unit), desk)
    start = timezone.now()
    document = publishing.start_revision(document, actor=desk.editor)
    assert [r["id"] for r in api.get(REMOVED).json()["results"]] == [document.pk]
    publish(document, desk)
    assert api.get(REMOVED, {"updated_since": _since(start)}).json()["results"] == []
    listed = api.get("/api/v1/policies/", {"updated_since": _since(start)}).json()
    assert [row["id"] for row in listed["results"]] == [document.pk]


def test_a_bad_time_is_a_400_in_chinese(api) -> None:
    response = api.get(REMOVED, {"updated_since": "2024-01-01T00:00:00+23:00"})
    assert response.status_code == 400
    assert "时区偏移" in response.json()["updated_since"][0]


def test_removals_query_count_does_not_grow(
    api, desk, django_assert_max_num_queries
) -> None:
    documents = [
        publish(DocumentFactory(organisation=desk.unit), desk) for _ in range(6)
    ]
    publishing.withdraw(documents[0], actor=desk.final, reason="停止执行")
    # content type (cached after first use), count, page
    with django_assert_max_num_queries(3):
        assert len(api.get(REMOVED).json()["results"]) == 1
    for document in documents[1:]:
        publishing.withdraw(document, actor=desk.final, reason="停止执行")
    with django_assert_max_num_queries(3):
        assert len(api.get(REMOVED).json()["results"]) == 6


def test_the_schema_documents_the_tombstones(api) -> None:
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][REMOVED]["get"]
    assert "墓碑" in operation["summary"]
    assert [p["name"] for p in operation["parameters"]].count("updated_since") == 1
    assert "q" not in [p["name"] for p in operation["parameters"]]
    properties = schema["components"]["schemas"]["PolicyRemoval"]["properties"]
    assert {"id", "doc_number", "withdrawn_at", "kind", "reason"} <= set(properties)
    listing = schema["paths"]["/api/v1/policies/"]["get"]
    assert "/api/v1/policies/removed/" in listing["description"]
