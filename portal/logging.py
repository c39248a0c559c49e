"""Log filter that masks personal data in every record before it is written.

Access logs (runserver's ``django.server`` and gunicorn's, see
``portal/gunicorn_conf.py``) pass their request lines through the same masking, with
the query string decoded first: ``/search/?q=<an ID number>`` is written masked.
"""

from __future__ import annotations

import logging

from portal.pii import redact_request_lines, redact_text


class RedactPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record must still be logged
            return True
        redacted = redact_text(redact_request_lines(message))
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
