from __future__ import annotations

from django.urls import path

from requests_app.views import public, staff, workbench

app_name = "requests"

urlpatterns = [
    path("", public.index, name="index"),
    path("apply/", public.apply, name="apply"),
    path("apply/done/", public.apply_done, name="apply-done"),
    path("track/", public.track, name="track"),
    path(
        "track/files/<str:token>/letter.pdf",
        public.track_letter,
        name="track-letter",
    ),
    path(
        "track/files/<str:token>/attachments/<int:attachment_pk>/",
        public.track_attachment,
        name="track-attachment",
    ),
    path("cases/", public.case_list, name="case-list"),
    path("cases/<int:pk>/", public.case_detail, name="case-detail"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        public.case_attachment,
        name="case-attachment",
    ),
    path("staff/", staff.dashboard, name="staff-dashboard"),
    path("staff/register/", staff.register_application, name="staff-register"),
    path("staff/analysis/", staff.analysis, name="staff-analysis"),
    path("staff/cases/", staff.staff_case_list, name="staff-cases"),
    path("staff/<int:pk>/", workbench.application_detail, name="staff-detail"),
    path(
        "staff/<int:pk>/letter.<str:fmt>",
        staff.reply_letter,
        name="staff-letter",
    ),
    path(
        "staff/<int:pk>/personal-data/",
        staff.reveal_personal_data,
        name="staff-personal-data",
    ),
    path(
        "staff/<int:pk>/attachments/<int:attachment_pk>/approve/",
        workbench.approve_attachment,
        name="staff-approve-attachment",
    ),
    path(
        "staff/<int:pk>/<slug:action>/",
        workbench.application_action,
        name="staff-action",
    ),
]
