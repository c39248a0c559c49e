"""Public pages of on-request disclosure: filing, tracking (with the reply files) and
the case library."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.pagination import paginate, requested_page
from portal.selectors import public_organisations
from requests_app import download_tokens, forms, letters, selectors, services
from requests_app.choices import Topic
from requests_app.models import Application
from requests_app.throttles import FilingThrottle, TrackingThrottle, refusal_message
from requests_app.workflow import clock_label

SESSION_RECEIPT = "requests_receipt"
R = TypeVar("R", bound=HttpResponseBase)


def _receiving_units() -> Any:
    return public_organisations().only("id", "name", "parent_id", "sort_order")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.public_cases()[:5])
    return render(request, "requests_app/index.html", {"cases": cases})


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The online application form; an accepted filing shows its query code once."""
    form = forms.ApplicationForm(
        request.POST or None, request.FILES or None, organisations=_receiving_units()
    )
    if request.method == "POST":
        # A slot is taken before the work (parallel bursts cannot slip under the
        # limit) and given back unless a new application is filed.
        throttle = FilingThrottle()
        refusal = throttle.reserve(request)
        if refusal is not None:
            form.add_error(None, refusal_message(refusal, action="提交"))
            return _too_many(
                render(request, "requests_app/apply.html", {"form": form}, status=429),
                refusal.wait_seconds,
            )
        if form.is_valid():
            upload = form.cleaned_data.get("supporting_file")
            try:
                # The one-time form token makes a double click or a re-sent form
                # return the first application instead of filing a second one.
                result = services.submit_application_once(
                    form.cleaned_data["form_token"],
                    form.to_input(),
                    organisation=form.cleaned_data["organisation"],
                    now=timezone.now(),
                    supporting_file=(upload.name, upload.read()) if upload else None,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                if result.replayed:
                    throttle.release()
                submission = result.submission
                request.session[SESSION_RECEIPT] = {
                    "serial_number": submission.application.serial_number,
                    "query_code": submission.query_code,
                }
                return redirect("requests:apply-done")
        throttle.release()  # refused input does not count
    return render(request, "requests_app/apply.html", {"form": form})


def _too_many(response: HttpResponse, wait_seconds: int) -> HttpResponse:
    response["Retry-After"] = str(wait_seconds)
    return response


@never_cache
@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    # The receipt stays readable on refresh for the session that filed it (until the
    # next filing replaces it or the session ends); anyone else is told why not.
    receipt = request.session.get(SESSION_RECEIPT)
    if receipt is None:
        messages.info(
            request,
            "申请回执只在提交申请的浏览器中显示。请凭申请编号和查询码查询办理进度。",
        )
        return redirect("requests:track")
    return render(request, "requests_app/apply_done.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Progress and reply for the applicant holding the serial number and query code."""
    form = forms.TrackForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        # Only failed look-ups count (they are what guessing produces): the slot
        # taken here is given back for a malformed form or a successful look-up.
        throttle = TrackingThrottle()
        refusal = throttle.reserve(request)
        if refusal is not None:
            form.add_error(None, refusal_message(refusal, action="查询"))
            return _too_many(
                render(request, "requests_app/track.html", context, status=429),
                refusal.wait_seconds,
            )
        if form.is_valid():
            application = selectors.get_application_for_applicant(
                form.cleaned_data["serial_number"], form.cleaned_data["query_code"]
            )
            if application is None:
                # The same answer for an unknown serial and a wrong code.
                form.add_error(None, "申请编号或查询码不正确，请核对后重试。")
                status = 404
            else:
                throttle.release()
                reply = selectors.get_reply(application)
                context.update(
                    application=application,
                    events=selectors.public_events(application),
                    reply=reply,
                    clock=clock_label(
                        application.status,
                        received_on=application.received_on,
                        paused_since=application.clock_paused_since,
                    ),
                )
                if reply is not None:
                    # Links for this holder of the pair only, valid for a short time.
                    context.update(
                        download_token=download_tokens.make_token(
                            application.pk, application.query_code_hash
                        ),
                        download_minutes=download_tokens.MAX_AGE // 60,
                        reply_attachments=selectors.released_reply_attachments(
                            application
                        ),
                    )
        else:
            throttle.release()
    return render(request, "requests_app/track.html", context, status=status)


def _downloadable(token: str) -> Application:
    application = selectors.get_application_for_download(token)
    if application is None:
        raise Http404("下载链接无效或已过期，请重新查询办理进度后下载。")
    return application


def _private(response: R) -> R:
    # The files are the applicant's: never kept by a shared cache or the browser.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def track_letter(request: HttpRequest, token: str) -> HttpResponse:
    """The 答复书 as PDF, for the holder of a valid download link."""
    application = _downloadable(token)
    reply = selectors.get_reply(application)
    if reply is None:
        raise Http404("该申请尚未答复。")
    pdf = letters.render_pdf(letters.render_reply_letter_html(application, reply))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{application.serial_number}-reply.pdf"'
    )
    return _private(response)


@require_GET
def track_attachment(
    request: HttpRequest, token: str, attachment_pk: int
) -> FileResponse:
    """A released reply attachment, for the holder of a valid download link."""
    application = _downloadable(token)
    attachment = selectors.get_released_reply_attachment(application, attachment_pk)
    if attachment is None:
        raise Http404("附件不存在或尚未随答复发出。")
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )
    return _private(response)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    query = selectors.clean_query(request.GET.get("q", ""))
    topic = request.GET.get("topic", "")
    if topic not in Topic.values:
        topic = ""
    page = paginate(selectors.public_cases(query, topic), requested_page(request))
    return render(
        request,
        "requests_app/case_list.html",
        {"page": page, "query": query, "topic": topic, "topics": Topic.choices},
    )


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_public_case(pk)
    if case is None:
        raise Http404("案例不存在或未公开。")
    return render(request, "requests_app/case_detail.html", {"case": case})


@require_GET
def case_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = selectors.get_public_case_attachment(pk, attachment_pk)
    if attachment is None:
        raise Http404("附件不存在或未公开。")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )
