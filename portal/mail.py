"""The development e-mail backend: a log line per message, never its content.

Django's console backend prints whole messages, and the portal's messages carry
applicants' addresses and query codes (条例 personal-data rule: no personal data in
logs). This backend records that a message would have been sent, to how many
recipients, with its subject masked like every other log line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

from portal.pii import redact_value

logger = logging.getLogger("portal.mail")


class LogOnlyEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            logger.info(
                "邮件未实际发送（开发模式）：收件人 %d 位，主题“%s”，正文 %d 字",
                len(recipients),
                redact_value(str(message.subject)),
                len(str(message.body)),
            )
            sent += 1
        return sent
