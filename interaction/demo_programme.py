"""Demo interviews, meetings, commitments and hotline records over the last year."""

from __future__ import annotations

import datetime

from django.utils import timezone

from interaction.models import (
    Commitment,
    ExecutiveMeeting,
    HotlineRecord,
    Interview,
    InterviewQuestion,
    MeetingAttendee,
)
from interaction.services import programme as services
from portal.models import Organisation, User
from portal.publishing import services as publishing

HOTLINE_TOPICS = ["供暖", "医保报销", "入学", "停车", "养老服务", "公积金", "物业管理"]


def _publish(record: object, users: dict[str, User]) -> None:
    record = publishing.submit(record, actor=users["office_editor"])  # type: ignore[arg-type]
    for step in (1, 2, 3):
        record = publishing.approve(
            record,  # type: ignore[arg-type]
            actor=users[f"office_review{step}"],
            opinion="同意",
        )


def seed_programme(users: dict[str, User], office: Organisation) -> int:
    now = timezone.now()
    today = timezone.localdate()
    admin = users["admin"]
    created = 0
    for days, title in (
        (-150, "稳就业促创业政策解读"),
        (-40, "城市更新与老旧小区改造"),
        (7, "一老一小民生保障"),
    ):
        if Interview.objects.filter(title=f"在线访谈：{title}").exists():
            continue
        held = days < 0
        interview = Interview.objects.create(
            organisation=office,
            title=f"在线访谈：{title}",
            guests="区有关部门负责同志",
            scheduled_at=now + datetime.timedelta(days=days),
            introduction=f"围绕{title}，邀请有关部门负责同志在线解答网民关心的问题。",
            transcript="主持人：各位网友大家好……（访谈实录）" if held else "",
        )
        _publish(interview, users)
        created += 1
        for n in range(3):
            question = InterviewQuestion.objects.create(
                interview=interview,
                name=f"网友{n + 1}",
                content=f"关于{title}，第{n + 1}个问题是什么时候实施？",
                submitted_at=interview.scheduled_at - datetime.timedelta(days=2),
            )
            if held:
                services.answer_question(
                    question, actor=admin, answer="已于今年实施，详见相关政策文件。"
                )
    if not ExecutiveMeeting.objects.filter(title__startswith="区政府第").exists():
        for n, months in enumerate((10, 6, 2), start=1):
            meeting = ExecutiveMeeting.objects.create(
                organisation=office,
                title=f"区政府第{n * 7}次常务会议",
                held_on=today - datetime.timedelta(days=months * 30),
                topics="研究民生实事项目实施方案；研究城市更新有关事项。",
                summary="会议邀请利益相关方和公众代表列席，听取意见建议。",
            )
            MeetingAttendee.objects.create(
                meeting=meeting,
                kind="public",
                name="王某某",
                affiliation="社区居民代表",
                opinion="建议优先改造无电梯的多层住宅。",
                adoption="adopted",
                adoption_note="已纳入实施方案。",
            )
            MeetingAttendee.objects.create(
                meeting=meeting,
                kind="stakeholder",
                name="李某某",
                affiliation="企业代表",
                opinion="建议延长施工工期。",
                adoption="not_adopted",
                adoption_note="工期按合同约定执行。",
            )
            _publish(meeting, users)
            created += 1
    if not Commitment.objects.filter(year=today.year).exists():
        for n, (title, percent) in enumerate(
            (
                ("完成20个老旧小区改造", 60),
                ("新增城区停车泊位1000个", 100),
                ("新建社区养老服务站5处", 0),
            )
        ):
            commitment = Commitment.objects.create(
                organisation=office,
                year=today.year,
                title=title,
                deadline=datetime.date(today.year, 12, 31),
                is_published=True,
            )
            if percent:
                services.report_progress(
                    commitment,
                    actor=admin,
                    percent=percent,
                    text=f"已完成{percent}%。",
                    reported_on=today - datetime.timedelta(days=10 * n),
                )
            created += 1
    if not HotlineRecord.objects.filter(reference__startswith="DEMO").exists():
        HotlineRecord.objects.bulk_create(
            HotlineRecord(
                source="12345" if i % 4 else "window",
                reference=f"DEMO{i:05d}",
                received_on=today - datetime.timedelta(days=(i * 7) % 360),
                topic=HOTLINE_TOPICS[(i * i) % len(HOTLINE_TOPICS)],
                question=f"咨询{HOTLINE_TOPICS[(i * i) % len(HOTLINE_TOPICS)]}相关政策。",
                unit_name="区住房和城乡建设局" if i % 3 else "区医疗保障局",
            )
            for i in range(120)
        )
        created += 120
    return created
