"""Writes of on-request disclosure: one function per workflow step.

Every step locks the application row, checks the transition table, appends an
``ApplicationEvent`` (who/when/why) and re-derives the stored projection (status, due
date, pause, extension) from the whole event history with ``workflow.project``.
Split by subdomain; everything is importable from ``requests_app.services``.
"""

from __future__ import annotations

from requests_app.services._events import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    clock_events,
    fee_pauses_clock,
    local_date,
)
from requests_app.services.attachments import (
    add_attachment,
    add_case_attachment,
    add_reply_attachment,
    approve_attachment,
)
from requests_app.services.cases import (
    CASE_SECTION,
    publish_case,
    save_case,
    sync_case_index,
)
from requests_app.services.delivery import deliver_notice, deliver_on_commit
from requests_app.services.filing import (
    ApplicationInput,
    Submission,
    new_query_code,
    submit_application,
    validate_application_input,
)
from requests_app.services.idempotency import (
    FilingResult,
    submit_application_once,
)
from requests_app.services.outcomes import (
    decide_review_outcome,
    record_review_outcome,
)
from requests_app.services.privacy import (
    PersonalData,
    can_see_personal_data,
    reveal_personal_data,
)
from requests_app.services.replies import archive_application, send_reply
from requests_app.services.steps import (
    accept_application,
    assign_handler,
    close_for_no_correction,
    close_for_non_payment,
    confirm_receipt,
    end_consultation,
    extend_deadline,
    issue_correction_notice,
    issue_fee_notice,
    receive_correction,
    record_payment,
    record_withdrawal,
    start_consultation,
    start_review,
    transfer_application,
)
from requests_app.services.sweeps import (
    LapseResult,
    close_lapsed_applications,
    reminder_threshold,
    send_deadline_reminders,
)

__all__ = [
    "CASE_SECTION",
    "ApplicationInput",
    "LapseResult",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "PersonalData",
    "Submission",
    "accept_application",
    "add_attachment",
    "add_reply_attachment",
    "deliver_notice",
    "deliver_on_commit",
    "add_case_attachment",
    "approve_attachment",
    "archive_application",
    "assign_handler",
    "can_see_personal_data",
    "clock_events",
    "close_for_no_correction",
    "close_for_non_payment",
    "close_lapsed_applications",
    "confirm_receipt",
    "decide_review_outcome",
    "end_consultation",
    "extend_deadline",
    "fee_pauses_clock",
    "issue_correction_notice",
    "issue_fee_notice",
    "local_date",
    "new_query_code",
    "publish_case",
    "save_case",
    "sync_case_index",
    "receive_correction",
    "record_payment",
    "record_withdrawal",
    "record_review_outcome",
    "reminder_threshold",
    "reveal_personal_data",
    "send_deadline_reminders",
    "send_reply",
    "start_consultation",
    "start_review",
    "submit_application",
    "submit_application_once",
    "FilingResult",
    "transfer_application",
    "validate_application_input",
]
