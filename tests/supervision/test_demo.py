"""The supervision demo data: the 2024 work points across units, idempotent."""

from __future__ import annotations

import pytest

from portal import roles
from portal.demo import DEMO_PASSWORD, seed_organisations, seed_staff
from portal.models import User
from portal.publishing.models import ReviewEvent
from supervision import selectors
from supervision.demo import seed_demo_supervision
from supervision.models import (
    Inspection,
    NewMediaAccount,
    Notice,
    PublicNotice,
    Task,
    TaskEvent,
    WorkPoint,
)
from supervision.workflow import TaskStatus

pytestmark = pytest.mark.django_db


def test_demo_is_varied_and_idempotent() -> None:
    units = seed_organisations()
    seed_staff(units)
    summary = seed_demo_supervision()
    assert "政务新媒体账号 10 个" in summary
    assert WorkPoint.objects.filter(year=2024).count() == 14
    assert set(Task.objects.values_list("status", flat=True)) == set(TaskStatus.values)
    assert NewMediaAccount.objects.count() == 10
    assert Inspection.objects.count() >= 8
    assert Inspection.objects.filter(score__lt=60).exists()
    assert (
        Notice.objects.filter(published_at__isnull=False, is_public=True).count() == 1
    )
    # The public rendition went through 三审三校 (review events by the office's desk).
    public = PublicNotice.objects.public().get()
    assert ReviewEvent.objects.filter(object_id=str(public.pk)).count() >= 4
    counts = (
        Task.objects.count(),
        TaskEvent.objects.count(),
        Inspection.objects.count(),
        Notice.objects.count(),
        PublicNotice.objects.count(),
    )
    seed_demo_supervision()
    assert counts == (
        Task.objects.count(),
        TaskEvent.objects.count(),
        Inspection.objects.count(),
        Notice.objects.count(),
        PublicNotice.objects.count(),
    )
    progress = selectors.work_point_progress(units["rsj"], 2024)
    assert {t.work_point_number for t in progress.tasks} >= {3, 12, 13}
    liaison = User.objects.get(username="liaison_rsj")
    assert liaison.check_password(DEMO_PASSWORD)
    assert liaison.groups.filter(name=roles.SUPERVISION_LIAISON).exists()
    rows = selectors.compliance_table(2024)
    assert any(row.met for row in rows) and any(not row.met for row in rows)
