"""Pure rules of proactive disclosure: catalogue time limits and project stages.

No database and no clock: ``today`` and the working-day calendar are passed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

# 条例第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
# 20个工作日内予以公开. A node may set a shorter limit (e.g. 7 days for 预警信息) or a
# longer one where a law says so; a limit beyond a year of working days is a typo.
STATUTORY_TIME_LIMIT_WORKDAYS = 20
MAX_TIME_LIMIT_WORKDAYS = 250
# The longest sensible update cycle is a year (annual budgets, plans) plus slack.
MAX_UPDATE_CYCLE_DAYS = 400


def check_time_limit(workdays: int | None) -> str:
    """Return a Chinese reason why ``workdays`` is not a usable 公开时限, or ''."""
    if workdays is None:
        return "请填写公开时限。"
    if workdays < 1:
        return "公开时限至少为 1 个工作日。"
    if workdays > MAX_TIME_LIMIT_WORKDAYS:
        return (
            f"公开时限不能超过 {MAX_TIME_LIMIT_WORKDAYS} 个工作日"
            f"（条例规定一般为 {STATUTORY_TIME_LIMIT_WORKDAYS} 个工作日）。"
        )
    return ""


def check_update_cycle(days: int | None) -> str:
    """Return a Chinese reason why ``days`` is not a usable 更新周期, or ''."""
    if days is None:
        return ""
    if days < 1:
        return "更新周期至少为 1 天，随形成随公开的事项请留空。"
    if days > MAX_UPDATE_CYCLE_DAYS:
        return f"更新周期不能超过 {MAX_UPDATE_CYCLE_DAYS} 天。"
    return ""


AddWorkdays = Callable[[datetime.date, int], datetime.date]


def node_due_date(
    *,
    last_published: datetime.date | None,
    node_created: datetime.date,
    update_cycle_days: int | None,
    time_limit_workdays: int,
    add_workdays: AddWorkdays,
) -> datetime.date | None:
    """Return the date by which a catalogue node must have new information, or None.

    A node with an update cycle expects information to be formed every cycle after the
    last publication (or after the node was set up), and published within the time
    limit of being formed. A node without a cycle has no calendar expectation.
    """
    if update_cycle_days is None:
        return None
    start = last_published or node_created
    formed_by = start + datetime.timedelta(days=update_cycle_days)
    return add_workdays(formed_by, time_limit_workdays)


def is_late(
    generated: datetime.date | None,
    published: datetime.date,
    time_limit_workdays: int,
    add_workdays: AddWorkdays,
) -> bool:
    """Return True if an item was published after its time limit (条例第二十六条)."""
    if generated is None:
        return False
    return published > add_workdays(generated, time_limit_workdays)


# --- whole-process project disclosure ---------------------------------------------

# The stages of each project kind, in order. 环评: 受理公示 → 拟批准公示 → 批准决定
# (《环境影响评价公众参与办法》 and the 审批信息公开 practice); construction projects:
# 批准 → 开工 → 实施 → 竣工 (条例第二十条第十项: 重大建设项目的批准和实施情况).
STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "eia": (
        ("accepted", "受理公示"),
        ("proposed", "拟批准公示"),
        ("decided", "批准决定"),
    ),
    "construction": (
        ("approved", "批准"),
        ("started", "开工"),
        ("ongoing", "实施"),
        ("completed", "竣工"),
    ),
}


def stage_label(kind: str, code: str) -> str:
    return dict(STAGES.get(kind, ())).get(code, code)


class StageStatus(Enum):
    DONE = "已公开"
    LATE = "逾期公开"
    MISSING = "逾期未公开"
    PENDING = "未到期"
    SKIPPED = "缺少前序阶段"


@dataclass(frozen=True)
class StageFacts:
    code: str
    due: datetime.date | None
    published: datetime.date | None  # date the stage's item became public, if it is


@dataclass(frozen=True)
class StageView:
    code: str
    label: str
    status: StageStatus
    due: datetime.date | None
    published: datetime.date | None


def stage_statuses(
    kind: str, facts: Sequence[StageFacts], today: datetime.date
) -> list[StageView]:
    """Return every stage of ``kind`` in order with its status.

    A stage is 逾期未公开 when its due date has passed without a public document, and
    逾期公开 when its document became public after the due date. A stage without a
    public document that a later stage already has is 缺少前序阶段 (a gap in the
    process the public cannot follow).
    """
    by_code = {f.code: f for f in facts}
    codes = [code for code, _label in STAGES[kind]]
    last_done = max(
        (
            i
            for i, code in enumerate(codes)
            if by_code.get(code) and by_code[code].published
        ),
        default=-1,
    )
    views = []
    for i, (code, label) in enumerate(STAGES[kind]):
        fact = by_code.get(code) or StageFacts(code, None, None)
        if fact.published is not None:
            late = fact.due is not None and fact.published > fact.due
            status = StageStatus.LATE if late else StageStatus.DONE
        elif fact.due is not None and fact.due < today:
            status = StageStatus.MISSING
        elif i < last_done:
            status = StageStatus.SKIPPED
        else:
            status = StageStatus.PENDING
        views.append(StageView(code, label, status, fact.due, fact.published))
    return views


PROBLEM_STATUSES = frozenset(
    {StageStatus.LATE, StageStatus.MISSING, StageStatus.SKIPPED}
)
