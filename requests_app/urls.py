from __future__ import annotations

from django.urls import path

from requests_app import views

app_name = "requests"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply-done"),
    path("track/", views.track, name="track"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        views.case_attachment,
        name="case-attachment",
    ),
    path("staff/", views.dashboard, name="staff-dashboard"),
    path("staff/register/", views.register_application, name="staff-register"),
    path("staff/analysis/", views.analysis, name="staff-analysis"),
    path("staff/cases/", views.staff_case_list, name="staff-cases"),
    path("staff/<int:pk>/", views.application_detail, name="staff-detail"),
    path(
        "staff/<int:pk>/letter.<str:fmt>",
        views.reply_letter,
        name="staff-letter",
    ),
    path(
        "staff/<int:pk>/personal-data/",
        views.reveal_personal_data,
        name="staff-personal-data",
    ),
    path(
        "staff/<int:pk>/attachments/<int:attachment_pk>/approve/",
        views.approve_attachment,
        name="staff-approve-attachment",
    ),
    path(
        "staff/<int:pk>/<slug:action>/",
        views.application_action,
        name="staff-action",
    ),
]
