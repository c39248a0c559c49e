from __future__ import annotations

from django.urls import path

from disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.item_list, name="item-list"),
    path("items/<int:pk>/", views.item_detail, name="item-detail"),
    path("feed/", views.LatestItemsFeed(), name="feed"),
]
