"""Proactive disclosure (主动公开)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.publishing.fields import RichTextField
from portal.publishing.models import Publishable
from portal.publishing.sanitize import html_to_text


class InformationItem(Publishable):
    """A piece of proactively disclosed government information (主动公开信息)."""

    class Category(models.TextChoices):
        # The key areas of the 2024 work points, 一(一)–(三).
        KEY_WORK = "key_work", _("年度重点工作")
        MAJOR_PROJECT = "major_project", _("重大建设项目")
        CONSUMPTION = "consumption", _("消费支持政策")
        RURAL = "rural", _("乡村振兴")
        URBAN_RENEWAL = "urban_renewal", _("城市更新")
        ENVIRONMENT = "environment", _("生态环境")
        EMPLOYMENT = "employment", _("就业创业")
        HEALTH = "health", _("医疗卫生")
        EDUCATION = "education", _("教育")
        ELDERLY_CHILDREN = "elderly_children", _("一老一小")
        FINANCE = "finance", _("财政资金")
        NOTICE = "notice", _("通知公告")
        NEWS = "news", _("工作动态")

    title = models.CharField(_("标题"), max_length=200)
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    body = RichTextField(_("正文"), blank=True)

    publication_section = "disclosure"

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["review_state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item-detail", args=[self.pk])

    def publication_title(self) -> str:
        return self.title

    def publication_text(self) -> str:
        return html_to_text(self.body)

    def publication_summary(self) -> str:
        return self.summary or self.publication_text()[:120]
