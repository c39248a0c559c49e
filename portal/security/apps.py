from __future__ import annotations

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "portal.security"
    label = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.security import signals  # noqa: F401  (connects the receivers)
