"""Pages of supervision: the staff workbench (office and unit liaisons) and public notices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.pagination import paginate, requested_page
from portal.roles import SUPERVISION_LIAISON, has_role, is_office_admin
from portal.selectors import work_calendar
from supervision import forms, selectors, services
from supervision.imports import import_last_updates
from supervision.models import PublicNotice, Task
from supervision.services.notices import draft_notice
from supervision.workflow import InvalidTransition, TaskStatus

# --- access -------------------------------------------------------------------------------


def _require_office(request: HttpRequest) -> None:
    if not is_office_admin(request.user):
        raise PermissionDenied("只有政务公开办可以查看督导考核总览。")


def _require_supervision_role(request: HttpRequest) -> None:
    if not (
        is_office_admin(request.user) or has_role(request.user, SUPERVISION_LIAISON)
    ):
        raise PermissionDenied("您没有督导考核工作的权限。")


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    if isinstance(error, InvalidTransition):
        return error.message
    return str(error)


# --- staff pages ----------------------------------------------------------------------


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    data = selectors.dashboard(request.user, timezone.localdate(), work_calendar())
    return render(request, "supervision/dashboard.html", {"data": data})


@staff_member_required
def task_list(request: HttpRequest) -> HttpResponse:
    _require_supervision_role(request)
    year = forms.year_from(request.GET, timezone.localdate())
    tasks = selectors.tasks_for(request.user, year)
    status = request.GET.get("status", "")
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    page = paginate(tasks, requested_page(request), page_size=50)
    return render(
        request,
        "supervision/task_list.html",
        {
            "page": page,
            "year": year,
            "status": status,
            "statuses": TaskStatus.choices,
        },
    )


def _staff_task(request: HttpRequest, pk: int) -> Task:
    _require_supervision_role(request)
    task = selectors.staff_task(request.user, pk)
    if task is None:
        # Another unit's task is invisible, as in the admin.
        raise Http404("没有这项任务。")
    return task


def _render_task(
    request: HttpRequest,
    task: Task,
    *,
    progress_form: forms.ProgressForm | None = None,
    return_form: forms.ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    office = is_office_admin(request.user)
    return render(
        request,
        "supervision/task_detail.html",
        {
            "task": task,
            "events": list(task.events.all()),
            "can_report": services.can_report(request.user, task)
            and task.status not in (TaskStatus.SUBMITTED, TaskStatus.DONE),
            "can_review": office and task.status == TaskStatus.SUBMITTED,
            "progress_form": progress_form or forms.ProgressForm(),
            "return_form": return_form or forms.ReturnForm(),
        },
        status=status,
    )


@staff_member_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_task(request, _staff_task(request, pk))


@staff_member_required
@require_http_methods(["POST"])
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = _staff_task(request, pk)
    form = forms.ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_task(request, task, progress_form=form, status=400)
    step = (
        services.submit_completion
        if form.cleaned_data["complete"]
        else services.report_progress
    )
    try:
        step(task, actor=request.user, now=timezone.now(), **form.service_kwargs())
    except PermissionDenied:
        raise
    except (ValidationError, InvalidTransition) as error:
        form.add_error(None, _error_text(error))
        return _render_task(request, task, progress_form=form, status=400)
    messages.success(request, "已报送。")
    return redirect("supervision:task", pk=task.pk)


@staff_member_required
@require_http_methods(["POST"])
def task_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = _staff_task(request, pk)
    _require_office(request)
    try:
        if action == "accept":
            services.accept_task(task, actor=request.user, now=timezone.now())
        elif action == "return":
            form = forms.ReturnForm(request.POST)
            if not form.is_valid():
                return _render_task(request, task, return_form=form, status=400)
            services.return_task(
                task,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        else:
            raise Http404("没有这个操作。")
    except (ValidationError, InvalidTransition) as error:
        messages.error(request, _error_text(error))
        return redirect("supervision:task", pk=task.pk)
    messages.success(request, "已验收。" if action == "accept" else "已退回。")
    return redirect("supervision:task", pk=task.pk)


@staff_member_required
def compliance(request: HttpRequest) -> HttpResponse:
    _require_supervision_role(request)
    year = forms.year_from(request.GET, timezone.localdate())
    rows = selectors.compliance_table(year, request.user)
    return render(
        request,
        "supervision/compliance.html",
        {"rows": rows, "year": year, "short": sum(1 for r in rows if not r.met)},
    )


@staff_member_required
def new_media(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    today = timezone.localdate()
    return render(
        request,
        "supervision/new_media.html",
        {
            "stale": list(selectors.stale_accounts(today)),
            "stale_days": selectors.stale_days(),
            "dormant": selectors.dormant_accounts(today),
            "gaps": selectors.repost_gaps(),
        },
    )


@staff_member_required
def import_updates(request: HttpRequest) -> HttpResponse:
    _require_supervision_role(request)
    result = None
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        result = import_last_updates(
            data, actor=request.user, today=timezone.localdate()
        )
    return render(
        request,
        "supervision/import.html",
        {"form": form, "result": result},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@staff_member_required
def site_checks(request: HttpRequest) -> HttpResponse:
    _require_supervision_role(request)
    run = selectors.latest_link_run()
    return render(
        request,
        "supervision/site_checks.html",
        {"run": run, "findings": selectors.link_findings(run, request.user)},
    )


@staff_member_required
def scorecard(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    today = timezone.localdate()
    year = forms.year_from(request.GET, today)
    form = forms.NoticeDraftForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            notice = draft_notice(
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                is_public=form.cleaned_data["is_public"],
                actor=request.user,
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, "通报草稿已生成，请在管理后台核对后发布。")
            return redirect("admin:supervision_notice_change", notice.pk)
    return render(
        request,
        "supervision/scorecard.html",
        {"rows": selectors.scorecard(year, today), "year": year, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- public notices -------------------------------------------------------------------------


def notice_list(request: HttpRequest) -> HttpResponse:
    notices = PublicNotice.objects.public().only("id", "title", "kind", "published_at")
    page = paginate(notices.order_by("-published_at", "-id"), requested_page(request))
    return render(request, "supervision/notice_list.html", {"page": page})


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # A withdrawn notice keeps its page with the public reason (撤稿说明).
    notice = PublicNotice.objects.public_pages().filter(pk=pk).first()
    if notice is None:
        raise Http404("没有这份通报。")
    return render(request, "supervision/notice_detail.html", {"notice": notice})
