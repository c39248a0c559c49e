"""The 政府网站工作年度报表 (国办函〔2018〕12号): its fields, as data.

Pure. The field list is best knowledge of the attachment template ([U] in
shared/domain/gov-website.md: verify against a real 济阳区 or 济南 report), so it is one
table here, not code spread over forms and templates: adding or renaming a field is a
one-line change. ``source`` says where a value comes from: ``auto`` fields are counted
from the portal's own data when the report is generated; ``manual`` fields are entered
by staff. The 互动交流 figures of the mayor's mailbox, consultations and interviews are
counted through ``interaction.selectors``; only what the portal cannot know is entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["int", "bool", "text", "decimal"]
Source = Literal["auto", "manual"]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind = "int"
    source: Source = "manual"


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[Field, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "网站基本信息",
        (
            Field("site_name", "网站名称", "text", "auto"),
            Field("home_url", "首页网址", "text"),
            Field("sponsor", "主办单位", "text", "auto"),
            Field("site_type", "网站类型", "text"),
            Field("site_code", "政府网站标识码", "text", "auto"),
            Field("icp_number", "ICP备案编号", "text", "auto"),
        ),
    ),
    Group(
        "访问量",
        (
            Field("unique_visitors", "独立用户访问总量（单位：个）"),
            Field("page_views", "网站总访问量（单位：次）"),
        ),
    ),
    Group(
        "信息发布（单位：条）",
        (
            Field("published_total", "总数", "int", "auto"),
            Field("overview_updates", "概况类信息更新量"),
            Field("news_updates", "政务动态信息更新量"),
            Field("catalogue_updates", "信息公开目录信息更新量", "int", "auto"),
        ),
    ),
    Group(
        "专栏专题（单位：个）",
        (
            Field("columns_maintained", "维护数量"),
            Field("columns_new", "新开设数量"),
        ),
    ),
    Group(
        "解读回应",
        (
            Field(
                "interpretations_total", "解读信息发布总数（单位：条）", "int", "auto"
            ),
            Field("interpretation_materials", "其中：解读材料数量（单位：条）"),
            Field("interpretation_products", "其中：解读产品数量（单位：个）"),
            Field("media_articles", "其中：媒体评论文章数量（单位：篇）"),
            Field("hot_responses", "回应公众关注热点或重大舆情数量（单位：次）"),
        ),
    ),
    Group(
        "办事服务",
        (
            Field("service_catalogue", "是否发布服务事项目录", "bool"),
            Field("registered_users", "注册用户数（单位：个）"),
            Field("service_items", "政务服务事项数量（单位：项）"),
            Field("online_items", "可全程在线办理政务服务事项数量（单位：项）"),
            Field("cases_total", "办件量总数（单位：件）"),
            Field("cases_natural", "其中：自然人办件量（单位：件）"),
            Field("cases_legal", "其中：法人办件量（单位：件）"),
        ),
    ),
    Group(
        "互动交流",
        (
            Field("unified_platform", "是否使用统一平台", "bool"),
            Field(
                "letters_received", "留言办理：收到留言数量（单位：条）", "int", "auto"
            ),
            Field("letters_done", "留言办理：办结留言数量（单位：条）", "int", "auto"),
            Field(
                "letters_average_days",
                "留言办理：平均办理时间（单位：天）",
                "decimal",
                "auto",
            ),
            Field(
                "letters_published", "留言办理：公开答复数量（单位：条）", "int", "auto"
            ),
            Field("surveys", "征集调查：征集调查期数（单位：期）", "int", "auto"),
            Field(
                "survey_comments", "征集调查：收到意见数量（单位：条）", "int", "auto"
            ),
            Field(
                "survey_results",
                "征集调查：公布调查结果期数（单位：期）",
                "int",
                "auto",
            ),
            Field("interviews", "在线访谈：访谈期数（单位：期）", "int", "auto"),
            Field(
                "interview_questions",
                "在线访谈：网民留言数量（单位：条）",
                "int",
                "auto",
            ),
            Field(
                "interview_answers",
                "在线访谈：答复网民提问数量（单位：条）",
                "int",
                "auto",
            ),
            Field("smart_qa", "是否提供智能问答功能", "bool"),
            Field(
                "requests_received",
                "依申请公开：本年新收申请数量（单位：件）",
                "int",
                "auto",
            ),
        ),
    ),
    Group(
        "安全防护",
        (
            Field("security_checks", "安全检测评估次数（单位：次）"),
            Field("security_findings", "发现问题数量（单位：个）"),
            Field("security_fixed", "问题整改数量（单位：个）"),
            Field("security_monitoring", "是否建立安全监测预警机制", "bool"),
            Field("security_drills", "是否开展应急演练", "bool"),
            Field("security_owner", "是否明确网站安全责任人", "bool"),
        ),
    ),
    Group(
        "移动新媒体",
        (
            Field("has_new_media", "是否有移动新媒体", "bool"),
            Field("weibo_name", "微博：名称", "text"),
            Field("weibo_posts", "微博：信息发布量（单位：条）"),
            Field("weibo_followers", "微博：关注量（单位：个）"),
            Field("wechat_name", "微信：名称", "text"),
            Field("wechat_posts", "微信：信息发布量（单位：条）"),
            Field("wechat_subscribers", "微信：订阅数（单位：个）"),
            Field("new_media_other", "其他", "text"),
        ),
    ),
    Group(
        "创新发展",
        (
            Field("search_as_service", "搜索即服务", "bool"),
            Field("multilingual", "多语言版本", "bool"),
            Field("accessible", "无障碍浏览", "bool"),
            Field("personalised", "千人千网", "bool"),
            Field("innovation_other", "其他", "text"),
        ),
    ),
    Group(
        "填报信息",
        (
            Field("head", "单位负责人", "text"),
            Field("reviewer", "审核人", "text"),
            Field("filler", "填报人", "text"),
            Field("contact_phone", "联系电话（单位办公电话）", "text"),
            Field("filled_on", "填报日期", "text"),
        ),
    ),
)

FIELDS: dict[str, Field] = {f.key: f for g in GROUPS for f in g.fields}
MANUAL_FIELDS: tuple[Field, ...] = tuple(
    f for f in FIELDS.values() if f.source == "manual"
)


def display(field: Field, value: object) -> str:
    """Return a value as the report prints it (是/否 for yes/no fields, 未填写 if empty)."""
    if value is None or value == "":
        return "未填写"
    if field.kind == "bool":
        return "是" if value else "否"
    return str(value)
