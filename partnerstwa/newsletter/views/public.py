"""The sign-up form anyone may open."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from partnerstwa.newsletter import selectors, services
from partnerstwa.newsletter.forms import SignUpForm
from partnerstwa.newsletter.links import CONFIRM_LINK

SENT_PARAMETER = "wyslano"
SENT = gettext_lazy(
    "Thank you. If the address can receive the newsletter, a message is on its way to it: "
    "confirm the subscription with the link in it. We send at most one such message an hour "
    "to an address, so if it has not arrived, check your spam folder first."
)


@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    consent_text = selectors.current_consent_text()
    form = SignUpForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid() and consent_text is not None:
        data = form.cleaned_data
        services.subscribe(
            email=data["email"],
            topics=data["topics"],
            language=data["language"],
            consent_text=consent_text,
        )
        # The same answer for every address: nobody learns here who subscribes.
        messages.success(request, SENT)
        return redirect(reverse("newsletter:signup") + f"?{SENT_PARAMETER}=1")
    return render(
        request,
        "newsletter/signup.html",
        {
            "form": form,
            "consent_text": consent_text,
            "sent": request.GET.get(SENT_PARAMETER) == "1",
            "confirm_days": CONFIRM_LINK.lifetime.days,
        },
        status=400 if form.errors else 200,
    )
