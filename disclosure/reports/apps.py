from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Annual reports. The models belong to the ``disclosure`` app (its migrations);
    this config only lets the package register its admin, tasks, roles and demo data."""

    name = "disclosure.reports"
    label = "disclosure_reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from portal import demo_registry, registry, roles

        registry.register_nav("年度报告", "reports:index", 60)
        models = ("annualreport", "reportversion", "generationrun")
        editing = [
            f"disclosure.{p}_{m}" for m in models for p in ("view", "add", "change")
        ]
        roles.grant(roles.EDITOR, *editing)
        roles.grant(roles.REVIEW_FINAL, *editing, "disclosure.publish_annualreport")
        roles.grant(roles.OFFICE_ADMIN, *editing, "disclosure.publish_annualreport")

        def seed() -> str:
            from disclosure.reports.demo import seed_reports

            return seed_reports()

        # After the policy (and request) demo data, whose figures the reports count.
        demo_registry.register("reports", seed, order=90)
