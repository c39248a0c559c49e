from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from portal.security.services import purge_security_log


@shared_task(name="security.purge_log")
def purge_security_log_task() -> int:
    return purge_security_log(now=timezone.now())
