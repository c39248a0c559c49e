"""Choice sets of the on-request disclosure domain, incl. the annual-report reply codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("互联网在线申请")
    IN_PERSON = "in_person", _("当面提交")
    POST_SIGNED = "post_signed", _("邮寄（需签收）")
    POST_UNSIGNED = "post_unsigned", _("平常信函")
    FAX = "fax", _("传真")


# 条例第三十一条: which channels have a receipt date only once the office confirms it.
CHANNELS_NEEDING_CONFIRMATION = frozenset(
    {Channel.ONLINE, Channel.POST_UNSIGNED, Channel.FAX}
)


class ApplicantType(models.TextChoices):
    NATURAL = "natural", _("自然人")
    LEGAL = "legal", _("法人或其他组织")


class LegalPersonKind(models.TextChoices):
    # The annual report's 法人或其他组织 columns (annual-report-format.md, section 三).
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_WELFARE = "public_welfare", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    OTHER = "other", _("其他有效证件")


class DeliveryMethod(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    POST = "post", _("邮寄")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子数据")


class Topic(models.TextChoices):
    LAND = "land", _("征地拆迁")
    URBAN_RENEWAL = "urban_renewal", _("城市更新")
    PLANNING = "planning", _("规划建设")
    HOUSING = "housing", _("住房保障")
    ENVIRONMENT = "environment", _("生态环境")
    SOCIAL_SECURITY = "social_security", _("社会保障")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    AGRICULTURE = "agriculture", _("农业农村")
    FINANCE = "finance", _("财政预算")
    ENFORCEMENT = "enforcement", _("行政执法")
    OTHER = "other", _("其他")


class ReplyType(models.TextChoices):
    """The six outcome groups of the annual report, section 三 (国办公开办函〔2021〕30号)."""

    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    WITHHELD = "withheld", _("不予公开")
    UNAVAILABLE = "unavailable", _("无法提供")
    NOT_PROCESSED = "not_processed", _("不予处理")
    OTHER = "other", _("其他处理")


class ReplyReason(models.TextChoices):
    """The annual report's sub-rows, one code each; the prefix names the group."""

    WITHHELD_STATE_SECRET = "withheld_state_secret", _("属于国家秘密")
    WITHHELD_PROHIBITED = "withheld_prohibited", _("其他法律行政法规禁止公开")
    WITHHELD_SECURITY = "withheld_security", _("危及“三安全一稳定”")
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("保护第三方合法权益")
    WITHHELD_INTERNAL = "withheld_internal", _("属于三类内部事务信息")
    WITHHELD_PROCESS = "withheld_process", _("属于四类过程性信息")
    WITHHELD_ENFORCEMENT = "withheld_enforcement", _("属于行政执法案卷")
    WITHHELD_QUERY = "withheld_query", _("属于行政查询事项")
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("本机关不掌握相关政府信息")
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        _("没有现成信息需要另行制作"),
    )
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_still_unclear", _("补正后申请内容仍不明确")
    NOT_PROCESSED_PETITION = "not_processed_petition", _("信访举报投诉类申请")
    NOT_PROCESSED_REPEAT = "not_processed_repeat", _("重复申请")
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", _("要求提供公开出版物")
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive", _("无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        _("要求行政机关确认或重新出具已获取信息"),
    )
    OTHER_NO_CORRECTION = (
        "other_no_correction",
        _("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_NO_PAYMENT = (
        "other_no_payment",
        _("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER_OTHER = "other_other", _("其他")


# Which reasons belong to which group; 予以公开 and 部分公开 take none (部分公开 counts
# only there, never also under a 不予公开 reason).
REASONS_BY_TYPE: dict[ReplyType, frozenset[ReplyReason]] = {
    ReplyType.DISCLOSED: frozenset(),
    ReplyType.PARTIAL: frozenset(),
    **{
        reply_type: frozenset(r for r in ReplyReason if r.value.startswith(prefix))
        for reply_type, prefix in (
            (ReplyType.WITHHELD, "withheld_"),
            (ReplyType.UNAVAILABLE, "unavailable_"),
            (ReplyType.NOT_PROCESSED, "not_processed_"),
            (ReplyType.OTHER, "other_"),
        )
    },
}


def reason_fits(reply_type: str, reason: str) -> bool:
    """Return True when ``reason`` is a valid sub-row of ``reply_type`` (or none needed)."""
    allowed = REASONS_BY_TYPE[ReplyType(reply_type)]
    if not allowed:
        return reason == ""
    return reason in allowed


class Proceeding(models.TextChoices):
    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class ProceedingResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class ConsultationParty(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方（条例第三十二条）")
    OTHER_ORGAN = "other_organ", _("其他行政机关（条例第三十四条）")


class AttachmentCheck(models.TextChoices):
    PENDING = "pending", _("待检查")
    CLEAN = "clean", _("未发现隐藏数据")
    FLAGGED = "flagged", _("发现隐藏数据，待人工复核")
    APPROVED = "approved", _("已人工复核放行")
