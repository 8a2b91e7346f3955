"""Jurors' pages: their applications, conflict declarations, scores and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnerstwa.contests import selectors, services
from partnerstwa.contests.forms import DeclarationForm, ScoreForm
from partnerstwa.contests.models import (
    RANKED,
    Application,
    Attachment,
    ConflictDeclaration,
    ContestEdition,
    EditionStatus,
    Score,
)
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.uploads import attachment_response


def _seat_or_404(request: HttpRequest, slug: str) -> selectors.ContestAccess:
    edition = get_object_or_404(ContestEdition.objects.public(), slug=slug)
    access = selectors.contest_access(edition, request.user)
    if access.seat is None:
        raise Http404
    return access


@login_required
@require_GET
def jury_index(request: HttpRequest, slug: str) -> HttpResponse:
    access = _seat_or_404(request, slug)
    edition, seat = access.edition, access.seat
    return render(
        request,
        "contests/jury/index.html",
        {
            "edition": edition,
            "seat": seat,
            "applications": selectors.juror_applications(seat, access.hidden),
            "criteria_count": edition.criteria.count(),
            "hidden": len(access.hidden),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def jury_application(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = _seat_or_404(request, slug)
    edition, seat = access.edition, access.seat
    # A conflicted application, found or declared, is as good as missing to this juror.
    if pk in access.hidden:
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related(
            "organisation", "partnership", "category"
        ).prefetch_related("answers__question", "attachments"),
        pk=pk,
        edition=edition,
        status__in=RANKED,
    )
    declaration = ConflictDeclaration.objects.filter(juror=seat, application=application).first()
    criteria = list(edition.criteria.order_by("order", "pk"))
    mine = {
        score.criterion_id: score
        for score in Score.objects.filter(juror=seat, application=application).select_related(
            "criterion"
        )
    }
    declaration_form = DeclarationForm(request.POST if "declare" in request.POST else None)
    initial = {}
    for criterion_id, score in mine.items():
        initial[f"c{criterion_id}"] = score.points
        initial[f"comment{criterion_id}"] = score.comment
    score_form = ScoreForm(
        request.POST if "score" in request.POST else None, criteria=criteria, initial=initial
    )
    if request.method == "POST" and "declare" in request.POST and declaration_form.is_valid():
        try:
            services.declaration_make(
                juror=seat,
                application=application,
                has_conflict=declaration_form.cleaned_data["has_conflict"],
                reason=declaration_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(declaration_form, error)
        else:
            if declaration_form.cleaned_data["has_conflict"]:
                messages.success(
                    request, _("Your declaration is recorded; you will not score this application.")
                )
                return redirect("contests:jury", slug=slug)
            return redirect("contests:jury_application", slug=slug, pk=pk)
    if request.method == "POST" and "score" in request.POST and score_form.is_valid():
        try:
            services.score_save(
                juror=seat,
                application=application,
                points=score_form.points(),
                comments=score_form.comments(),
            )
        except ValidationError as error:
            add_validation_error(score_form, error)
        else:
            messages.success(request, _("Your scores are saved."))
            return redirect("contests:jury", slug=slug)
    others = []
    if edition.scores_visible_to_jury:
        others = list(
            selectors.counted_scores(edition)
            .filter(application=application)
            .exclude(juror=seat)
            .select_related("juror__person", "criterion")
            .order_by("juror__person__last_name", "criterion__order")
        )
    return render(
        request,
        "contests/jury/application.html",
        {
            "edition": edition,
            "seat": seat,
            "application": application,
            "declaration": declaration,
            "declaration_form": declaration_form,
            "score_form": score_form,
            "can_score": declaration is not None
            and not declaration.has_conflict
            and edition.status == EditionStatus.SCORING,
            "mine": mine,
            "others": others,
        },
    )


@login_required
@require_GET
def jury_attachment(request: HttpRequest, slug: str, pk: int, attachment_pk: int) -> HttpResponse:
    """An application's attachment, for a juror who may see the application."""
    access = _seat_or_404(request, slug)
    edition = access.edition
    if pk in access.hidden:
        raise Http404
    attachment = get_object_or_404(
        Attachment,
        pk=attachment_pk,
        application__pk=pk,
        application__edition=edition,
        application__status__in=RANKED,
    )
    return attachment_response(attachment.file)
