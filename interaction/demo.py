"""Demo content for interaction, driven through the real services and dated across the
last twelve months (idempotent: keyed on subjects and titles)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from interaction.models import Letter, LetterCategory, OpenMonthEvent, PublishedLetter
from interaction.services import events as event_services
from interaction.services import mailbox
from interaction.workflow import Rating
from portal.models import IndexEntry, Organisation, User
from portal.publishing import services as publishing

C = LetterCategory
# (category, subject, content, reply)
LETTERS: list[tuple[str, str, str, str]] = [
    (
        C.CONSULTATION,
        "新能源汽车消费补贴怎么申领",
        "请问今年购买新能源汽车的消费补贴在哪里申领，需要哪些材料？",
        "您好，补贴通过“爱山东”APP申领，需提供购车发票和行驶证，详见区发展改革局发布的申领指南。",
    ),
    (
        C.SUGGESTION,
        "建议在城区增设公共充电桩",
        "小区周边充电桩太少，晚上排队时间长，建议增设。",
        "感谢您的建议。区住房城乡建设局已将您反映的区域纳入年度充电设施布点计划。",
    ),
    (
        C.COMPLAINT,
        "施工噪音夜间扰民",
        "黄河大道施工工地夜间十一点后仍在施工，影响休息。",
        "经核查，该工地已按要求调整作业时间，夜间施工须办理许可并公示。",
    ),
    (
        C.HELP,
        "老人医保报销遇到困难",
        "家中老人异地就医后回来报销，不清楚流程。",
        "异地就医可先备案再直接结算；已结算的请携带票据到区医保服务大厅办理。",
    ),
    (
        C.CONSULTATION,
        "义务教育入学政策咨询",
        "孩子明年上小学，户籍和房产不一致，应该去哪所学校报名？",
        "请按区教育和体育局发布的招生入学政策，以实际居住地所属学区为准，可拨打招生咨询电话。",
    ),
    (
        C.SUGGESTION,
        "建议延长政务服务大厅周末办公时间",
        "上班族工作日没时间办事，希望周末能多开放。",
        "区政务服务中心已实行周六上午延时服务，后续将根据群众需求继续优化。",
    ),
    (
        C.OTHER,
        "表扬社区工作人员",
        "社区工作人员帮助我家办理了低保手续，服务热情。",
        "感谢您的肯定，我们将继续提升服务质量。",
    ),
    (
        C.COMPLAINT,
        "小区供暖温度不达标",
        "今年供暖以来室温一直不到十八度。",
        "供热公司已上门检测并调整管网平衡，您家室温已恢复正常。",
    ),
    (
        C.CONSULTATION,
        "创业担保贷款申请条件",
        "个人开店想申请创业担保贷款，需要什么条件？",
        "符合条件的个人可申请最高30万元创业担保贷款，详见区人力资源和社会保障局政策解读。",
    ),
    (
        C.HELP,
        "农村道路破损影响出行",
        "村里通往镇上的道路破损严重，雨天难行。",
        "区交通运输局已将该路段列入今年农村公路养护计划，预计年内完成修复。",
    ),
    (
        C.SUGGESTION,
        "建议公开老旧小区改造进度",
        "希望能定期公开老旧小区改造的进展。",
        "区住房城乡建设局将在政府信息公开专栏按月公开改造进度。",
    ),
    (
        C.CONSULTATION,
        "育儿补贴什么时候发放",
        "听说有育儿补贴，什么时候能领到？",
        "育儿补贴按季度发放，具体名单在区民政局网站公示。",
    ),
]
EVENTS: list[tuple[str, int, int, str]] = [
    # (title, days from today of the event, capacity, place)
    ("走进区政务服务中心：看“一件事”如何一次办", -200, 30, "济阳区政务服务中心"),
    ("走进黄河大道改造工地：重点项目开放日", -60, 20, "黄河大道改造工程项目部"),
    ("走进区图书馆：公共文化服务开放日", 12, 5, "济阳区图书馆"),
    ("走进污水处理厂：生态环境开放日", 30, 40, "济阳区污水处理厂"),
]


def _publish(
    draft: PublishedLetter, users: dict[str, User], when: datetime.datetime
) -> None:
    record = publishing.submit(draft, actor=users["office_editor"])
    for step in (1, 2, 3):
        record = publishing.approve(
            record, actor=users[f"office_review{step}"], opinion="同意"
        )
    PublishedLetter.objects.filter(pk=draft.pk).update(
        published_at=when, first_published_at=when
    )
    IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PublishedLetter),
        object_id=str(draft.pk),
    ).update(published_at=when)


def _seed_letters(users: dict[str, User], units: dict[str, Organisation]) -> int:
    now = timezone.now()
    created = 0
    admin = users["admin"]
    for month in range(12):
        for i, (category, subject, content, reply) in enumerate(LETTERS):
            if (i + month) % 4:
                continue  # three letters a month
            title = f"{subject}（{month + 1}）"
            if Letter.objects.filter(subject=title).exists():
                continue
            at = now - datetime.timedelta(days=month * 30 + 20 - i)
            submission = mailbox.submit_letter(
                category=category,
                subject=title,
                content=content,
                name="张三",
                phone="13800000000",
                email="",
                allow_public=i % 3 != 2,
                now=at,
            )
            letter = submission.letter
            created += 1
            if month == 0 and i % 8 == 0:
                continue  # recent letters still waiting to be assigned
            mailbox.assign_letter(
                letter,
                actor=admin,
                unit=units["office"],
                now=at + datetime.timedelta(hours=3),
            )
            if month == 0:
                continue  # being handled
            replied_at = at + datetime.timedelta(days=2 + i % 5)
            mailbox.reply_to_letter(letter, actor=admin, text=reply, now=replied_at)
            rating = [Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.SATISFIED][
                i % 3
            ]
            mailbox.rate_letter(
                letter, rating=rating, now=replied_at + datetime.timedelta(days=1)
            )
            if letter.allow_public:
                letter.refresh_from_db()
                draft = mailbox.prepare_publication(letter, actor=admin)
                _publish(draft, users, replied_at + datetime.timedelta(days=2))
    return created


def _seed_events(units: dict[str, Organisation]) -> int:
    now = timezone.now()
    created = 0
    for title, days, capacity, place in EVENTS:
        if OpenMonthEvent.objects.filter(title=title).exists():
            continue
        starts = now + datetime.timedelta(days=days)
        event = OpenMonthEvent.objects.create(
            organisation=units["office"],
            title=title,
            description=f"{title}。欢迎市民、企业代表报名参加，现场了解政府工作。",
            place=place,
            starts_at=starts,
            capacity=capacity,
            registration_opens_at=starts - datetime.timedelta(days=20),
            registration_closes_at=starts - datetime.timedelta(days=1),
            is_published=True,
        )
        created += 1
        people = capacity + 2 if days > 0 and capacity <= 5 else capacity // 2
        signup = event.registration_opens_at + datetime.timedelta(hours=1)
        for n in range(people):
            event_services.register_for_event(
                event,
                name=f"市民{n + 1}",
                phone=f"1390000{n:04d}",
                now=signup + datetime.timedelta(minutes=n),
            )
    return created


@transaction.atomic
def seed_demo_interaction() -> str:
    names = [
        "admin",
        "office_editor",
        "office_review1",
        "office_review2",
        "office_review3",
    ]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    units = {o.code: o for o in Organisation.objects.all()}
    if len(users) < len(names) or "office" not in units:
        return "skipped: demo staff missing"
    from interaction.demo_consultations import seed_consultations

    letters = _seed_letters(users, units)
    events = _seed_events(units)
    consultations = seed_consultations(users, units["office"])
    from interaction.demo_programme import seed_programme

    others = seed_programme(users, units["office"])
    return (
        f"{letters} 件区长信箱来信，{events} 场政府开放月活动，"
        f"{consultations} 项意见征集，{others} 条访谈、会议、承诺与热线记录"
    )
