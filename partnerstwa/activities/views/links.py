"""Pages opened from a signed link mailed to one person: confirm or cancel a registration,
evaluate the event, download the certificate. A forged token answers 404; a genuine expired
one a page that says so."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from partnerstwa.activities import pdf, services
from partnerstwa.activities.forms import RegistrationConfirmForm
from partnerstwa.activities.models import (
    Certificate,
    Registration,
    RegistrationRequest,
    RegistrationState,
)
from partnerstwa.activities.views.public import consent_text
from partnerstwa.lib.downloads import PDF, download
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.text import parse_int
from partnerstwa.lib.tokens import LinkExpired

CONFIRMED = {
    RegistrationState.CONFIRMED: gettext_lazy("Your registration is confirmed."),
    RegistrationState.PENDING: gettext_lazy(
        "Your registration awaits the organisers' approval; we will write to you."
    ),
    RegistrationState.WAITLISTED: gettext_lazy(
        "All seats are taken, so you are on the waiting list. If a seat frees up, it goes to "
        "the first person on the list and we will write to you."
    ),
    RegistrationState.CANCELLED: gettext_lazy("This registration is cancelled."),
}


def _link_expired(request: HttpRequest, message: str) -> HttpResponse:
    """A genuine link past its lifetime: a page that says so (410 Gone), never an error."""
    return render(request, "activities/link_expired.html", {"message": message}, status=410)


@require_http_methods(["GET", "POST"])
def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed by the public form: its page shows the details typed into the form as
    an editable form, since whoever typed them need not own the address; the registration is
    made with the details the owner sends. Opening it (as mail scanners do) books nothing; the
    button does. Once confirmed, the link (clicked again, or in a second tab) says so and shows
    the registration's state until it expires."""
    try:
        pending = services.registration_request_from_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This confirmation link has expired and nothing more will be booked with it. "
                "If you still want to come and have not confirmed, register again on the "
                "event's page."
            ),
        )
    except RegistrationRequest.DoesNotExist:
        raise Http404 from None
    form = None
    if pending.confirmed_at is None:
        form = RegistrationConfirmForm(
            request.POST if request.method == "POST" else None,
            consent_text=consent_text(),
            initial=RegistrationConfirmForm.initial_from(pending),
        )
        if form.is_bound and form.is_valid():
            try:
                registration = services.registration_confirm(
                    request_id=pending.pk, **form.details()
                )
            except ValidationError as refused:
                add_validation_error(form, refused)
            else:
                messages.success(request, CONFIRMED[registration.state])
                return redirect(
                    reverse("activities:detail", args=[registration.event.slug]) + "#rejestracja"
                )
    return render(
        request,
        "activities/confirm.html",
        {"pending": pending, "registration": pending.registration, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_cancel_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This cancellation link has expired. If you cannot come, please write to the "
                "organisers."
            ),
        )
    except Registration.DoesNotExist:
        raise Http404 from None
    error = None
    if request.method == "POST" and registration.state != RegistrationState.CANCELLED:
        try:
            services.registration_cancel(registration_id=registration.pk, by_owner=True)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("Your registration has been cancelled. Thank you for letting us know.")
            )
            return redirect("activities:cancel", token=token)
    return render(
        request,
        "activities/cancel.html",
        {
            "registration": registration,
            "cancellable": registration.can_be_cancelled_by_owner(),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_evaluation_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _("This evaluation link has expired: the evaluation of the event is closed."),
        )
    except Registration.DoesNotExist:
        raise Http404 from None
    questions = list(registration.event.questions.all())
    already = hasattr(registration, "evaluation")
    is_open = registration.evaluation_is_open()
    errors = []
    if request.method == "POST" and not already and not is_open:
        errors = [_("The evaluation of this event is not open.")]
    elif request.method == "POST" and not already:
        ratings = {}
        for question in questions:
            value = parse_int(request.POST.get(f"q{question.pk}"), max_digits=1)
            if value is not None:
                ratings[question.pk] = value
        try:
            services.evaluation_submit(
                registration=registration,
                ratings=ratings,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("activities:evaluation", token=token)
    return render(
        request,
        "activities/evaluation.html",
        {
            "registration": registration,
            "questions": questions,
            "already": hasattr(registration, "evaluation") or already,
            "is_open": is_open,
            "errors": errors,
            "submitted": request.POST,
            "scale": range(1, 6),
        },
        status=400 if errors else 200,
    )


@require_GET
def certificate_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        certificate = services.certificate_from_token(token)
    except LinkExpired:
        return _link_expired(
            request,
            _(
                "This download link has expired. Write to the organisers for a new one; the "
                "certificate itself stays valid and can be verified by its code."
            ),
        )
    except Certificate.DoesNotExist:
        raise Http404 from None
    return download(
        pdf.certificate_document(certificate), f"certyfikat-{certificate.code}.pdf", PDF
    )
