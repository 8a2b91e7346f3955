"""/rodo/: a person proves control of an address and asks; the answer waits behind a link."""

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from partnerstwa.lib.downloads import download
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.rights import selectors, services
from partnerstwa.rights.forms import RequestForm
from partnerstwa.rights.links import CONFIRM_LINK
from partnerstwa.rights.models import (
    DataSubjectRequest,
    RequestKind,
    RequestState,
)

SENT_PARAMETER = "wyslano"


@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_submit(**form.cleaned_data, language=request.LANGUAGE_CODE)
        # The same answer whether or not the address is known here.
        return redirect(reverse("rights:start") + f"?{SENT_PARAMETER}=1")
    return render(
        request,
        "rights/start.html",
        {
            "form": form,
            "sent": request.GET.get(SENT_PARAMETER) == "1",
            "hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        },
        status=400 if form.errors else 200,
    )


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "rights/link_expired.html", status=410)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); POST confirms."""
    try:
        subject_request = services.request_from_confirm_token(token)
    except DataSubjectRequest.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return _expired(request)
    if request.method == "POST":
        services.request_verify(request=subject_request)
        return redirect("rights:request", services.REQUEST_LINK.token(subject_request.pk))
    return render(request, "rights/confirm.html", {"subject_request": subject_request})


def _from_token(token: str) -> DataSubjectRequest:
    try:
        found = services.request_from_token(token)
    except (DataSubjectRequest.DoesNotExist, LinkExpired):
        raise Http404 from None
    if found.state == RequestState.UNVERIFIED:
        raise Http404
    return found


def _shows_data(subject_request: DataSubjectRequest) -> bool:
    return subject_request.kind in (RequestKind.ACCESS, RequestKind.PORTABILITY)


@require_GET
def request_page(request: HttpRequest, token: str) -> HttpResponse:
    subject_request = _from_token(token)
    context = {
        "subject_request": subject_request,
        "token": token,
        "kept": services.kept(),
        "retention": settings.PRIVACY_RETENTION_DAYS,
    }
    if subject_request.kind == RequestKind.ACCESS:
        context["sections"] = selectors.data_sections(selectors.data_held(subject_request.email))
    return render(request, "rights/request.html", context)


@require_GET
def request_download(request: HttpRequest, token: str) -> HttpResponse:
    subject_request = _from_token(token)
    if not _shows_data(subject_request):
        raise Http404
    provided_only = subject_request.kind == RequestKind.PORTABILITY
    data = {
        "email": subject_request.email,
        "generated_at": timezone.now().isoformat(),
        "controller": settings.PRIVACY_CONTROLLER,
        "scope": "provided" if provided_only else "everything",
        "records": selectors.data_held(subject_request.email, provided_only=provided_only),
    }
    services.request_downloaded(request=subject_request)
    name = "moje-dane.json" if not provided_only else "moje-dane-przenoszenie.json"
    return download(
        json.dumps(data, ensure_ascii=False, indent=2), name, "application/json; charset=utf-8"
    )
