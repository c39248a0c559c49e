"""The security log: who logged in, who failed, who was refused, who revealed
personal data. Staff identities and client addresses only, never an applicant's
personal data (the reveal row names the application's number, not its contents)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        OTP_VERIFIED = "otp_verified", _("双因素验证通过")
        OTP_FAILED = "otp_failed", _("双因素验证失败")
        OTP_ENROLLED = "otp_enrolled", _("绑定验证器")
        OTP_RECOVERY_USED = "otp_recovery", _("使用恢复码")
        OTP_RESET = "otp_reset", _("重置验证器")
        PERMISSION_DENIED = "denied", _("权限拒绝")
        PERSONAL_DATA_REVEALED = "pii_reveal", _("查看个人信息")

    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # As typed on the login form (a failed login may name no account); staff only.
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    client_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    path = models.CharField(_("地址"), max_length=300, blank=True)
    detail = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("安全日志")
        verbose_name_plural = _("安全日志")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"
