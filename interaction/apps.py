from __future__ import annotations

from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from interaction import api, api_consultations
        from interaction.demo import seed_demo_interaction
        from portal import caching, demo_registry, registry, roles
        from portal.api import router

        registry.register_nav("互动交流", "interaction:index", 50)
        registry.register_section(
            "mailbox",
            "区长信箱来信选登",
            50,
            "interaction:reply-list",
            on_home_page=False,
        )
        router.register(
            "mailbox/letters", api.LetterFilingViewSet, basename="mailbox-letter"
        )
        router.register(
            "mailbox/track", api.LetterTrackViewSet, basename="mailbox-track"
        )
        router.register(
            "mailbox/replies", api.PublishedLetterViewSet, basename="mailbox-reply"
        )
        router.register(
            "consultations",
            api_consultations.ConsultationViewSet,
            basename="consultation",
        )
        registry.register_section(
            "consultations",
            "意见征集",
            51,
            "interaction:consultation-list",
            on_home_page=False,
        )
        registry.register_section(
            "interviews",
            "在线访谈",
            52,
            "interaction:interview-list",
            on_home_page=False,
        )
        registry.register_section(
            "meetings",
            "列席常务会议",
            53,
            "interaction:meeting-list",
            on_home_page=False,
        )
        router.register("events", api.OpenMonthEventViewSet, basename="event")
        demo_registry.register("互动交流", seed_demo_interaction, order=50)

        # Pages whose display follows the date are keyed by the date as well; the
        # event and interview pages follow the time of day and are not cached.
        for url_name in ("index", "reply-list", "reply-detail", "meeting-list"):
            caching.register_page(f"interaction:{url_name}", "app:interaction")
        for url_name in ("consultation-list", "consultation-detail", "commitment-list"):
            caching.register_page(
                f"interaction:{url_name}", "app:interaction", daily=True
            )
        handler_perms = (
            "interaction.view_letter",
            "interaction.handle_letter",
            "interaction.view_letterevent",
            "interaction.view_openmonthevent",
            "interaction.add_openmonthevent",
            "interaction.change_openmonthevent",
            "interaction.check_in_registration",
            "interaction.view_registration",
            "interaction.view_publishedletter",
            "interaction.change_publishedletter",
            "interaction.view_comment",
            "interaction.change_comment",
            "interaction.view_consultation",
            "interaction.view_feedbackreport",
            "interaction.change_feedbackreport",
            "interaction.view_interviewquestion",
            "interaction.change_interviewquestion",
            "interaction.view_commitment",
            "interaction.view_commitmentprogress",
            "interaction.add_commitmentprogress",
        )
        roles.grant(roles.INTERACTION_HANDLER, *handler_perms)
        roles.grant(
            roles.OFFICE_ADMIN,
            *handler_perms,
            "interaction.add_commitment",
            "interaction.change_commitment",
            "interaction.view_hotlinerecord",
        )
        published = [f"interaction.{p}_publishedletter" for p in ("view", "change")]
        for role in (
            roles.EDITOR,
            roles.REVIEW_FIRST,
            roles.REVIEW_SECOND,
            roles.REVIEW_FINAL,
        ):
            roles.grant(role, *published)
