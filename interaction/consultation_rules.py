"""Pure rules of consultations on draft decisions (no database, no clock).

《重大行政决策程序暂行条例》(国务院令第713号) 第十四条: 公开征求意见的期限一般不少于30日;
因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

MAJOR_DECISION_MIN_DAYS = 30
# Two comments whose character bigrams overlap this much are one opinion sent twice.
NEAR_IDENTICAL = 0.9


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已截止")
    ANSWERED = "answered", _("已反馈")


def period_days(opens_on: datetime.date, closes_on: datetime.date) -> int:
    """Days of the comment period, both ends included."""
    return (closes_on - opens_on).days + 1


def period_problems(
    opens_on: datetime.date,
    closes_on: datetime.date,
    *,
    major: bool,
    short_period_reason: str,
) -> list[str]:
    """Return reasons (Chinese) why the period may not be published; empty when fine."""
    if closes_on < opens_on:
        return ["截止日期不能早于开始日期。"]
    if (
        major
        and period_days(opens_on, closes_on) < MAJOR_DECISION_MIN_DAYS
        and not short_period_reason.strip()
    ):
        # 《重大行政决策程序暂行条例》第十四条
        return [
            "重大行政决策公开征求意见的期限一般不少于30日；缩短期限的须填写并公开说明理由。"
        ]
    return []


def phase(
    opens_on: datetime.date,
    closes_on: datetime.date,
    *,
    today: datetime.date,
    closed: bool,
    answered: bool,
) -> Phase:
    """征集中 / 已截止 / 已反馈, as the dates and the feedback report dictate."""
    if answered:
        return Phase.ANSWERED
    if closed or today > closes_on:
        return Phase.CLOSED
    if today < opens_on:
        return Phase.UPCOMING
    return Phase.OPEN


_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Fold width and case and drop spaces and punctuation, so copies compare equal."""
    return _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def bigrams(text: str) -> frozenset[str]:
    folded = normalise(text)
    if len(folded) < 2:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(folded[i : i + 2] for i in range(len(folded) - 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' character bigrams (1.0 for copies)."""
    x, y = bigrams(a), bigrams(b)
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


def near_identical(a: str, b: str) -> bool:
    return similarity(a, b) >= NEAR_IDENTICAL


_ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条", re.MULTILINE)


def article_count(draft_text: str) -> int:
    """Number of articles (第X条 at the start of a line) in a draft."""
    return len(_ARTICLE_RE.findall(draft_text))
