from __future__ import annotations

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from disclosure import api  # noqa: F401 - registers the API viewset
        from portal import caching, demo_registry, registry, roles

        registry.register_nav("政府信息公开", "disclosure:item-list", 20)
        registry.register_section(
            "disclosure", "最新公开信息", 20, "disclosure:item-list"
        )
        for url_name in ("item-list", "item-detail", "feed"):
            caching.register_page(f"disclosure:{url_name}", "app:disclosure")
        # Annual reports count what every app recorded.
        for url_name in ("index", "website-report", "report-detail"):
            caching.register_page(f"reports:{url_name}", "app:disclosure")
        caching.register_page(
            "reports:statistics",
            "app:disclosure",
            "app:policies",
            "app:requests_app",
            "app:interaction",
            "index",
            daily=True,
        )
        perms = [f"disclosure.{p}_informationitem" for p in ("view", "add", "change")]
        for role in (
            roles.EDITOR,
            roles.REVIEW_FIRST,
            roles.REVIEW_SECOND,
            roles.REVIEW_FINAL,
        ):
            roles.grant(role, *perms)
        roles.grant(roles.OFFICE_ADMIN, *perms)

        def seed() -> str:
            from disclosure.demo import seed_items

            return seed_items()

        demo_registry.register("disclosure", seed, order=20)
