"""The second step of a staff login: enrol an authenticator, then give its code."""

from __future__ import annotations

import django_otp
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.plugins.otp_static.models import StaticDevice

from portal.security import twofactor
from portal.security.forms import TokenForm
from portal.security.models import SecurityEvent
from portal.security.services import record_security_event


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_authenticator(request.user):  # type: ignore[arg-type]
        return HttpResponseRedirect(
            reverse("security:otp-setup") + "?next=" + _next_url(request)
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify_second_factor(
            request.user,  # type: ignore[arg-type]
            form.cleaned_data["token"],
        )
        if device is not None:
            django_otp.login(request, device)
            kind = (
                SecurityEvent.Kind.OTP_RECOVERY_USED
                if isinstance(device, StaticDevice)
                else SecurityEvent.Kind.OTP_VERIFIED
            )
            record_security_event(kind, request=request)
            return HttpResponseRedirect(_next_url(request))
        record_security_event(SecurityEvent.Kind.OTP_FAILED, request=request)
        form.add_error("token", "验证码不正确或已过期，请重新输入。")
    return render(
        request,
        "security/otp_verify.html",
        {"form": form, "next": _next_url(request), "title": "双因素验证"},
    )


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.has_authenticator(user):  # type: ignore[arg-type]
        # A bound device is replaced only by the reset command, never from a session
        # that has given a password alone.
        return HttpResponseRedirect(reverse("security:otp-verify"))
    device = twofactor.pending_authenticator(user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_authenticator(device, form.cleaned_data["token"])
        if codes is not None:
            django_otp.login(request, device)
            record_security_event(SecurityEvent.Kind.OTP_ENROLLED, request=request)
            return render(
                request,
                "security/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "title": "恢复码"},
            )
        record_security_event(SecurityEvent.Kind.OTP_FAILED, request=request)
        form.add_error("token", "验证码不正确，请核对手机时间后重新输入。")
    return render(
        request,
        "security/otp_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_base32(device),
            "next": _next_url(request),
            "title": "绑定验证器",
        },
    )
