from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerstwa.registry.selectors import registry_summary


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    summary = registry_summary(
        on=timezone.localdate(), association_code=settings.PROGRAMME_ASSOCIATION
    )
    return render(request, "portal/home.html", {"summary": summary})


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What a client sees when it sends a public form too often (django-ratelimit's view)."""
    return render(request, "portal/rate_limited.html", status=429)
