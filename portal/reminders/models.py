"""The sent-marker of a reminder: one row per (record, threshold, due date), any model.

A marker belongs to the due date it warned about: when the due date moves (an extension,
a correction restarting the clock) the new date gets its own reminders.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.CASCADE
    )
    object_id = models.CharField(_("对象编号"), max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    threshold = models.CharField(_("提醒节点"), max_length=40)
    due_on = models.DateField(_("所属期限"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"))
    recipients = models.TextField(_("收件人"), blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "threshold", "due_on"],
                condition=models.Q(due_on__isnull=False),
                name="reminder_sent_once_per_due_date",
            ),
            # Reminders not tied to a date (NULL never equals NULL in a unique index).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "threshold"],
                condition=models.Q(due_on__isnull=True),
                name="reminder_sent_once_per_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.threshold}"
