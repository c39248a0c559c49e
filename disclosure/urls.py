from __future__ import annotations

from django.urls import path

from disclosure import kiosk_views, staff_views, subscription_views, views

app_name = "disclosure"

urlpatterns = [
    path("", views.column_home, name="home"),
    path("items/", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("feed/", views.LatestItemsFeed(), name="feed"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", views.catalogue_node, name="catalogue-node"),
    path("catalogue/<int:pk>/feed/", views.NodeFeed(), name="catalogue-node-feed"),
    path("areas/", views.key_area_list, name="key-area-list"),
    path("areas/<slug:slug>/", views.key_area_detail, name="key-area"),
    path("areas/<slug:slug>/feed/", views.KeyAreaFeed(), name="key-area-feed"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("columns/", views.column_list, name="column-list"),
    path("columns/<slug:slug>/", views.column_detail, name="column-detail"),
    path("zones/", kiosk_views.zone_list, name="zone-list"),
    path("zones/<int:pk>/kiosk/", kiosk_views.kiosk, name="kiosk"),
    path(
        "zones/<int:pk>/kiosk/items/<int:item_pk>/",
        kiosk_views.kiosk_item,
        name="kiosk-item",
    ),
    path(
        "zones/<int:pk>/kiosk/areas/<slug:slug>/",
        kiosk_views.kiosk_area,
        name="kiosk-area",
    ),
    path("guide/", views.column_page, {"slug": "guide"}, name="guide"),
    path("rules/", views.column_page, {"slug": "rules"}, name="rules"),
    path("annual-reports/", views.annual_reports, name="annual-reports"),
    path("staff/monitor/", staff_views.monitor, name="monitor"),
    path("subscribe/", subscription_views.subscribe, name="subscribe"),
    path(
        "subscriptions/<str:token>/confirm/",
        subscription_views.confirm,
        name="confirm",
    ),
    path(
        "subscriptions/<str:token>/unsubscribe/",
        subscription_views.unsubscribe,
        name="unsubscribe",
    ),
]
