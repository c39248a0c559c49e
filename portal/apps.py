from __future__ import annotations

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "网站核心"

    def ready(self) -> None:
        from portal import caching, roles
        from portal.permissions import sync_role_permissions
        from portal.sessions import mark_renewed_at_login

        roles.grant(
            roles.OFFICE_ADMIN,
            "portal.view_organisation",
            "portal.change_organisation",
            "portal.add_organisation",
            "portal.view_user",
            "portal.add_user",
            "portal.change_user",
            "portal.view_calendaroverride",
            "portal.add_calendaroverride",
            "portal.change_calendaroverride",
            "portal.delete_calendaroverride",
            "portal.view_sitesettings",
            "portal.change_sitesettings",
            "portal.view_indexentry",
        )
        for role in roles.ALL_ROLES:
            # Every unit keeps its own 政府信息公开工作机构 contact details current.
            roles.grant(role, "portal.view_organisation", "portal.change_organisation")
        caching.install()
        from portal import api_tokens  # noqa: F401 - the token's OpenAPI scheme

        # Site-core public pages; every page also depends on settings and organisations.
        caching.register_page("home", "index")
        caching.register_page("organisations")
        # Search ranks by recency as of today.
        caching.register_page("search", "index", daily=True)
        caching.register_page("feed", "index")
        caching.register_page("sitemap-index", "index")
        caching.register_page("django.contrib.sitemaps.views.sitemap", "index")
        post_migrate.connect(
            sync_role_permissions, dispatch_uid="portal.sync_role_permissions"
        )
        user_logged_in.connect(
            mark_renewed_at_login, dispatch_uid="portal.mark_renewed_at_login"
        )
