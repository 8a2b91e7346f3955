"""A partnership's pages keep answering at its former addresses (lib.redirects): the views of
this app and of the apps built on it (a partnership's attended events) use
follows_former_address."""

import functools

from django.http import Http404, HttpRequest, HttpResponse

from partnerstwa.lib.redirects import Moved, answers_former_addresses
from partnerstwa.partnerships import selectors


def follows_former_address(view):
    """A page of a partnership whose address name changed answers from the old address (and
    every address under it) with a redirect to the new one (lib.redirects); an unknown name
    stays 404."""

    @functools.wraps(view)
    def lookup(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
        try:
            return view(request, slug=slug, **kwargs)
        except Http404:
            current = selectors.partnership_moved_to(slug)
            if current is None or current == slug:
                raise
            raise Moved(current) from None

    return answers_former_addresses(lookup)
