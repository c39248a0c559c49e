"""Public pages of consultations: the list, a consultation with its comments and form."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from interaction import selectors_consultations as selectors
from interaction.consultation_rules import Phase
from interaction.forms import CommentForm
from interaction.services import consultations as services
from interaction.throttles import slot
from portal.pagination import paginate, requested_page


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.public_consultations(), requested_page(request))
    today = timezone.localdate()
    rows = [(c, selectors.phase_of(c, today)) for c in page.object_list]
    return render(
        request,
        "interaction/consultation_list.html",
        {"page": page, "rows": rows, "phase_labels": selectors.PHASE_LABELS},
    )


@require_http_methods(["GET", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_page(pk)
    if consultation is None:
        raise Http404("意见征集不存在或尚未发布")
    current = selectors.phase_of(consultation, timezone.localdate())
    is_open = current == Phase.OPEN and consultation.is_public
    form = CommentForm(request.POST or None)
    submitted = False
    if request.method == "POST":
        # Only an accepted submission counts toward the limit.
        with slot(request) as accepted_slot:
            if accepted_slot.refused:
                form.is_valid()
                form.add_error(None, accepted_slot.message)
            elif form.is_valid():
                data = form.cleaned_data
                try:
                    services.submit_comment(
                        consultation,
                        content=data["content"],
                        name=data["name"],
                        contact=data["contact"],
                        article=data["article"],
                        now=timezone.now(),
                    )
                except services.ConsultationError as exc:
                    form.add_error(None, str(exc))
                else:
                    accepted_slot.count()
                    submitted = True
                    form = CommentForm()
    return render(
        request,
        "interaction/consultation_detail.html",
        {
            "consultation": consultation,
            "phase": current,
            "phase_label": selectors.PHASE_LABELS[current],
            "is_open": is_open,
            "form": form,
            "submitted": submitted,
            "opinions": selectors.approved_opinions(consultation),
            "rejected": selectors.rejected_counts(consultation),
            "feedback": selectors.public_feedback(consultation),
        },
    )
