"""Public pages of interviews, executive-meeting attendance and commitments."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from interaction import selectors_programme as selectors
from interaction.forms import QuestionForm
from interaction.services import programme as services
from interaction.throttles import slot
from portal.pagination import paginate, requested_page


@require_GET
def interview_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.public_interviews(), requested_page(request))
    return render(
        request,
        "interaction/interview_list.html",
        {"page": page, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = selectors.interview_page(pk)
    if interview is None:
        raise Http404("访谈不存在或尚未发布")
    now = timezone.now()
    form = QuestionForm(request.POST or None)
    asked = False
    if request.method == "POST":
        # Only an accepted submission counts toward the limit.
        with slot(request) as current:
            if current.refused:
                form.is_valid()
                form.add_error(None, current.message)
            elif form.is_valid():
                try:
                    services.ask_question(
                        interview,
                        content=form.cleaned_data["content"],
                        name=form.cleaned_data["name"],
                        now=now,
                    )
                except services.ProgrammeError as exc:
                    form.add_error(None, str(exc))
                else:
                    current.count()
                    asked, form = True, QuestionForm()
    return render(
        request,
        "interaction/interview_detail.html",
        {
            "interview": interview,
            "form": form,
            "asked": asked,
            "taking_questions": interview.is_public and now < interview.scheduled_at,
            "questions": selectors.answered_questions(interview),
        },
    )


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.public_meetings(), requested_page(request))
    return render(request, "interaction/meeting_list.html", {"page": page})


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_page(pk)
    if meeting is None:
        raise Http404("会议信息不存在或尚未公开")
    return render(request, "interaction/meeting_detail.html", {"meeting": meeting})


@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    years = selectors.commitment_years()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    if year is None:
        year = years[0] if years else timezone.localdate().year
    today = timezone.localdate()
    rows = [
        (c, services.commitment_status(c.percent, c.deadline, today))
        for c in selectors.public_commitments(year)
    ]
    return render(
        request,
        "interaction/commitment_list.html",
        {"rows": rows, "year": year, "years": years},
    )
