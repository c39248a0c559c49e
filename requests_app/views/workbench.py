"""The staff page of one application and its workflow steps.

The page offers only the steps the workflow table allows now (``forms.steps.steps_for``);
a refused step is shown again, open, with what was typed and the step to take first.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from portal.reminders.sweep import reminders_for
from portal.selectors import work_calendar
from requests_app import access, selectors, services
from requests_app.access import staff_permission_required
from requests_app.forms.steps import STEPS, StepForm, steps_for
from requests_app.models import Application, Attachment
from requests_app.notifications import THRESHOLD_LABELS
from requests_app.views.staff import staff_application_or_404
from requests_app.workflow import InvalidTransition, clock_label


@staff_permission_required(access.VIEW)
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, staff_application_or_404(request, pk))


def _render_detail(
    request: HttpRequest,
    application: Application,
    *,
    failed: tuple[str, StepForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The detail page; ``failed`` is a refused step's bound form, shown open with
    what was typed and why it was refused."""
    offered = steps_for(application, request.user)
    if failed is not None and failed[0] not in offered:
        offered.append(failed[0])  # a refused step stays on screen with its text
    step_forms = [
        (
            name,
            failed[1]
            if failed is not None and failed[0] == name
            else STEPS[name](
                application=application, user=request.user, auto_id=_ids(name)
            ),
        )
        for name in offered
    ]
    return render(
        request,
        "requests_app/staff/detail.html",
        {
            "application": application,
            "reply": selectors.get_reply(application),
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
            "clock": clock_label(
                application.status,
                received_on=application.received_on,
                paused_since=application.clock_paused_since,
            ),
            "reminders": [
                (reminder.sent_at, THRESHOLD_LABELS.get(reminder.threshold, ""))
                for reminder in reminders_for(application)
            ],
            "step_forms": step_forms,
            "can_process": request.user.has_perms((access.VIEW, access.PROCESS)),
            "templates": list(selectors.reply_templates_for(request.user)),
            "can_see_personal_data": services.can_see_personal_data(
                request.user,  # type: ignore[arg-type]
                application,
            ),
        },
        status=status,
    )


@staff_permission_required(access.VIEW, access.PROCESS)
@require_http_methods(["POST"])
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one workflow step; a refusal keeps what was typed and names the next step."""
    step = STEPS.get(action)
    if step is None:
        raise Http404("未知的办理环节。")
    application = staff_application_or_404(request, pk)
    form = step(request.POST, request.FILES, application=application, user=request.user)
    if not form.is_valid():
        # Shown again with what was typed; nothing is saved.
        messages.error(request, f"{step.label}未完成，请按提示修改。")
        return _render_detail(request, application, failed=(action, form), status=400)
    try:
        with transaction.atomic():
            result = form.perform(
                actor=request.user,  # type: ignore[arg-type]
                now=timezone.now(),
            )
    except (InvalidTransition, ValidationError) as exc:
        if isinstance(exc, InvalidTransition):
            form.add_error(None, exc.message)
            messages.error(request, f"{step.label}未完成：{exc.message}")
            code = 409
        else:
            _add_errors(form, exc)
            messages.error(request, f"{step.label}未完成：" + "；".join(exc.messages))
            code = 400
        application = staff_application_or_404(request, pk)
        return _render_detail(request, application, failed=(action, form), status=code)
    if isinstance(result, Attachment) and result.findings:
        messages.warning(
            request,
            "附件已上传，但发现隐藏数据："
            + "；".join(f["message"] for f in result.findings)
            + "。须经人工复核放行后才能随答复发出。",
        )
    else:
        messages.success(request, f"已完成：{step.label}")
    return HttpResponseRedirect(reverse("requests:staff-detail", args=[application.pk]))


def _ids(step: str) -> str:
    # Every step's form is on one page: its own ids, so each label finds its field.
    return f"id_{step}_%s"


def _add_errors(form: StepForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


@staff_permission_required(access.VIEW, access.PROCESS)
@require_http_methods(["POST"])
def approve_attachment(
    request: HttpRequest, pk: int, attachment_pk: int
) -> HttpResponse:
    application = staff_application_or_404(request, pk)
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
