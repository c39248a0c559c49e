"""Site-core pages: home, organisations, elder-mode preference, health."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.context_processors import ELDER_MODE_COOKIE
from portal.health import health_report
from portal.models import Organisation
from portal.selectors import home_sections, public_organisations


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(
        public_organisations().exclude(kind=Organisation.Kind.GOVERNMENT)
    )
    return render(
        request,
        "portal/home.html",
        {
            "sections": home_sections(),
            "departments": [
                o for o in organisations if o.kind != Organisation.Kind.TOWN
            ],
            "towns": [o for o in organisations if o.kind == Organisation.Kind.TOWN],
        },
    )


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/organisation_list.html",
        {"organisations": list(public_organisations())},
    )


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch 长者模式 on or off for this visitor (remembered in a cookie for a year)."""
    enable = request.POST.get("enable") == "1"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if enable:
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "1",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=False,
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report.as_dict(), status=200 if report.healthy else 503)
