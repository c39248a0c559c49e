"""The 年度政务公开工作要点落实情况 text, drafted from the supervision ledger.

Pure: takes ``supervision.selectors.UnitProgress`` and returns the text staff then edit.
The work points are the district's yearly 政务公开工作要点; the annual report says how
each was carried out (《条例》第五十条 lets the report include other matters).
"""

from __future__ import annotations

from supervision.selectors import UnitProgress


def ledger_text(progress: UnitProgress) -> str:
    """Return one paragraph per work point, one line per task; "" when no tasks."""
    if not progress.tasks:
        return ""
    lines: list[str] = []
    current: int | None = None
    for task in progress.tasks:
        if task.work_point_number != current:
            current = task.work_point_number
            if lines:
                lines.append("")
            lines.append(f"{task.work_point_number}. {task.work_point_title}")
        deadline = task.deadline
        state = (
            f"{task.status_label}，完成时限{deadline.year}年{deadline.month}月"
            f"{deadline.day}日"
        )
        progress_text = task.progress_text.strip() or "尚未报送进展。"
        lines.append(f"{task.title}（{state}）：{progress_text}")
    lines.append("")
    lines.append(
        f"本年召开政务公开专题会议{progress.meetings}次，"
        f"开展政务公开培训{progress.trainings}次。"
    )
    return "\n".join(lines)
