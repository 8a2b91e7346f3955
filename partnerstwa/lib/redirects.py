"""Old web addresses keep working after a record's address name (slug) changes."""

import functools

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse


class Moved(Exception):
    """Raised by a view's lookup when the address name it was given is a former one."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


def answers_former_addresses(view):
    """A record renamed since keeps answering at its old address and every address under it:
    301 to the same page under the new one, 308 for a form sent there (so it is sent again)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
        try:
            return view(request, slug, **kwargs)
        except Moved as moved:
            match = request.resolver_match
            url = reverse(match.view_name, kwargs={**match.kwargs, "slug": moved.slug})
            query = request.META.get("QUERY_STRING", "")
            url = f"{url}?{query}" if query else url
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(url)
            return PermanentRedirectKeepingMethod(url)

    return wrapper
