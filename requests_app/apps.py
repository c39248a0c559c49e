from __future__ import annotations

from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from portal import caching, demo_registry, registry, roles
        from portal.api import router
        from requests_app import api
        from requests_app.demo import seed_demo_applications

        registry.register_nav("依申请公开", "requests:index", 40)
        # Public typical cases feed site search and feeds; not a home-page block.
        registry.register_section(
            "request-cases",
            "依申请公开典型案例",
            40,
            list_url_name="requests:case-list",
            on_home_page=False,
        )
        router.register("requests", api.ApplicationFilingViewSet, basename="request")
        router.register(
            "request-records", api.ApplicationRecordViewSet, basename="request-record"
        )
        router.register(
            "request-cases", api.TypicalCaseViewSet, basename="request-case"
        )
        demo_registry.register("依申请公开", seed_demo_applications, order=40)

        # Public pages only: the filing form, receipt and tracking are never cached.
        for url_name in ("index", "case-list", "case-detail"):
            caching.register_page(f"requests:{url_name}", "app:requests_app")
        handler_perms = (
            "requests_app.view_application",
            "requests_app.change_application",
            "requests_app.process_application",
            "requests_app.view_applicationevent",
            "requests_app.view_replytemplate",
            "requests_app.view_typicalcase",
            "requests_app.change_typicalcase",
            "requests_app.view_reviewoutcome",
            "requests_app.change_reviewoutcome",
            "requests_app.view_attachment",
            "requests_app.change_attachment",
        )
        roles.grant(roles.REQUEST_HANDLER, *handler_perms)
        roles.grant(
            roles.OFFICE_ADMIN,
            *handler_perms,
            "requests_app.view_personal_data",
            "requests_app.add_replytemplate",
            "requests_app.change_replytemplate",
            "requests_app.delete_replytemplate",
            "requests_app.view_personaldataaccess",
        )
