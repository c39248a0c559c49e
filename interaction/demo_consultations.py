"""Demo consultations: open, answered, and one overdue for its feedback report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from interaction.models import Consultation
from interaction.services import consultations as services
from portal.models import Organisation, User
from portal.publishing import services as publishing

DRAFT = (
    "第一条 为了{topic}，根据有关法律法规，结合本区实际，制定本办法。\n"
    "第二条 本办法适用于本区行政区域内的{topic}工作。\n"
    "第三条 区有关部门按照职责分工做好相关工作。\n"
    "第四条 本办法自发布之日起施行。"
)
# (title topic, months ago it opened, length in days, feedback published)
CONSULTATIONS: list[tuple[str, int, int, bool]] = [
    ("规范城区停车管理", 0, 30, False),
    ("加强农村生活垃圾治理", 3, 30, True),
    ("促进养老服务发展", 6, 30, False),  # closed, report overdue
    ("推进老旧小区改造", 9, 30, True),
]
COMMENTS = [
    (2, "建议第二条明确适用范围是否包括乡镇驻地。"),
    (3, "建议第三条列明牵头部门，避免推诿。"),
    (None, "总体支持，希望尽快出台。"),
    (3, "第三条部门职责不清，建议细化。"),
]
MASS = "强烈建议增加对老年人和残疾人的优惠措施，切实保障特殊群体权益。"


def seed_consultations(users: dict[str, User], office: Organisation) -> int:
    admin = users["admin"]
    today = timezone.localdate()
    created = 0
    for topic, months, length, answered in CONSULTATIONS:
        title = f"济阳区关于{topic}的实施办法（征求意见稿）"
        if Consultation.objects.filter(title=title).exists():
            continue
        opens = today - datetime.timedelta(days=months * 30 + (5 if months == 0 else 0))
        consultation = Consultation.objects.create(
            organisation=office,
            title=title,
            summary=f"现就《{title}》公开征求社会公众意见。",
            draft_text=DRAFT.format(topic=topic),
            explanation=f"为{topic}，区有关部门起草了本办法，现作说明如下……",
            expert_opinion="经专家论证，本办法总体可行。",
            risk_assessment="经评估，社会稳定风险等级为低。",
            opens_on=opens,
            closes_on=opens + datetime.timedelta(days=length - 1),
            is_major_decision=True,
            contact="济阳区人民政府办公室 0531-84230000",
        )
        record = publishing.submit(consultation, actor=users["office_editor"])
        for step in (1, 2, 3):
            record = publishing.approve(
                record, actor=users[f"office_review{step}"], opinion="同意"
            )
        created += 1
        during = timezone.make_aware(
            datetime.datetime.combine(
                opens + datetime.timedelta(days=3), datetime.time(10)
            )
        )
        comments = [
            services.submit_comment(
                consultation, content=text, article=article, name="市民", now=during
            )
            for article, text in COMMENTS
        ]
        comments += [
            services.submit_comment(consultation, content=MASS + "！" * n, now=during)
            for n in range(6)
        ]
        spam = services.submit_comment(
            consultation, content="代办各类证件，联系微信xxxx", now=during
        )
        for comment in comments:
            services.approve_comment(comment, actor=admin, now=during)
        services.reject_comment(spam, actor=admin, reason="irrelevant", now=during)
        if months == 0:
            continue
        after = during + datetime.timedelta(days=length)
        services.close_due_consultations(now=after)
        if not answered:
            continue
        services.record_adoption(
            comments[1],
            actor=admin,
            adoption="adopted",
            reason="已在第三条中明确牵头部门。",
        )
        services.record_adoption(
            comments[4],
            actor=admin,
            adoption="partly",
            reason="优惠措施由专项政策规定，本办法作衔接性规定。",
        )
        services.record_adoption(
            comments[0],
            actor=admin,
            adoption="not_adopted",
            reason="适用范围已覆盖全区。",
        )
        report = services.prepare_feedback_report(
            consultation,
            actor=admin,
            body="征求意见期间共收到意见若干条，经认真研究，采纳情况如下……",
            now=after,
        )
        record = publishing.submit(report, actor=users["office_editor"])
        for step in (1, 2, 3):
            record = publishing.approve(
                record, actor=users[f"office_review{step}"], opinion="同意"
            )
    return created
