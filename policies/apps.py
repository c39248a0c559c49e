from __future__ import annotations

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "政策文件库"

    def ready(self) -> None:
        from policies import api  # noqa: F401 - registers the API viewsets
        from portal import caching, demo_registry, registry, roles

        registry.register_nav("政府文件库", "policies:document-list", 30)
        registry.register_section("policies", "政策文件", 10, "policies:document-list")
        registry.register_section(
            "interpretations", "政策解读", 11, "policies:interpretation-list"
        )
        # Public pages, cached whole until anything of the library changes
        # (a document page lists its relations and interpretations).
        for url_name in (
            "document-list",
            "document-detail",
            "document-print",
            "feed",
            "interpretation-list",
            "interpretation-detail",
            "interpretation-report",
        ):
            caching.register_page(f"policies:{url_name}", "app:policies")
        caching.watch_table("policies_audience", "policies:audiences")
        editing = [
            f"policies.{action}_{model}"
            for model in ("document", "interpretation", "attachment", "documentissuer")
            for action in ("view", "add", "change")
        ]
        reading = [
            "policies.view_document",
            "policies.view_interpretation",
            "policies.view_statuschange",
            "policies.view_documentrelation",
            "policies.view_documentreturn",
            "policies.view_attachment",
        ]
        for role in (roles.EDITOR, roles.OFFICE_ADMIN):
            roles.grant(
                role,
                *editing,
                *reading,
                "policies.view_importjob",
                "policies.add_importjob",
            )
        for role in (roles.REVIEW_FIRST, roles.REVIEW_SECOND, roles.REVIEW_FINAL):
            roles.grant(role, *reading, "policies.change_document")
        roles.grant(
            roles.OFFICE_ADMIN,
            "policies.add_documentrelation",
            "policies.view_importjob",
            "policies.add_importjob",
            "policies.change_audience",
            "policies.view_audience",
            "policies.view_issuercode",
            "policies.add_issuercode",
            "policies.change_issuercode",
        )

        def seed() -> str:
            from policies.demo import seed_policies

            return seed_policies()

        demo_registry.register("policies", seed, order=30)
