from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from portal import views
from portal.api import router
from portal.feeds import IndexSitemap, LatestEntriesFeed

sitemaps = {"content": IndexSitemap}


class FaviconView(RedirectView):
    """/favicon.ico, asked for by clients that ignore <link rel="icon">."""

    permanent = True

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        # Resolved per request: the hashed name exists only after collectstatic.
        return static_url("favicon.ico")


urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("search/", views.search, name="search"),
    path("policies/", include("policies.urls")),
    path("organisations/", views.organisation_list, name="organisations"),
    path("site-map/", views.site_map, name="site-map"),
    path("contact/", views.contact, name="contact"),
    path("preferences/elder-mode/", views.elder_mode, name="elder-mode"),
    path("healthz", views.healthz, name="healthz"),
    path("feed/", LatestEntriesFeed(), name="feed"),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("disclosure/", include("disclosure.urls")),
    path("requests/", include("requests_app.urls")),
    path("supervision/", include("supervision.urls")),
    path("interaction/", include("interaction.urls")),
    path("reports/", include("disclosure.reports.urls")),
    path("admin/", admin.site.urls),
    path("security/", include("portal.security.urls")),
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file (?script), so the
        # Content-Security-Policy needs no inline script for Swagger UI.
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
