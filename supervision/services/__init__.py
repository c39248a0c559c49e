"""Writes of supervision, one module per subdomain (importable from here)."""

from __future__ import annotations

from supervision.services.activities import record_activity
from supervision.services.ledger import (
    accept_task,
    assign_task,
    can_report,
    report_progress,
    return_task,
    submit_completion,
)
from supervision.services.new_media import (
    close_account,
    record_inspection,
    record_last_update,
    record_rectification,
    record_repost,
    require_repost,
)

__all__ = [
    "accept_task",
    "assign_task",
    "can_report",
    "close_account",
    "record_activity",
    "record_inspection",
    "record_last_update",
    "record_rectification",
    "record_repost",
    "report_progress",
    "require_repost",
    "return_task",
    "submit_completion",
]
