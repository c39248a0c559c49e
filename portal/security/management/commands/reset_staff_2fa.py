"""Remove a staff account's authenticator and recovery codes (a lost phone); the
account binds a new authenticator at its next login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.security.models import SecurityEvent
from portal.security.services import record_security_event
from portal.security.twofactor import reset_second_factor


class Command(BaseCommand):
    help = "重置工作人员的双因素验证器（手机丢失时）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as exc:
            raise CommandError(f"没有用户名为 {username} 的账号。") from exc
        removed = reset_second_factor(user)
        record_security_event(
            SecurityEvent.Kind.OTP_RESET, user=user, detail="由管理命令重置"
        )
        self.stdout.write(
            f"已重置 {username} 的验证器（删除 {removed} 条记录），下次登录时重新绑定。"
        )
