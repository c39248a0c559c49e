from __future__ import annotations

from django.urls import path

from portal.security import views

app_name = "security"

urlpatterns = [
    path("2fa/", views.otp_verify, name="otp-verify"),
    path("2fa/setup/", views.otp_setup, name="otp-setup"),
]
