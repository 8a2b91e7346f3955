import tablib
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from partnerstwa.contests import selectors, services
from partnerstwa.contests.forms import ApplicationForm, DeclarationForm, ScoreForm, StatusForm
from partnerstwa.contests.models import (
    RANKED,
    Application,
    ApplicationStatus,
    Attachment,
    ConflictDeclaration,
    ContestEdition,
    EditionStatus,
    Score,
    next_edition_status,
)
from partnerstwa.lib import spreadsheets
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.lib.uploads import attachment_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public_edition(slug: str) -> ContestEdition:
    try:
        return selectors.edition_get(slug)
    except ContestEdition.DoesNotExist:
        raise Http404 from None


@require_GET
def contest_index(request: HttpRequest) -> HttpResponse:
    return render(request, "contests/index.html", {"editions": selectors.public_editions()})


@require_GET
def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _public_edition(slug)
    return render(
        request,
        "contests/edition.html",
        {"edition": edition, "seat": selectors.jury_seat(edition, request.user)},
    )


@require_GET
def rules_file(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _public_edition(slug)
    if not edition.rules_document:
        raise Http404
    return attachment_response(edition.rules_document)


@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _public_edition(slug)
    if not edition.accepts_applications:
        return render(request, "contests/closed.html", {"edition": edition}, status=403)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        edition=edition,
        initial={"language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attachments = (
            [(data["attachment"].name, data["attachment"])] if data.get("attachment") else []
        )
        try:
            application = services.application_submit(
                edition_id=edition.pk,
                organisation=data["organisation"],
                partnership=data["partnership"],
                category=data.get("category"),
                title=data["title"],
                summary=data["summary"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                answers=form.answers(),
                attachments=attachments,
                language=data["language"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: the application has been received. You can change it on this "
                    "page until the call closes; the receipt with its link goes to the contact "
                    "address (at most one an hour to an address for an edition)."
                ),
            )
            return redirect("contests:application_edit", token=services.edit_token(application))
    return render(
        request,
        "contests/application_form.html",
        {"edition": edition, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, token: str) -> HttpResponse:
    try:
        application = services.application_from_token(token)
    except Application.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return render(
            request,
            "contests/link_expired.html",
            {"lifetime_days": services.EDIT_LINK.lifetime.days},
            status=410,
        )
    edition = application.edition
    initial = {
        "title": application.title,
        "summary": application.summary,
        "contact_name": application.contact_name,
        "contact_email": application.contact_email,
        "category": application.category_id,
        "language": application.language,
        **{f"q{answer.question_id}": answer.text for answer in application.answers.all()},
    }
    form = ApplicationForm(request.POST or None, edition=edition, editing=True, initial=initial)
    # After the call closes the service refuses (translated) and the page says so.
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
                category=form.cleaned_data.get("category"),
                answers=form.answers(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The application has been updated."))
            return redirect("contests:application_edit", token=token)
    return render(
        request,
        "contests/application_edit.html",
        {
            "application": application,
            "edition": edition,
            "form": form,
            "editable": edition.accepts_applications,
        },
    )


# Jury


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


# Results: staff who may change applications, and the jury's chair, each without the
# applications they have a conflict with (selectors.ContestAccess).


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
    ranked = selectors.ranking(edition, hidden=access.hidden)
    ranking_sheet = tablib.Dataset(
        headers=[
            _("Rank"),
            _("Applicant"),
            _("Practice"),
            _("Category"),
            _("Status"),
            _("Jurors"),
            _("Weighted mean"),
            _("Share of the maximum") + " (%)",
            _("Tied"),
        ],
        title=_("Ranking")[:31],
    )
    for row in ranked:
        ranking_sheet.append(
            [
                row.rank,
                str(row.application.applicant),
                row.application.title,
                str(row.application.category or ""),
                str(ApplicationStatus(row.application.status).label),
                row.jurors,
                round(row.mean, 2) if row.mean is not None else None,
                round(row.percent, 1) if row.percent is not None else None,
                _("yes") if row.tied else "",
            ]
        )
    scores_sheet = tablib.Dataset(
        headers=[
            _("Applicant"),
            _("Practice"),
            _("Juror"),
            _("Criterion"),
            _("Weight"),
            _("Points"),
            _("Comment"),
        ],
        title=_("Scores")[:31],
    )
    for score in selectors.edition_scores(edition, hidden=access.hidden):
        scores_sheet.append(
            [
                str(score.application.applicant),
                score.application.title,
                str(score.juror.person),
                score.criterion.name,
                score.criterion.weight,
                score.points,
                score.comment,
            ]
        )
    response = HttpResponse(
        spreadsheets.xlsx_book([ranking_sheet, scores_sheet]), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="konkurs-{slug}-ranking.xlsx"'
    return response
