from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from partnerstwa.portal import selectors


@require_GET
def about_data(request: HttpRequest) -> HttpResponse:
    """What on this site is real (with its sources) and what the demo made up."""
    return render(
        request,
        "portal/about_data.html",
        {"reference": selectors.reference_sources(), "counts": selectors.illustrative_counts()},
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site; the back offices, personal links and exports are
    not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cms/",
        "Disallow: /biuro/",
        "Disallow: /logowanie/",
        "Disallow: /i18n/",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """What a client sees when it sends a public form too often (django-ratelimit's view)."""
    return render(request, "portal/rate_limited.html", status=429)


def staff_only(view):
    """Staff accounts only: a visitor is asked to sign in, a signed-in coordinator is refused
    (403) rather than sent to a sign-in page they have already passed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/workspace.html", {"workspace": selectors.workspace()})
