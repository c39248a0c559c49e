from __future__ import annotations

from django.urls import path

from policies import views
from policies.feeds import LatestDocumentsFeed

app_name = "policies"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/print/", views.document_print, name="document-print"),
    path("feed/", LatestDocumentsFeed(), name="feed"),
    path("export.jsonl", views.export_jsonl, name="export-jsonl"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("interpretations/", views.interpretation_list, name="interpretation-list"),
    path(
        "interpretations/<int:pk>/",
        views.interpretation_detail,
        name="interpretation-detail",
    ),
    path(
        "interpretations/report/",
        views.interpretation_report,
        name="interpretation-report",
    ),
]
