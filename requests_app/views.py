"""Pages of on-request disclosure: public filing, tracking and cases; staff workbench.

Views are thin: authorise, parse the form, call one service or selector, render.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.models import Organisation
from portal.reminders.sweep import reminders_for
from portal.selectors import public_organisations, work_calendar
from requests_app import access, forms, letters, selectors, services
from requests_app.access import staff_permission_required
from requests_app.choices import Topic
from requests_app.fees import FeeMethod
from requests_app.models import Application, Attachment
from requests_app.notifications import THRESHOLD_LABELS
from requests_app.throttles import FilingThrottle, TrackingThrottle, refusal_message
from requests_app.workflow import InvalidTransition

SESSION_RECEIPT = "requests_receipt"


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
                context.update(
                    application=application,
                    events=selectors.public_events(application),
                    reply=selectors.get_reply(application),
                )
        else:
            throttle.release()
    return render(request, "requests_app/track.html", context, status=status)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    query = selectors.clean_query(request.GET.get("q", ""))
    topic = request.GET.get("topic", "")
    if topic not in Topic.values:
        topic = ""
    page = Paginator(selectors.public_cases(query, topic), 20).get_page(
        request.GET.get("page")
    )
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


# --- staff workbench ----------------------------------------------------------------------


@staff_permission_required(access.VIEW)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The unit's open applications by working days left, overdue first."""
    today = timezone.localdate()
    calendar = work_calendar()
    page, rows = selectors.dashboard_page(
        request.user, page=request.GET.get("page", 1), today=today, calendar=calendar
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
    page = Paginator(selectors.staff_cases(request.user, query), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "requests_app/staff/case_list.html", {"page": page, "query": query}
    )


def _staff_application(request: HttpRequest, pk: int) -> Application:
    application = selectors.staff_application(request.user, pk)
    if application is None:
        raise Http404("申请不存在或不属于本单位。")
    return application


@staff_permission_required(access.VIEW)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _staff_application(request, pk))


