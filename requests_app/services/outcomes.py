"""行政复议 and 行政诉讼 outcomes (annual report section 四)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.models import User
from requests_app.choices import (
    Proceeding,
    ProceedingResult,
)
from requests_app.models import (
    Application,
    ReviewOutcome,
)

# --- review and litigation -------------------------------------------------------------


@transaction.atomic
def record_review_outcome(
    application: Application,
    *,
    actor: User,
    proceeding: str,
    filed_on: datetime.date,
    result: str = ProceedingResult.PENDING,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> ReviewOutcome:
    """Record a 行政复议 or 行政诉讼 about an answered application (年度报告第四部分)."""
    if proceeding not in Proceeding.values:
        raise ValidationError({"proceeding": "请选择行政复议或行政诉讼类型。"})
    if result not in ProceedingResult.values:
        raise ValidationError({"result": "请选择结果。"})
    if result != ProceedingResult.PENDING and decided_on is None:
        raise ValidationError({"decided_on": "已审结的，请填写审结日期。"})
    if decided_on is not None and decided_on < filed_on:
        raise ValidationError({"decided_on": "审结日期不能早于提起日期。"})
    return ReviewOutcome.objects.create(
        application=application,
        proceeding=proceeding,
        result=result,
        filed_on=filed_on,
        decided_on=decided_on,
        note=note,
        recorded_by=actor,
    )


@transaction.atomic
def decide_review_outcome(
    outcome: ReviewOutcome, *, result: str, decided_on: datetime.date
) -> ReviewOutcome:
    if result == ProceedingResult.PENDING or result not in ProceedingResult.values:
        raise ValidationError({"result": "请选择审结结果。"})
    outcome.result = result
    outcome.decided_on = decided_on
    outcome.save(update_fields=["result", "decided_on"])
    return outcome
