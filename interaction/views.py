"""Public pages of interaction: the mailbox, published replies, open-month events."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from interaction import selectors
from interaction.forms import (
    CancelForm,
    LetterForm,
    RateForm,
    RegistrationForm,
    TrackForm,
)
from interaction.services import events as event_services
from interaction.services import mailbox
from interaction.throttles import TrackingThrottle, allowed, slot
from interaction.workflow import InvalidTransition, LetterStatus, Rating
from portal.pagination import paginate, requested_page
from portal.text_input import clean_search_text

TRACK_FAILED = "信件编号或查询码不正确，请核对后重新输入。"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "interaction/index.html")


@require_http_methods(["GET", "POST"])
def write_letter(request: HttpRequest) -> HttpResponse:
    form = LetterForm(request.POST or None)
    if request.method == "POST":
        # Only an accepted letter counts toward the limit.
        with slot(request) as current:
            if current.refused:
                form.is_valid()
                form.add_error(None, current.message)
            elif form.is_valid():
                data = form.cleaned_data
                submission = mailbox.submit_letter(
                    category=data["category"],
                    subject=data["subject"],
                    content=data["content"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    allow_public=data["allow_public"],
                    now=timezone.now(),
                )
                current.count()
                return render(
                    request,
                    "interaction/letter_done.html",
                    {
                        "serial_number": submission.serial_number,
                        "query_code": submission.query_code,
                        "due_date": submission.letter.due_date,
                    },
                )
    return render(request, "interaction/letter_form.html", {"form": form})


def _track_context(letter: Any, form: Any, rate_form: Any = None) -> dict[str, Any]:
    can_rate = letter.status == LetterStatus.REPLIED
    return {
        "form": form,
        "letter": letter,
        "can_rate": can_rate,
        "can_reopen": can_rate and letter.reopens == 0,
        "rate_form": rate_form
        or RateForm(
            initial={
                "serial_number": form.cleaned_data["serial_number"],
                "query_code": form.cleaned_data["query_code"],
            }
        ),
    }


@require_http_methods(["GET", "POST"])
def track_letter(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        # Only a failed look-up counts toward the limit.
        with slot(request, TrackingThrottle, action="查询") as current:
            if current.refused:
                form.is_valid()
                form.add_error(None, current.message)
            elif form.is_valid():
                letter = selectors.get_letter_for_writer(
                    form.cleaned_data["serial_number"],
                    form.cleaned_data["query_code"],
                )
                if letter is not None:
                    return render(
                        request,
                        "interaction/letter_track.html",
                        _track_context(letter, form),
                    )
                current.count()
                form.add_error(None, TRACK_FAILED)
    return render(request, "interaction/letter_track.html", {"form": form})


@require_http_methods(["POST"])
def rate_letter(request: HttpRequest) -> HttpResponse:
    rate_form = RateForm(request.POST)
    track = TrackForm(request.POST)
    if not allowed(TrackingThrottle, request) or not track.is_valid():
        track.is_valid()
        track.add_error(None, TRACK_FAILED)
        return render(request, "interaction/letter_track.html", {"form": track})
    letter = selectors.get_letter_for_writer(
        track.cleaned_data["serial_number"], track.cleaned_data["query_code"]
    )
    if letter is None:
        track.add_error(None, TRACK_FAILED)
        return render(request, "interaction/letter_track.html", {"form": track})
    if rate_form.is_valid():
        data = rate_form.cleaned_data
        try:
            mailbox.rate_letter(
                letter,
                rating=data["rating"],
                reopen=data["reopen"],
                comment=data["comment"],
                now=timezone.now(),
            )
        except (mailbox.MailboxError, InvalidTransition) as exc:
            rate_form.add_error(None, str(exc))
        else:
            letter.refresh_from_db()
            context = _track_context(letter, track)
            context["rated"] = True
            context["reopened"] = data["reopen"]
            return render(request, "interaction/letter_track.html", context)
    return render(
        request,
        "interaction/letter_track.html",
        _track_context(letter, track, rate_form),
    )


@require_GET
def reply_list(request: HttpRequest) -> HttpResponse:
    query = clean_search_text(request.GET.get("q", ""))
    page = paginate(selectors.public_letters(query), requested_page(request))
    return render(
        request, "interaction/reply_list.html", {"page": page, "query": query}
    )


@require_GET
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_letter_page(pk)
    if item is None:
        raise Http404("信件不存在或尚未公开")
    return render(request, "interaction/reply_detail.html", {"item": item})


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.public_events(), requested_page(request))
    return render(
        request,
        "interaction/event_list.html",
        {"page": page, "now": timezone.now()},
    )


def _event_or_404(pk: int) -> Any:
    event = selectors.public_event_page(pk)
    if event is None:
        raise Http404("活动不存在或尚未发布")
    return event


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_or_404(pk)
    now = timezone.now()
    form = RegistrationForm(request.POST or None, requires_id=event.requires_id)
    if request.method == "POST":
        # Only an accepted registration counts toward the limit.
        with slot(request) as current:
            if current.refused:
                form.is_valid()
                form.add_error(None, current.message)
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    registration = event_services.register_for_event(
                        event,
                        name=data["name"],
                        phone=data["phone"],
                        id_type=data.get("id_type", ""),
                        id_number=data.get("id_number", ""),
                        now=now,
                    )
                except event_services.RegistrationError as exc:
                    form.add_error(None, str(exc))
                else:
                    current.count()
                    return render(
                        request,
                        "interaction/registration_done.html",
                        {
                            "event": event,
                            "registration": registration,
                            "position": selectors.waiting_position(registration),
                        },
                    )
    window_open = event.registration_opens_at <= now < event.registration_closes_at
    return render(
        request,
        "interaction/event_detail.html",
        {"event": event, "form": form, "window_open": window_open},
    )


@require_http_methods(["GET", "POST"])
def registration_lookup(request: HttpRequest) -> HttpResponse:
    """Look up a registration by its code (status, check-in code) and cancel it."""
    form = CancelForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST":
        if not allowed(TrackingThrottle, request):
            form.is_valid()
            form.add_error(None, "操作过于频繁，请稍后再试。")
        elif form.is_valid():
            code = form.cleaned_data["code"]
            if request.POST.get("action") == "cancel":
                try:
                    event_services.cancel_registration(code, now=timezone.now())
                except event_services.RegistrationError as exc:
                    form.add_error(None, str(exc))
                else:
                    context["cancelled"] = True
            registration = selectors.registration_by_code(code)
            if registration is None:
                form.add_error("code", "报名码不正确。")
            else:
                context["registration"] = registration
                context["position"] = selectors.waiting_position(registration)
    return render(request, "interaction/registration_lookup.html", context)


RATING_LABELS = dict(Rating.choices)
