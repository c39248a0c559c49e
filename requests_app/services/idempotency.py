"""Idempotent public filing: the same submission within a short window files once.

A double click, a browser re-sending the form, or an API client retrying after a lost
response would otherwise create a second application, and every application starts a
statutory reply period (条例第三十三条). The client's key (the API ``Idempotency-Key``
header, the page's one-time form token) is claimed under a unique constraint in the same
transaction as the filing: a concurrent duplicate waits for the first to commit, then
finds the claim and gets the first application back.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.models import Organisation
from requests_app import crypto
from requests_app.models import FilingKey
from requests_app.services.filing import (
    ApplicationInput,
    Submission,
    submit_application,
)

KEY_MAX_LENGTH = 200


def idempotency_window() -> datetime.timedelta:
    return datetime.timedelta(
        minutes=int(getattr(settings, "REQUESTS_IDEMPOTENCY_WINDOW_MINUTES", 60))
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(
    data: ApplicationInput,
    organisation: Organisation,
    supporting_file: tuple[str, bytes] | None,
) -> str:
    """Return a digest of what was submitted (the key must not cover other content)."""
    fields = dataclasses.asdict(data)
    fields["organisation"] = organisation.pk
    if supporting_file is not None:
        fields["file"] = [supporting_file[0], _digest(supporting_file[1].hex())]
    return _digest(json.dumps(fields, sort_keys=True, ensure_ascii=False))


@dataclasses.dataclass(frozen=True)
class FilingResult:
    submission: Submission
    replayed: bool


def submit_application_once(
    key: str,
    data: ApplicationInput,
    *,
    organisation: Organisation,
    now: datetime.datetime,
    supporting_file: tuple[str, bytes] | None = None,
) -> FilingResult:
    """File ``data`` unless ``key`` already filed it within the window.

    A key reused for different content is refused, so one client key cannot stand for
    two applications.
    """
    key = key.strip()
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ValidationError(
            {"idempotency_key": f"幂等键应为1至{KEY_MAX_LENGTH}个字符。"}
        )
    key_hash = _digest(f"requests-filing:{key}")
    content = fingerprint(data, organisation, supporting_file)
    FilingKey.objects.filter(created_at__lt=now - idempotency_window()).delete()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = FilingKey.objects.create(
                    key_hash=key_hash, fingerprint=content, created_at=now
                )
        except IntegrityError:
            # Committed by an earlier (or a concurrent, now finished) submission.
            return _replay(key_hash, content)
        submission = submit_application(
            data, organisation=organisation, now=now, supporting_file=supporting_file
        )
        claim.application = submission.application
        claim.query_code_encrypted = crypto.encrypt(submission.query_code)
        claim.save(update_fields=["application", "query_code_encrypted"])
    return FilingResult(submission=submission, replayed=False)


def _replay(key_hash: str, content: str) -> FilingResult:
    claim = (
        FilingKey.objects.select_related("application")
        .filter(key_hash=key_hash)
        .first()
    )
    if claim is None or claim.application is None:
        raise ValidationError(
            {"idempotency_key": "该申请正在提交，请稍候刷新查看结果。"}
        )
    if claim.fingerprint != content:
        raise ValidationError(
            {
                "idempotency_key": "该幂等键已用于内容不同的另一份申请，"
                "请为新的申请使用新的幂等键。"
            }
        )
    return FilingResult(
        submission=Submission(
            application=claim.application,
            query_code=crypto.decrypt(claim.query_code_encrypted),
        ),
        replayed=True,
    )
