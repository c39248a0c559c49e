from __future__ import annotations

from django.urls import path

from interaction import views, views_consultations, views_programme, views_staff

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("mailbox/write/", views.write_letter, name="letter-write"),
    path("mailbox/track/", views.track_letter, name="letter-track"),
    path("mailbox/rate/", views.rate_letter, name="letter-rate"),
    path("mailbox/replies/", views.reply_list, name="reply-list"),
    path("mailbox/replies/<int:pk>/", views.reply_detail, name="reply-detail"),
    path(
        "consultations/",
        views_consultations.consultation_list,
        name="consultation-list",
    ),
    path(
        "consultations/<int:pk>/",
        views_consultations.consultation_detail,
        name="consultation-detail",
    ),
    path("interviews/", views_programme.interview_list, name="interview-list"),
    path(
        "interviews/<int:pk>/",
        views_programme.interview_detail,
        name="interview-detail",
    ),
    path("meetings/", views_programme.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views_programme.meeting_detail, name="meeting-detail"),
    path("commitments/", views_programme.commitment_list, name="commitment-list"),
    path("staff/analysis/", views_staff.analysis, name="analysis"),
    path("staff/hotline-import/", views_staff.hotline_import, name="hotline-import"),
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/registration/", views.registration_lookup, name="registration"),
]
