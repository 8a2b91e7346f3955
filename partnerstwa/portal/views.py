from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerstwa.portal import selectors
from partnerstwa.programme.selectors import programme_current


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The programme's story and its results as of its end (today while it runs), the events
    ahead and the latest laureates, in a fixed number of queries."""
    programme = programme_current()
    front = selectors.front_page(programme=programme, now=timezone.now())
    return render(request, "portal/home.html", {"programme": programme, "front": front})


@require_GET
def about_data(request: HttpRequest) -> HttpResponse:
    """What on this site is real (with its sources) and what the demo made up."""
    return render(
        request,
        "portal/about_data.html",
        {"reference": selectors.reference_sources(), "counts": selectors.illustrative_counts()},
    )


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
