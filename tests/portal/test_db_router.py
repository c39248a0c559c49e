"""The read-replica router: public reads may go to the replica, nothing else does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from policies.models import Document
from portal import roles
from portal.db_router import PIN_COOKIE, PrimaryReplicaRouter, public_read
from requests_app.models import Application
from tests.portal.factories import OrganisationFactory, UserFactory

router = PrimaryReplicaRouter()


@pytest.fixture
def replica(settings) -> Iterator[str]:
    """A second, separate connection to the test database standing in for a replica."""
    cfg = dict(connection.settings_dict)
    connections["replica"] = load_backend(cfg["ENGINE"]).DatabaseWrapper(cfg, "replica")
    settings.PORTAL_READ_REPLICA = "replica"
    yield "replica"
    connections["replica"].close()
    del connections["replica"]


def test_without_a_replica_everything_reads_the_primary(settings) -> None:
    settings.PORTAL_READ_REPLICA = ""
    with public_read():
        assert router.db_for_read(Document) == "default"


@pytest.mark.django_db(transaction=True)
def test_public_reads_outside_transactions_go_to_the_replica(replica) -> None:
    assert router.db_for_read(Document) == "default"  # not a public read
    with public_read():
        assert router.db_for_read(Document) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Document) == "default"
        assert router.db_for_write(Application) == "default"
        # After a write, the rest of the request reads its own writes.
        assert router.db_for_read(Document) == "default"


def test_only_the_primary_is_migrated() -> None:
    assert router.allow_migrate("default", "policies") is True
    assert router.allow_migrate("replica", "policies") is False


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_page_view_reads_the_replica(client, replica) -> None:
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        response = client.get("/policies/")
    assert response.status_code == 200
    assert len(on_replica) > 0
    assert len(on_primary) == 0


@pytest.mark.django_db(transaction=True)
def test_staff_page_views_read_the_primary(client, replica) -> None:
    unit = OrganisationFactory(code="rsj")
    client.force_login(UserFactory(organisation=unit, roles=[roles.EDITOR]))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/policies/").status_code == 200
        assert client.get("/admin/").status_code == 200
    assert len(on_replica) == 0


@pytest.mark.django_db(transaction=True)
def test_a_post_writes_to_the_primary_and_pins_the_visitor_to_it(
    client, replica
) -> None:
    unit = OrganisationFactory(code="czj")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.post(
            "/api/v1/requests/",
            {
                "applicant_type": "legal",
                "name": "济阳某科技有限公司",
                "credit_code": "9144030071526726XG",
                "legal_representative": "王五",
                "contact_name": "赵六",
                "phone": "053184230001",
                "description": "请公开某项目环评批复",
                "delivery_method": "online",
                "form": "electronic",
                "organisation": unit.code,
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert PIN_COOKIE in response.cookies
        # The next page view of the same visitor stays on the primary.
        assert client.get("/policies/").status_code == 200
    assert len(on_replica) == 0
    assert Application.objects.filter(organisation=unit).count() == 1