def _render_detail(
    request: HttpRequest,
    application: Application,
    *,
    failed: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The detail page; ``failed`` is a refused step's bound form, shown open with
    what was typed and why it was refused."""
    reply = selectors.get_reply(application)
    templates = selectors.reply_templates_for(request.user)
    action_forms = {
        name: (
            action.label,
            failed[1]
            if failed is not None and failed[0] == name
            else action.form_class(**action.form_kwargs(request, application)),
        )
        for name, action in ACTIONS.items()
    }
    return render(
        request,
        "requests_app/staff/detail.html",
        {
            "application": application,
            "reply": reply,
            "failed_action": failed[0] if failed is not None else "",
            "events": list(application.events.all()),
            "attachments": list(application.attachments.all()),
            "outcomes": list(application.review_outcomes.all()),
            "deadline": selectors.deadline_for(
                application,
                today=timezone.localdate(),
                calendar=work_calendar(),
                fee_pauses_clock=services.fee_pauses_clock(),
            ),
            "reminders": [
                (reminder.sent_at, THRESHOLD_LABELS.get(reminder.threshold, ""))
                for reminder in reminders_for(application)
            ],
            "action_forms": action_forms,
            "templates": list(templates),
            "can_see_personal_data": services.can_see_personal_data(
                request.user,  # type: ignore[arg-type]
                application,
            ),
        },
        status=status,
    )


@staff_permission_required(access.VIEW)
@require_GET
def reply_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    application = _staff_application(request, pk)
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
    application = _staff_application(request, pk)
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


# --- staff workflow steps: one form and one service call each ----------------------------


class Action:
    def __init__(
        self,
        label: str,
        form_class: type[Form],
        call: Callable[[Application, Any, dict[str, Any], datetime.datetime], Any],
        form_kwargs: Callable[[HttpRequest, Application], dict[str, Any]] | None = None,
    ) -> None:
        self.label = label
        self.form_class = form_class
        self.call = call
        self._form_kwargs = form_kwargs

    def form_kwargs(
        self, request: HttpRequest, application: Application
    ) -> dict[str, Any]:
        return self._form_kwargs(request, application) if self._form_kwargs else {}


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _reply(
    app: Application, user: Any, d: dict[str, Any], now: datetime.datetime
) -> Any:
    # A handler starts from the office's 统一答复口径: an empty body takes its wording.
    template = d.get("template")
    return services.send_reply(
        app,
        actor=user,
        reply_type=d["reply_type"],
        reason=d["reason"],
        body=d["body"] or (template.body if template else ""),
        legal_basis=d["legal_basis"] or (template.legal_basis if template else ""),
        delivery_method=d["delivery_method"],
        template=template,
        delivered_on=d.get("delivered_on"),
        now=now,
    )


def _attach(
    app: Application, user: Any, d: dict[str, Any], now: datetime.datetime
) -> Any:
    upload = d["file"]
    return services.add_attachment(
        filename=upload.name, data=upload.read(), application=app
    )


ACTIONS: dict[str, Action] = {
    "confirm": Action(
        "确认收到申请",
        forms.EmptyForm,
        lambda a, u, d, n: services.confirm_receipt(a, actor=u, now=n),
    ),
    "review": Action(
        "开始审查",
        forms.EmptyForm,
        lambda a, u, d, n: services.start_review(a, actor=u, now=n),
    ),
    "correction": Action(
        "告知补正",
        forms.CorrectionNoticeForm,
        lambda a, u, d, n: services.issue_correction_notice(
            a,
            actor=u,
            items=_lines(d["items"]),
            applicant_due=d["applicant_due"],
            now=n,
        ),
    ),
    "correction_received": Action(
        "收到补正申请",
        forms.CorrectionReceivedForm,
        lambda a, u, d, n: services.receive_correction(
            a,
            actor=u,
            received_on=d["received_on"],
            description=d["description"],
            now=n,
        ),
    ),
    "accept": Action(
        "受理办理",
        forms.EmptyForm,
        lambda a, u, d, n: services.accept_application(a, actor=u, now=n),
    ),
    "assign": Action(
        "指定办理人",
        forms.AssignHandlerForm,
        lambda a, u, d, n: services.assign_handler(
            a, actor=u, handler=d["handler"], now=n
        ),
        lambda request, app: {"organisation_id": app.organisation_id},
    ),
    "transfer": Action(
        "转办",
        forms.TransferForm,
        lambda a, u, d, n: services.transfer_application(
            a, actor=u, to_organisation=d["to_organisation"], reason=d["reason"], now=n
        ),
    ),
    "consult": Action(
        "征求意见",
        forms.ConsultationStartForm,
        lambda a, u, d, n: services.start_consultation(
            a,
            actor=u,
            party=d["party"],
            party_name=d["party_name"],
            sent_on=d["sent_on"],
            now=n,
        ),
    ),
    "consult_end": Action(
        "收到意见",
        forms.ConsultationEndForm,
        lambda a, u, d, n: services.end_consultation(
            a, actor=u, answered_on=d["answered_on"], outcome=d["outcome"], now=n
        ),
    ),
    "extend": Action(
        "延长答复期限",
        forms.ExtensionForm,
        lambda a, u, d, n: services.extend_deadline(
            a,
            actor=u,
            days=d["days"],
            approver=d["approver"],
            reason=d["reason"],
            notice_sent_on=d["notice_sent_on"],
            now=n,
        ),
    ),
    "fee": Action(
        "发出收费通知",
        forms.FeeNoticeForm,
        lambda a, u, d, n: services.issue_fee_notice(
            a, actor=u, method=FeeMethod(d["method"]), quantity=d["quantity"], now=n
        ),
    ),
    "paid": Action(
        "登记缴费",
        forms.PaymentForm,
        lambda a, u, d, n: services.record_payment(
            a, actor=u, paid_on=d["paid_on"], now=n
        ),
    ),
    "attach": Action("上传答复附件", forms.AttachmentForm, _attach),
    "reply": Action(
        "答复",
        forms.ReplyForm,
        _reply,
        lambda request, app: {"templates": selectors.reply_templates_for(request.user)},
    ),
    "withdraw": Action(
        "申请人撤回申请",
        forms.WithdrawalForm,
        lambda a, u, d, n: services.record_withdrawal(
            a, actor=u, reason=d["reason"], now=n
        ),
    ),
    "archive": Action(
        "归档",
        forms.EmptyForm,
        lambda a, u, d, n: services.archive_application(a, actor=u, now=n),
    ),
    "case_attach": Action(
        "上传案例附件",
        forms.AttachmentForm,
        lambda a, u, d, n: services.add_case_attachment(
            a, filename=d["file"].name, data=d["file"].read()
        ),
    ),
    "outcome": Action(
        "登记行政复议或诉讼",
        forms.ReviewOutcomeForm,
        lambda a, u, d, n: services.record_review_outcome(
            a,
            actor=u,
            proceeding=d["proceeding"],
            filed_on=d["filed_on"],
            result=d["result"],
            decided_on=d["decided_on"],
            note=d["note"],
        ),
    ),
    "case": Action(
        "编入案例库",
        forms.CaseForm,
        lambda a, u, d, n: services.publish_case(
            a,
            actor=u,
            title=d["title"],
            request_summary=d["request_summary"],
            handling=d["handling"],
            commentary=d["commentary"],
            is_public=d["is_public"],
            now=n,
        ),
    ),
}


@staff_permission_required(access.VIEW, access.PROCESS)
@require_http_methods(["POST"])
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one workflow step; a refusal is shown in Chinese and nothing is saved."""
    if action not in ACTIONS:
        raise Http404("未知的办理环节。")
    application = _staff_application(request, pk)
    step = ACTIONS[action]
    form = step.form_class(
        request.POST, request.FILES, **step.form_kwargs(request, application)
    )
    target = reverse("requests:staff-detail", args=[application.pk])
    if not form.is_valid():
        # Shown again with what was typed; nothing is saved.
        messages.error(request, f"{step.label}未完成，请按提示修改。")
        return _render_detail(request, application, failed=(action, form), status=400)
    try:
        with transaction.atomic():
            result = step.call(
                application, request.user, form.cleaned_data, timezone.now()
            )
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            form.add_error(None, exc)
        messages.error(request, f"{step.label}未完成：" + "；".join(exc.messages))
        application.refresh_from_db()
        return _render_detail(request, application, failed=(action, form), status=400)
    else:
        if isinstance(result, Attachment) and result.findings:
            messages.warning(
                request,
                "附件已上传，但发现隐藏数据："
                + "；".join(f["message"] for f in result.findings)
                + "。须经人工复核放行后才能随答复发出。",
            )
        else:
            messages.success(request, f"已完成：{step.label}")
    return HttpResponseRedirect(target)


@staff_permission_required(access.VIEW, access.PROCESS)
@require_http_methods(["POST"])
def approve_attachment(
    request: HttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    application = _staff_application(request, pk)
    attachment = Attachment.objects.filter(
        pk=attachment_pk, application=application
    ).first()
    if attachment is None:
        raise Http404("附件不存在。")
    try:
        services.approve_attachment(
            attachment,
            actor=request.user,  # type: ignore[arg-type]
            now=timezone.now(),
        )
    except InvalidTransition as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"附件“{attachment.original_name}”已复核放行。")
    return HttpResponseRedirect(reverse("requests:staff-detail", args=[application.pk]))
