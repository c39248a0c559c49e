"""Demo content of the policy library: about 200 documents of the district government,
its office and departments, with interpretations, relations (立改废) and every validity
status, driven through the real services (idempotent: keyed on 文号)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from policies import services
from policies.models import (
    Audience,
    DocType,
    Document,
    Interpretation,
    InterpretationForm,
    IssuerCode,
    SignerKind,
    Topic,
)
from portal import demo, roles
from portal.checkdigits import credit_code_check_char
from portal.models import IndexEntry, Organisation, User
from portal.publishing import services as publishing


@dataclass(frozen=True)
class Theme:
    unit: str  # drafting/issuing unit code
    subject: str  # what the document is about, in government phrasing
    topic: str
    audiences: tuple[str, ...]


THEMES = [
    Theme("rsj", "高校毕业生就业创业", Topic.LABOUR, ("graduates", "job-seekers")),
    Theme("rsj", "稳就业促就业", Topic.LABOUR, ("job-seekers", "enterprises")),
    Theme("rsj", "职业技能提升行动", Topic.LABOUR, ("job-seekers",)),
    Theme("rsj", "创业担保贷款及贴息", Topic.FINANCE, ("job-seekers", "enterprises")),
    Theme("tyjr", "退役军人就业创业", Topic.LABOUR, ("veterans",)),
    Theme("tyjr", "退役军人优待抚恤", Topic.CIVIL, ("veterans",)),
    Theme("mzj", "最低生活保障和特困人员救助供养", Topic.CIVIL, ("hardship",)),
    Theme("mzj", "居家和社区养老服务", Topic.CIVIL, ("elderly",)),
    Theme(
        "mzj",
        "困难残疾人生活补贴和重度残疾人护理补贴",
        Topic.CIVIL,
        ("disabled", "hardship"),
    ),
    Theme("mzj", "临时救助", Topic.CIVIL, ("hardship",)),
    Theme("wjj", "3岁以下婴幼儿照护服务", Topic.HEALTH, ("infant-families",)),
    Theme("wjj", "基层医疗卫生服务能力提升", Topic.HEALTH, ()),
    Theme("wjj", "老年健康服务", Topic.HEALTH, ("elderly",)),
    Theme("fgj", "优化营商环境", Topic.ECONOMY, ("enterprises",)),
    Theme("fgj", "促进民营经济高质量发展", Topic.ECONOMY, ("enterprises",)),
    Theme("fgj", "重点项目建设", Topic.ECONOMY, ("enterprises",)),
    Theme("nyj", "乡村振兴集中展示区建设", Topic.AGRICULTURE, ("farmers",)),
    Theme("nyj", "高标准农田建设", Topic.AGRICULTURE, ("farmers",)),
    Theme("nyj", "耕地地力保护补贴", Topic.AGRICULTURE, ("farmers",)),
    Theme("jtj", "义务教育阶段学校招生入学", Topic.SCIENCE, ("students",)),
    Theme("jtj", "学前教育资助", Topic.SCIENCE, ("students", "hardship")),
    Theme("zjj", "城镇老旧小区改造", Topic.URBAN, ()),
    Theme("zjj", "保障性住房和公共租赁住房管理", Topic.URBAN, ("hardship",)),
    Theme("zrj", "耕地保护和永久基本农田管理", Topic.LAND, ("farmers",)),
    Theme("sthj", "黄河流域生态保护", Topic.URBAN, ()),
    Theme("sthj", "大气污染防治", Topic.URBAN, ("enterprises",)),
    Theme("czj", "预算绩效管理", Topic.FINANCE, ()),
    Theme("czj", "政府采购支持中小企业发展", Topic.FINANCE, ("enterprises",)),
    Theme("scjg", "食品安全监管", Topic.MARKET, ("enterprises",)),
    Theme("scjg", "个体工商户培育", Topic.MARKET, ("enterprises",)),
    Theme("yjj", "安全生产责任制", Topic.MARKET, ("enterprises",)),
    Theme("yjj", "自然灾害救助应急预案", Topic.CIVIL, ()),
    Theme("sfj", "行政规范性文件制定和监督管理", Topic.GENERAL, ()),
    Theme("office", "政务公开", Topic.GENERAL, ()),
    Theme("office", "12345政务服务便民热线", Topic.GENERAL, ()),
]
# 发文机关代字 per unit (GB/T 9704-2012: 代字 + 〔年份〕 + 序号).
CODES = {
    "jiyang": ("济阳政发", "济阳政字"),
    "office": ("济阳政办发", "济阳政办字"),
    "rsj": ("济阳人社发", "济阳人社字"),
    "tyjr": ("济阳退役军人发", "济阳退役军人字"),
    "mzj": ("济阳民发", "济阳民字"),
    "wjj": ("济阳卫健发", "济阳卫健字"),
    "fgj": ("济阳发改发", "济阳发改字"),
    "nyj": ("济阳农发", "济阳农字"),
    "jtj": ("济阳教体发", "济阳教体字"),
    "zjj": ("济阳住建发", "济阳住建字"),
    "zrj": ("济阳自然资发", "济阳自然资字"),
    "sthj": ("济环济阳发", "济环济阳字"),
    "czj": ("济阳财发", "济阳财字"),
    "scjg": ("济阳市监发", "济阳市监字"),
    "yjj": ("济阳应急发", "济阳应急字"),
    "sfj": ("济阳司发", "济阳司字"),
}
TITLES = [
    ("关于印发《济阳区{s}实施方案》的通知", DocType.NORMATIVE),
    ("关于进一步做好{s}工作的通知", DocType.POLICY),
    ("关于加快推进{s}的实施意见", DocType.NORMATIVE),
    ("关于印发《济阳区{s}管理办法》的通知", DocType.NORMATIVE),
    ("关于印发《济阳区{s}若干措施》的通知", DocType.POLICY),
    ("关于开展{s}专项行动的通知", DocType.WORK),
    ("关于印发《济阳区{s}三年行动计划（{y}—{y2}年）》的通知", DocType.PLAN),
    ("关于调整{s}有关标准的通知", DocType.NORMATIVE),
]
PARAGRAPHS = [
    "为深入贯彻落实党中央、国务院和省委、省政府，市委、市政府关于{s}的决策部署，"
    "结合我区实际，现就有关事项通知如下。",
    "一、总体要求。坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，"
    "到{y2}年，{s}工作机制更加健全，服务能力明显提升。",
    "二、重点任务。（一）完善政策体系。各镇（街道）、各部门要对照职责分工，"
    "抓好{s}各项政策落实。（二）强化服务保障。推行“一窗受理、一次办好”，"
    "符合条件的申请人可通过“爱山东”政务服务平台在线申请。",
    "三、保障措施。加强组织领导，强化资金保障，区财政局按规定统筹安排所需资金；"
    "加强督导考核，将{s}工作纳入年度综合考核。",
    "四、本{kind}由{unit}负责解释。",
]
SIGNERS = [
    (SignerKind.LEADER, "区{unit}主要负责同志", InterpretationForm.TEXT),
    (SignerKind.EXPERT, "山东大学公共管理学院教授", InterpretationForm.QA),
    (SignerKind.DRAFTER, "{unit}政策起草组", InterpretationForm.ILLUSTRATED),
    (SignerKind.DEPARTMENT, "{unit}", InterpretationForm.CHART),
    (SignerKind.DEPARTMENT, "{unit}", InterpretationForm.TEXT),
    (SignerKind.JOURNALIST, "济阳融媒记者", InterpretationForm.VIDEO),
    (SignerKind.COMMENTATOR, "济南日报评论员", InterpretationForm.TEXT),
]
TARGET = 200


def _desk(unit: Organisation) -> dict[str, User]:
    """Demo staff of ``unit``: an editor and one reviewer per step (idempotent)."""
    desk = {}
    for key, role in (
        ("editor", roles.EDITOR),
        ("review1", roles.REVIEW_FIRST),
        ("review2", roles.REVIEW_SECOND),
        ("review3", roles.REVIEW_FINAL),
    ):
        user, created = User.objects.get_or_create(
            username=f"{unit.code}_{key}",
            defaults={
                "organisation": unit,
                "is_staff": True,
                "full_name": f"{unit.short_name}{role}",
            },
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        desk[key] = user
    return desk


def _publish(record: Document | Interpretation, desk: dict[str, User]) -> None:
    publishing.submit(record, actor=desk["editor"])
    publishing.approve(record, actor=desk["review1"], opinion="同意")
    publishing.approve(record, actor=desk["review2"], opinion="同意")
    if isinstance(record, Document):
        services.approve_document(
            record, actor=desk["review3"], now=timezone.now(), opinion="同意发布"
        )
    else:
        publishing.approve(record, actor=desk["review3"], opinion="同意发布")


def _backdate(document: Document, day: datetime.date) -> None:
    """Give demo records their historical publication time (lists look lived-in)."""
    when = datetime.datetime.combine(
        day, datetime.time(9, 30), tzinfo=timezone.get_current_timezone()
    )
    Document.objects.filter(pk=document.pk).update(
        published_at=when, first_published_at=when
    )
    ids = list(document.interpretations.values_list("pk", flat=True))
    Interpretation.objects.filter(pk__in=ids).update(
        published_at=when, first_published_at=when
    )
    for model, pks in ((Document, [document.pk]), (Interpretation, ids)):
        IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        ).update(published_at=when)


def _body(
    rng: random.Random, subject: str, unit: Organisation, year: int, kind: str
) -> str:
    values = {
        "s": subject,
        "y2": year + 2,
        "unit": unit.short_name or unit.name,
        "kind": kind,
    }
    return "".join(
        f"<p>{p.format(**values)}</p>" for p in PARAGRAPHS if rng.random() > 0.1
    )


def _demo_credit_code(i: int) -> str:
    """A made-up 统一社会信用代码 with a valid check character (the model checks it)."""
    body = f"11370125{i:02d}MB{i + 10:02d}{i * 7 % 97:04d}"[:17]
    return body + credit_code_check_char(body)


@transaction.atomic
def seed_policies(target: int = TARGET) -> str:
    units = {o.code: o for o in Organisation.objects.all()}
    if "office" not in units or "rsj" not in units:
        return "skipped: demo organisations missing"
    audiences = {a.code: a for a in Audience.objects.all()}
    for i, code in enumerate(CODES):
        if code in units:
            IssuerCode.objects.get_or_create(
                organisation=units[code],
                defaults={"credit_code": _demo_credit_code(i)},
            )
    desks: dict[str, dict[str, User]] = {}
    serials: dict[tuple[str, int], int] = {}
    today = timezone.localdate()
    created: list[Document] = []
    interpretations = 0
    first_year = today.year - 5
    for n in range(target):
        # One generator per document, so a re-run produces the same 文号 and skips it.
        rng = random.Random(20240000 + n)  # noqa: S311 - demo text, not security
        theme = THEMES[n % len(THEMES)]
        year = first_year + n * 6 // target  # oldest first
        if year == today.year:
            year -= 1
        written = datetime.date(year, 1 + (n * 7) % 12, 1 + (n * 11) % 28)
        # Every fifth document is issued in the name of the district government or
        # its office (drafted by the department): 三同步 applies to those.
        by_government = n % 5 == 0
        issuer_code = (
            ("jiyang" if n % 10 == 0 else "office") if by_government else theme.unit
        )
        prefix = CODES[issuer_code][0 if rng.random() < 0.8 else 1]
        serials[(prefix, year)] = serials.get((prefix, year), 0) + 1 + n % 3
        doc_number = f"{prefix}〔{year}〕{serials[(prefix, year)]}号"
        if Document.objects.filter(doc_number=doc_number).exists():
            continue
        template, doc_type = TITLES[(n * 3 + year) % len(TITLES)]
        title = template.format(s=theme.subject, y=year, y2=year + 2)
        issuer_name = units[issuer_code].name
        title = f"{issuer_name}{title}" if by_government else title
        drafting = units[theme.unit]
        kind_word = "办法" if "办法" in title else "通知"
        expiry = (
            written.replace(year=written.year + (2 if "行动" in title else 5))
            - datetime.timedelta(days=1)
            if doc_type in (DocType.NORMATIVE, DocType.PLAN)
            else None
        )
        document = Document(
            organisation=drafting,
            title=title,
            doc_number=doc_number,
            doc_type=doc_type,
            topic=theme.topic,
            written_date=written,
            published_date=written + datetime.timedelta(days=rng.randint(1, 9)),
            effective_date=written + datetime.timedelta(days=30) if expiry else None,
            expiry_date=expiry,
            needs_interpretation=doc_type in (DocType.NORMATIVE, DocType.POLICY),
            body=_body(rng, theme.subject, drafting, year, kind_word),
        )
        issuers = [units[issuer_code]] + (
            [drafting] if by_government and rng.random() < 0.3 else []
        )
        services.save_document(
            document,
            actor=None,
            today=written,
            issuers=issuers,
            audiences=[audiences[c] for c in theme.audiences if c in audiences],
        )
        desk = desks.setdefault(drafting.code, _desk(drafting))
        # A few office documents lack their interpretation: 终审 returns them (退文).
        wants = by_government or (theme.unit == "office" and n % 3 != 0)
        if document.needs_interpretation and (wants or rng.random() < 0.35):
            signer_kind, signer, form = SIGNERS[(n // 5) % len(SIGNERS)]
            signer = signer.format(unit=drafting.short_name or drafting.name)
            short = (
                title.split("《")[-1].split("》")[0] if "《" in title else theme.subject
            )
            interpretation = Interpretation(
                document=document,
                organisation=drafting,
                title=(
                    f"一图读懂《{short}》"
                    if form == InterpretationForm.ILLUSTRATED
                    else f"《{short}》政策解读"
                ),
                form=form,
                signer_kind=signer_kind,
                signer_name=signer,
                body=(
                    f"<p>一、起草背景。为做好{theme.subject}工作，{drafting.name}起草了本文件。</p>"
                    f"<p>二、主要内容。文件明确了{theme.subject}的适用对象、申请条件、办理流程和保障措施。</p>"
                    "<p>三、政策亮点。简化办理材料，推行全程网办，办理时限压缩至5个工作日。</p>"
                    f"<p>四、咨询方式。{drafting.name}，咨询电话：{drafting.office_phone or '0531-84230000'}。</p>"
                ),
            )
            services.save_interpretation(interpretation, actor=desk["editor"])
            _publish(interpretation, desk)  # approved, held until the document is out
            interpretations += 1
        if n % 23 == 7:
            publishing.submit(document, actor=desk["editor"])  # left waiting at 初审
            continue
        _publish(document, desk)
        document.refresh_from_db()
        _backdate(document, document.published_date or written)
        created.append(document)
    # 立改废: later documents amend or repeal earlier ones on the same subject.
    relations = 0
    by_subject: dict[str, list[Document]] = {}
    for document in created:
        by_subject.setdefault(document.title[-12:], []).append(document)
    for n, document in enumerate(created):
        if n % 4:
            continue  # most documents stay in force
        for other in created[n + 1 :]:
            if (
                other.topic != document.topic
                or other.organisation_id != document.organisation_id
            ):
                continue
            if other.written_date.year - document.written_date.year < 2:
                continue
            kind = ("repeals", "amends", "partially_repeals")[relations % 3]
            on = other.effective_date or other.written_date
            # Replay the calendar up to the relation's date, so histories read in order.
            services.apply_due_status_changes(on, timezone.now())
            try:
                services.record_relation(
                    other,
                    document,
                    kind,
                    actor=None,
                    effective_on=on,
                    now=timezone.now(),
                    note="",
                )
                relations += 1
            except Exception:  # noqa: BLE001, S112 - a repealed target cannot change again
                continue
            break
    lapsed = services.apply_due_status_changes(today, timezone.now())
    return (
        f"{len(created)} 件政策文件（另有待审核的），{interpretations} 篇政策解读，"
        f"{relations} 条立改废关系，{lapsed} 件到期状态变更"
    )
