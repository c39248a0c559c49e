"""Demo applications in every workflow state, reached through the services (idempotent)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from portal.models import Organisation, User
from requests_app import services
from requests_app.choices import Channel, ReplyReason, ReplyType
from requests_app.fees import FeeMethod
from requests_app.ids import credit_code_check_char, resident_id_check_char
from requests_app.models import Application, ReplyTemplate

DEMO_MARK = "【演示】"

TEMPLATES = [
    (
        "信息已主动公开",
        ReplyType.DISCLOSED,
        "",
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项",
        "经查，您申请获取的信息已经主动公开，您可以通过济阳区政务公开平台“政府信息公开”栏目查阅。",
    ),
    (
        "本机关不掌握",
        ReplyType.UNAVAILABLE,
        ReplyReason.UNAVAILABLE_NOT_HELD,
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项",
        "经检索，本机关未制作或获取您申请公开的政府信息，该政府信息不存在。",
    ),
    (
        "信访类申请",
        ReplyType.NOT_PROCESSED,
        ReplyReason.NOT_PROCESSED_PETITION,
        "《中华人民共和国政府信息公开条例》第三十九条",
        "您提出的申请属于信访、投诉、举报事项，不作为政府信息公开申请处理，您可以通过信访渠道提出。",
    ),
    (
        "过程性信息",
        ReplyType.WITHHELD,
        ReplyReason.WITHHELD_PROCESS,
        "《中华人民共和国政府信息公开条例》第十六条第二款",
        "您申请公开的信息属于讨论记录、过程稿等过程性信息，依法可以不予公开。",
    ),
]


def _resident_id(n: int) -> str:
    body = f"37012519{70 + n % 30:02d}0{1 + n % 9}1{n % 10}{100 + n:03d}"[:17]
    return body + resident_id_check_char(body)


def _input(
    n: int, description: str, *, legal: bool = False
) -> services.ApplicationInput:
    if legal:
        body = f"91370125MA{n:07d}"[:17]
        return services.ApplicationInput(
            applicant_type="legal",
            name=f"济阳演示商贸有限公司{n}",
            credit_code=body + credit_code_check_char(body),
            legal_representative="王演示",
            contact_name="李演示",
            legal_person_kind="business",
            phone=f"1390531{n:04d}",
            email=f"company{n}@example.com",
            description=DEMO_MARK + description,
            delivery_method="email",
            form="electronic",
            topic="planning",
            area="济北街道",
        )
    return services.ApplicationInput(
        applicant_type="natural",
        name=f"演示申请人{n}",
        id_type="resident_id",
        id_number=_resident_id(n),
        phone=f"1380531{n:04d}",
        email=f"applicant{n}@example.com",
        address=f"济南市济阳区演示路{n}号",
        description=DEMO_MARK + description,
        delivery_method="email",
        form="electronic",
        topic=["land", "urban_renewal", "housing", "environment"][n % 4],
        area=["济阳街道", "崔寨街道", "孙耿街道", "曲堤镇"][n % 4],
    )


@transaction.atomic
def seed_demo_applications() -> str:
    if Application.objects.filter(description__startswith=DEMO_MARK).exists():
        return "已存在，跳过"
    office = Organisation.objects.filter(code="office").first()
    handler = User.objects.filter(username="handler").first()
    if office is None or handler is None:
        return "缺少演示单位或办理人，跳过"
    for title, reply_type, reason, basis, body in TEMPLATES:
        ReplyTemplate.objects.get_or_create(
            title=title,
            defaults={
                "reply_type": reply_type,
                "reason": reason,
                "legal_basis": basis,
                "body": body,
            },
        )
    now = timezone.now()

    def t(days_ago: float) -> datetime.datetime:
        return now - datetime.timedelta(days=days_ago)

    def file(n: int, days_ago: float, what: str, **kw: object) -> Application:
        channel = kw.pop("channel", Channel.ONLINE)
        legal = bool(kw.pop("legal", False))
        return services.submit_application(
            _input(n, what, legal=legal),
            organisation=office,
            now=t(days_ago),
            channel=str(channel),
            notify=False,  # demo addresses are fictitious: print no e-mails
        ).application

    # 待确认收到 (filed three days ago: shows as not confirmed in time)
    file(1, 3, "济阳街道2024年老旧小区改造项目清单")
    # 已登记
    a = file(2, 2, "崔寨街道某村土地征收补偿标准")
    services.confirm_receipt(a, actor=handler, now=t(1.9))
    # 审查中
    a = file(3, 6, "2024年区级财政预算执行情况", channel=Channel.IN_PERSON)
    services.start_review(a, actor=handler, now=t(5.9))
    # 待申请人补正
    a = file(4, 5, "有关文件", channel=Channel.IN_PERSON)
    services.start_review(a, actor=handler, now=t(4.9))
    services.issue_correction_notice(
        a,
        actor=handler,
        items=["请写明所需文件的名称或文号", "请说明所需信息的时间范围"],
        applicant_due=(now + datetime.timedelta(days=10)).date(),
        now=t(4.8),
    )
    # 办理中, close to due
    a = file(5, 27, "孙耿街道棚户区改造安置方案", channel=Channel.IN_PERSON)
    services.accept_application(a, actor=handler, now=t(26.9))
    # 征求意见中
    a = file(6, 10, "某企业环境影响评价批复文件", channel=Channel.IN_PERSON, legal=True)
    services.accept_application(a, actor=handler, now=t(9.9))
    services.start_consultation(
        a, actor=handler, party="third_party", party_name="某化工有限公司", now=t(8)
    )
    # 待缴纳信息处理费
    a = file(
        7, 8, "2020年以来全部建设工程规划许可证（约120页）", channel=Channel.IN_PERSON
    )
    services.accept_application(a, actor=handler, now=t(7.9))
    services.issue_fee_notice(
        a, actor=handler, method=FeeMethod.BY_VOLUME, quantity=120, now=t(7)
    )
    # 已答复 (and a typical case)
    a = file(8, 20, "曲堤镇2023年农村低保名单公示情况", channel=Channel.IN_PERSON)
    services.accept_application(a, actor=handler, now=t(19.9))
    services.send_reply(
        a,
        actor=handler,
        reply_type=ReplyType.DISCLOSED,
        reason="",
        body=TEMPLATES[0][4],
        legal_basis=TEMPLATES[0][3],
        delivery_method="email",
        now=t(15),
    )
    services.publish_case(
        a,
        actor=handler,
        title="申请公开已主动公开的低保名单公示信息",
        request_summary="申请人申请获取某镇2023年农村低保名单的公示情况。",
        handling="经查，该信息已在政务公开平台主动公开，告知申请人获取途径。",
        commentary="已主动公开的信息，应告知申请人获取该政府信息的方式、途径（条例第三十六条第一项）。",
        is_public=True,
        now=t(14),
    )
    services.record_review_outcome(
        a, actor=handler, proceeding="review", filed_on=t(10).date()
    )
    # 已终止办理 (逾期未补正)
    a = file(9, 40, "相关情况", channel=Channel.IN_PERSON)
    services.start_review(a, actor=handler, now=t(39.9))
    services.issue_correction_notice(
        a,
        actor=handler,
        items=["请明确所需信息的内容"],
        applicant_due=t(30).date(),
        now=t(39),
    )
    services.close_for_no_correction(a, actor=handler, now=t(28))
    # 已归档
    a = file(10, 60, "2023年政府信息公开工作年度报告", channel=Channel.IN_PERSON)
    services.accept_application(a, actor=handler, now=t(59.9))
    services.send_reply(
        a,
        actor=handler,
        reply_type=ReplyType.UNAVAILABLE,
        reason=ReplyReason.UNAVAILABLE_NOT_HELD,
        body=TEMPLATES[1][4],
        legal_basis=TEMPLATES[1][3],
        delivery_method="email",
        now=t(50),
    )
    services.archive_application(a, actor=handler, now=t(45))
    return "10 件申请（覆盖全部办理状态）、4 条答复口径、1 个典型案例"
