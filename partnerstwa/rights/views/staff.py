"""/biuro/rodo/: the queue of data-subject requests, for staff holding the rights app's
permissions. Every action is a POST to its own address, checked there."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerstwa.rights import selectors, services
from partnerstwa.rights.forms import CloseForm, ExtendForm, ProofForm, RectifyForm
from partnerstwa.rights.models import DataSubjectRequest, RequestKind, RequestState


def staff_with(permission: str):
    def decorator(view):
        return staff_member_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def _open(pk: int) -> DataSubjectRequest:
    """An action is taken only on an open request; any other answers 404."""
    return get_object_or_404(DataSubjectRequest, pk=pk, state=RequestState.OPEN)


@staff_with("rights.view_datasubjectrequest")
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rights/staff/queue.html",
        {"open": selectors.queue(), "closed": selectors.recently_closed()},
    )


@staff_with("rights.view_datasubjectrequest")
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = get_object_or_404(
        DataSubjectRequest.objects.exclude(state=RequestState.UNVERIFIED), pk=pk
    )
    proof = selectors.consent_proof(subject_request.email)
    return render(
        request,
        "rights/staff/detail.html",
        {
            "subject_request": subject_request,
            "steps": subject_request.steps.select_related("actor"),
            "proof": selectors.data_sections(proof),
            "extend_form": ExtendForm(),
            "rectify_form": RectifyForm(),
            "close_form": CloseForm(),
            "erase_form": CloseForm(prefix="erase"),
            "kinds": RequestKind,
        },
    )


@staff_with("rights.change_datasubjectrequest")
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _open(pk)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the extension."))
    else:
        try:
            services.request_extend(
                request=subject_request, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The deadline is extended and the person is told why."))
        except services.AlreadyExtended:
            messages.error(request, _("The deadline can be extended only once."))
    return redirect("rights:staff_detail", pk)


@staff_with("rights.change_datasubjectrequest")
@require_POST
def rectify(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _open(pk)
    form = RectifyForm(request.POST)
    if form.is_valid() and any(form.cleaned_data.values()):
        services.request_rectify(
            request=subject_request, actor=request.user, values=form.cleaned_data
        )
        messages.success(request, _("The corrected data is carried to every record."))
    else:
        messages.error(request, _("Enter at least one corrected value."))
    return redirect("rights:staff_detail", pk)


@staff_with("rights.change_datasubjectrequest")
@require_POST
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _open(pk)
    form = CloseForm(request.POST, prefix="erase")
    if subject_request.kind != RequestKind.ERASURE or not form.is_valid():
        messages.error(request, _("Write the answer to the person."))
        return redirect("rights:staff_detail", pk)
    services.request_erase(
        request=subject_request, actor=request.user, outcome=form.cleaned_data["outcome"]
    )
    messages.success(request, _("The person is erased; the request is closed."))
    return redirect("rights:staff_queue")


@staff_with("rights.change_datasubjectrequest")
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _open(pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer to the person."))
        return redirect("rights:staff_detail", pk)
    services.request_close(
        request=subject_request,
        actor=request.user,
        outcome=form.cleaned_data["outcome"],
        refused=request.POST.get("refuse") == "1",
    )
    messages.success(request, _("The request is closed and the person has the answer."))
    return redirect("rights:staff_queue")


@staff_with("rights.view_datasubjectrequest")
@require_GET
def proof(request: HttpRequest) -> HttpResponse:
    """The consents a person gave, by their address, whether or not they sent a request."""
    form = ProofForm(request.GET or None)
    sections = None
    if form.is_valid():
        sections = selectors.data_sections(selectors.consent_proof(form.cleaned_data["email"]))
    return render(request, "rights/staff/proof.html", {"form": form, "proof": sections})
