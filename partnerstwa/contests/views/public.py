"""Pages anyone may open: the editions, their rules and the application form."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from partnerstwa.contests import selectors, services
from partnerstwa.contests.forms import ApplicationForm
from partnerstwa.contests.models import ContestEdition
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.redirects import Moved, answers_former_addresses
from partnerstwa.lib.uploads import attachment_response


def _public_edition(slug: str) -> ContestEdition:
    try:
        return selectors.edition_get(slug)
    except ContestEdition.DoesNotExist:
        current = selectors.edition_current_slug(slug)
        if current:
            raise Moved(current) from None
        raise Http404 from None


@require_GET
def contest_index(request: HttpRequest) -> HttpResponse:
    return render(request, "contests/index.html", {"editions": selectors.editions_with_awards()})


@answers_former_addresses
@require_GET
def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _public_edition(slug)
    return render(
        request,
        "contests/edition.html",
        {"edition": edition, "seat": selectors.jury_seat(edition, request.user)},
    )


@answers_former_addresses
@require_GET
def rules_file(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _public_edition(slug)
    if not edition.rules_document:
        raise Http404
    return attachment_response(edition.rules_document)


@answers_former_addresses
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
                consent_text=str(form.fields["consent"].help_text),
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
