from __future__ import annotations

from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("staff/", views.dashboard, name="dashboard"),
    path("staff/tasks/", views.task_list, name="tasks"),
    path("staff/tasks/<int:pk>/", views.task_detail, name="task"),
    path("staff/tasks/<int:pk>/report/", views.task_report, name="task-report"),
    path("staff/tasks/<int:pk>/<slug:action>/", views.task_review, name="task-review"),
    path("staff/compliance/", views.compliance, name="compliance"),
    path("staff/new-media/", views.new_media, name="new-media"),
    path("staff/new-media/import/", views.import_updates, name="import"),
    path("staff/site-checks/", views.site_checks, name="site-checks"),
    path("staff/scorecard/", views.scorecard, name="scorecard"),
]
