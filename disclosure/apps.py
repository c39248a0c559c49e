from __future__ import annotations

from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from disclosure import api  # noqa: F401 - registers the API viewset
        from portal import caching, demo_registry, registry, roles

        registry.register_nav("政府信息公开", "disclosure:home", 20)
        registry.register_section(
            "disclosure", "最新公开信息", 20, "disclosure:item-list"
        )
        registry.register_section(
            "projects",
            "重大项目全过程公开",
            24,
            "disclosure:project-list",
            on_home_page=False,
        )
        registry.register_section(
            "topics", "专题专栏", 25, "disclosure:column-list", on_home_page=False
        )
        for order, (label, url_name) in enumerate(
            [
                ("政府信息公开指南", "disclosure:guide"),
                ("政府信息公开制度", "disclosure:rules"),
                ("法定主动公开内容", "disclosure:catalogue"),
                ("政府信息公开年报", "disclosure:annual-reports"),
                ("主动公开信息", "disclosure:item-list"),
                ("重点领域信息公开", "disclosure:key-area-list"),
                ("重大项目全过程公开", "disclosure:project-list"),
                ("专题专栏", "disclosure:column-list"),
                ("线下公开专区", "disclosure:zone-list"),
            ]
        ):
            registry.register_map_link("政府信息公开", label, url_name, 200 + order)
        registry.register_staff_link(
            "主动公开监测（逾期目录事项、项目阶段缺失或逾期）",
            "disclosure:monitor",
            "disclosure.view_cataloguenode",
            20,
        )
        editable = [
            f"disclosure.{p}_{m}"
            for m in ("informationitem", "project", "topiccolumn")
            for p in ("view", "add", "change")
        ] + [
            # Rows edited inline with their (draft) record.
            f"disclosure.{p}_{m}"
            for m in ("itemattachment", "projectstage", "columnentry")
            for p in ("view", "add", "change", "delete")
        ]
        viewable = [
            f"disclosure.view_{m}" for m in ("cataloguenode", "keyarea", "offlinezone")
        ]
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
        for role in (
            roles.EDITOR,
            roles.REVIEW_FIRST,
            roles.REVIEW_SECOND,
            roles.REVIEW_FINAL,
        ):
            roles.grant(role, *editable, *viewable)
        managed = [
            f"disclosure.{p}_{m}"
            for m in (
                "cataloguenode",
                "keyarea",
                "offlinezone",
                "columnpage",
            )
            for p in ("view", "add", "change", "delete")
        ]
        roles.grant(roles.OFFICE_ADMIN, *editable, *managed)

        def seed() -> str:
            from disclosure.demo import seed_disclosure

            return seed_disclosure()

        demo_registry.register("disclosure", seed, order=20)
