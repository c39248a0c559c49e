from __future__ import annotations

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from portal import views
from portal.api import router
from portal.feeds import IndexSitemap, LatestEntriesFeed

sitemaps = {"content": IndexSitemap}

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("policies/", include("policies.urls")),
    path("organisations/", views.organisation_list, name="organisation-list"),
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
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
