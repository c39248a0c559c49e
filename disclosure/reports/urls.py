from __future__ import annotations

from django.urls import path

from disclosure.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("statistics/", views.live_statistics, name="statistics"),
    path("website/<int:year>/", views.website_report, name="website-report"),
    path("<int:year>/<slug:code>/", views.report_detail, name="report-detail"),
    path("<int:year>/<slug:code>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<int:year>/<slug:code>/report.xlsx", views.report_xlsx, name="report-xlsx"),
]
