"""The applicant's signed link: the application, editable until the call closes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerstwa.contests import services
from partnerstwa.contests.forms import ApplicationForm
from partnerstwa.contests.models import Application
from partnerstwa.lib.forms import add_validation_error
from partnerstwa.lib.tokens import LinkExpired


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
