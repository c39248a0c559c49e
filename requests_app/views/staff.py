"""Staff pages of on-request disclosure: dashboard, registration, analysis, cases,
the reply letter and the logged view of personal data."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portal.models import Organisation
from portal.pagination import MAX_UNCOUNTED_PAGES, paginate, requested_page
from portal.selectors import work_calendar
from requests_app import access, forms, letters, selectors, services
from requests_app.access import staff_permission_required
from requests_app.choices import Topic
from requests_app.models import Application


@staff_permission_required(access.VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The unit's open applications by working days left, overdue first."""
    today = timezone.localdate()
    calendar = work_calendar()
    page, rows = selectors.dashboard_page(
        request.user,
        page=requested_page(request, max_page=MAX_UNCOUNTED_PAGES),
        today=today,
        calendar=calendar,
    )
    unconfirmed = selectors.unconfirmed_online_filings(
        request.user, today=today, calendar=calendar
    )
    return render(
        request,
        "requests_app/staff/dashboard.html",
        {"page": page, "rows": rows, "unconfirmed": unconfirmed, "today": today},
    )


@staff_permission_required(access.VIEW, access.PROCESS)
@require_http_methods(["GET", "POST"])
def register_application(request: HttpRequest) -> HttpResponse:
    """Staff enter an application received in person, by post or by fax."""
    units = Organisation.objects.visible_to(request.user).filter(is_active=True)
    form = forms.StaffRegistrationForm(
        request.POST or None, request.FILES or None, organisations=units
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("supporting_file")
        try:
            submission = services.submit_application(
                form.to_input(),
                organisation=form.cleaned_data["organisation"],
                now=timezone.now(),
                channel=form.cleaned_data["channel"],
                actor=request.user,  # type: ignore[arg-type]
                signed_on=form.cleaned_data.get("signed_on"),
                supporting_file=(upload.name, upload.read()) if upload else None,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(
                request,
                f"已登记申请 {submission.application.serial_number}，"
                f"查询码 {submission.query_code}（请告知申请人，仅显示一次）。",
            )
            return redirect("requests:staff-detail", pk=submission.application.pk)
    return render(request, "requests_app/staff/register.html", {"form": form})


@staff_permission_required(access.VIEW)
@require_GET
def analysis(request: HttpRequest) -> HttpResponse:
    form = forms.AnalysisForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    counts = selectors.analysis(request.user, start=start, end=end)
    topic_labels = dict(Topic.choices)
    return render(
        request,
        "requests_app/staff/analysis.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "by_topic": [
                {
                    "label": topic_labels.get(row["topic"], "未分类"),
                    "total": row["total"],
                }
                for row in counts.by_topic
            ],
            "by_area": counts.by_area,
            "by_unit_month": counts.by_unit_month,
            "fees_total": counts.fees_total,
        },
    )


@staff_permission_required(access.VIEW_CASES)
@require_GET
def staff_case_list(request: HttpRequest) -> HttpResponse:
    query = selectors.clean_query(request.GET.get("q", ""))
    page = paginate(selectors.staff_cases(request.user, query), requested_page(request))
    return render(
        request, "requests_app/staff/case_list.html", {"page": page, "query": query}
    )


@staff_permission_required(access.VIEW)
@require_GET
def reply_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    application = staff_application_or_404(request, pk)
    if not services.can_see_personal_data(request.user, application):  # type: ignore[arg-type]
        # The letter is addressed to the applicant by name.
        raise PermissionDenied("只有本申请的办理人和政务公开办管理员可以查看答复书。")
    reply = selectors.get_reply(application)
    if reply is None:
        raise Http404("该申请尚未答复。")
    html = letters.render_reply_letter_html(application, reply)
    if fmt == "pdf":
        response = HttpResponse(
            letters.render_pdf(html), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'inline; filename="{application.serial_number}-reply.pdf"'
        )
        return response
    return HttpResponse(html)


@staff_permission_required(access.VIEW)
@require_http_methods(["POST"])
def reveal_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the applicant's whole personal data to the handler or the office (logged)."""
    application = staff_application_or_404(request, pk)
    data = services.reveal_personal_data(
        application,
        user=request.user,  # type: ignore[arg-type]
        now=timezone.now(),
    )
    response = render(
        request,
        "requests_app/staff/personal_data.html",
        {"application": application, "data": data},
    )
    response["Cache-Control"] = "no-store"
    return response


def staff_application_or_404(request: HttpRequest, pk: int) -> Application:
    """The application of the user's unit, else 404 (another unit's is not found)."""
    application = selectors.staff_application(request.user, pk)
    if application is None:
        raise Http404("申请不存在或不属于本单位。")
    return application
