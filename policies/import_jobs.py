"""Bulk imports of policy documents (CSV/XLSX), run by a Celery task with progress."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """A bulk import of documents from CSV/XLSX, run by a Celery task with progress."""

    class State(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    organisation = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("导入单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = models.FileField(_("导入文件"), upload_to="policies/imports/")
    file_format = models.CharField(_("格式"), max_length=10, editable=False)
    state = models.CharField(
        _("状态"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        editable=False,
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0, editable=False)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0, editable=False)
    created_count = models.PositiveIntegerField(_("新增"), default=0, editable=False)
    updated_count = models.PositiveIntegerField(_("更新"), default=0, editable=False)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0, editable=False)
    errors: models.JSONField[Any] = models.JSONField(
        _("错误行"), default=list, blank=True, editable=False
    )
    message = models.CharField(_("说明"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, editable=False)

    class Meta:
        verbose_name = _("批量导入")
        verbose_name_plural = _("批量导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file.name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.state == self.State.DONE else 0
        return min(100, self.processed_rows * 100 // self.total_rows)
