from __future__ import annotations

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督导考核"

    def ready(self) -> None:
        from portal import caching, demo_registry, registry, roles
        from supervision import figures
        from supervision.demo import seed_demo_supervision
        from supervision.services.notices import NOTICE_SECTION

        # Public notices feed site search and the feeds; not a home-page block.
        registry.register_section(
            NOTICE_SECTION,
            "督查通报",
            70,
            list_url_name="supervision:notice-list",
            on_home_page=False,
        )
        for url_name in ("notice-list", "notice"):
            caching.register_page(f"supervision:{url_name}", "app:supervision")
        demo_registry.register("督导考核", seed_demo_supervision, order=70)
        figures.register_default_providers()

        def perms(model: str, *actions: str) -> list[str]:
            return [f"supervision.{action}_{model}" for action in actions]

        # A unit's liaison reads its ledger and keeps its own registers current.
        roles.grant(
            roles.SUPERVISION_LIAISON,
            *perms("workpoint", "view"),
            *perms("task", "view"),
            *perms("taskevent", "view"),
            *perms("activity", "view", "add", "change", "delete"),
            *perms("newmediaaccount", "view", "add", "change"),
            *perms("inspection", "view", "change"),
            *perms("repostrequirement", "view"),
            *perms("repost", "view", "add", "change"),
            *perms("linkfinding", "view"),
            *perms("notice", "view"),
        )
        everything = ("view", "add", "change", "delete")
        roles.grant(
            roles.OFFICE_ADMIN,
            *perms("workpoint", *everything),
            *perms("task", *everything),
            *perms("taskevent", "view"),
            *perms("activity", *everything),
            *perms("newmediaaccount", *everything),
            *perms("inspection", *everything),
            *perms("repostrequirement", *everything),
            *perms("repost", *everything),
            *perms("linkcheckrun", "view"),
            *perms("linkfinding", "view"),
            *perms("notice", *everything),
            *perms("publicnotice", "view", "change"),
        )
        # The public rendition of a notice goes through 三审三校 at the office's desk.
        for role in (
            roles.EDITOR,
            roles.REVIEW_FIRST,
            roles.REVIEW_SECOND,
            roles.REVIEW_FINAL,
        ):
            roles.grant(role, *perms("publicnotice", "view", "change"))
