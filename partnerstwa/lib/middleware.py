from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class CookieLanguageMiddleware:
    """Polish unless the visitor chose otherwise with the language switch (the cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Polish public
    institution's portal speaks Polish first, whatever the browser was set up with."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """A NUL character in the address or the query is never legitimate; PostgreSQL cannot even
    store one. Answer 400 before it reaches a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in value for value in _values(request.GET)):
            return HttpResponseBadRequest("Bad request")
        return self.get_response(request)


def _values(querydict):
    for key, values in querydict.lists():
        yield key
        yield from values
