"""Public pages of e-mail subscriptions: subscribe, confirm, unsubscribe (no account)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from disclosure import subscriptions
from disclosure.forms import SubscriptionForm


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            subscriptions.subscribe(**form.target(), now=timezone.now())
            # The same answer whether or not the address was already subscribed.
            return render(request, "disclosure/subscribe_sent.html")
    else:
        form = SubscriptionForm(initial=request.GET.dict())
    return render(request, "disclosure/subscribe.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not confirm); POST confirms."""
    done = False
    if request.method == "POST":
        done = subscriptions.confirm_subscription(token, now=timezone.now()) is not None
        if not done:
            return render(request, "disclosure/subscription_gone.html", status=404)
    return render(request, "disclosure/subscription_confirm.html", {"done": done})


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a one-button page; POST deletes the subscription and its address."""
    done = False
    if request.method == "POST":
        done = subscriptions.unsubscribe(token)
        if not done:
            return render(request, "disclosure/subscription_gone.html")
    return render(request, "disclosure/unsubscribe.html", {"done": done})
