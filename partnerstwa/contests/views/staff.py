"""Results: staff who may change applications, and the jury's chair, each without the
applications they have a conflict with (selectors.ContestAccess)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstwa.contests import exports, selectors, services
from partnerstwa.contests.forms import StatusForm
from partnerstwa.contests.models import ContestEdition, EditionStatus, next_edition_status
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.downloads import XLSX, download


def _results_access(request: HttpRequest, slug: str) -> selectors.ContestAccess:
    edition = get_object_or_404(ContestEdition, slug=slug)
    access = selectors.contest_access(edition, request.user)
    if not access.sees_results:
        raise Http404
    return access


@login_required
@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    access = _results_access(request, slug)
    edition = access.edition
    ranked, others = selectors.results_for(access)
    for application in [row.application for row in ranked] + others:
        application.status_form = StatusForm(
            application=application, access=access, auto_id=f"id_{application.pk}_%s"
        )
    next_status = next_edition_status(edition.status) if access.moves_edition else None
    return render(
        request,
        "contests/results.html",
        {
            "edition": edition,
            "ranked": ranked,
            "others": others,
            "is_chair": access.is_chair,
            "sees_scores": access.sees_scores,
            "hidden": len(access.hidden),
            "next_status": next_status,
            "next_label": EditionStatus(next_status).label if next_status else "",
            "criteria": list(edition.criteria.order_by("-weight", "order", "pk")),
        },
    )


@login_required
@require_POST
def application_status(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = _results_access(request, slug)
    application = get_object_or_404(access.applications(), pk=pk)
    # The form offers only the steps this user may take (the chair: awards).
    form = StatusForm(request.POST, application=application, access=access)
    if form.is_valid():
        try:
            services.application_set_status(
                application=application,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status the application can move to."))
    return redirect("contests:results", slug=slug)


@login_required
@require_POST
def edition_advance(request: HttpRequest, slug: str) -> HttpResponse:
    access = _results_access(request, slug)
    if not access.moves_edition:
        raise Http404  # README "Who closes scoring": staff without a conflict, never the jury
    try:
        services.edition_advance(
            edition=access.edition, to=request.POST.get("to", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The edition moved to the next step."))
    return redirect("contests:results", slug=slug)


@login_required
@require_GET
def results_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    edition = get_object_or_404(ContestEdition, slug=slug)
    access = selectors.contest_access(edition, request.user)
    if not access.staff:
        raise Http404
    return download(
        spreadsheets.xlsx_book(exports.ranking_datasets(edition, hidden=access.hidden)),
        f"konkurs-{slug}-ranking.xlsx",
        XLSX,
    )
