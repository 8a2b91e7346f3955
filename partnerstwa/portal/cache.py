"""Whole public pages kept ready for anonymous visitors, served before most of the stack runs.

A page is kept under its address (path and query, whatever the method), the language it was
made in and lib.freshness.fingerprint() taken before it was made: any committed write to the
data pages are made from moves the fingerprint, so a change shows on every page within
settings.FRESHNESS_SECONDS; what changes with the clock alone (an event starting, a deadline
passing) shows within settings.PAGE_CACHE_SECONDS, the most a page is kept.

What is never kept or served from here: requests with a session or pending messages (signed-in
staff, coordinators, jurors, anyone mid-way through a form), htmx requests, anything not GET or
HEAD, responses that are not a plain 200, set a cookie other than the CSRF one, carry messages,
vary by something the key does not hold, or come from a view not named in PUBLIC_VIEWS.

Pages carrying a CSRF token (every page: the language switch is a form) are kept with a mark in
its place; each visitor gets a token of their own, and the CSRF cookie, as Django gives them. A
CSP nonce, if a page uses one, is replaced the same way.
"""

import base64
import os
import re
from dataclasses import dataclass
from hashlib import blake2b

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.utils import translation
from django.utils.cache import parse_etags, patch_cache_control
from django.utils.crypto import salted_hmac

from partnerstwa.lib import freshness

# Views whose GET answer is the same for every anonymous visitor (namespace:name as resolved).
# Token links, forms that take a person's data back, staff and jury pages and file downloads
# (counted, or private) are not here.
PUBLIC_VIEWS = frozenset(
    {
        "portal:home",
        "portal:about_data",
        "portal:robots_txt",
        "portal:sitemap",
        "portal:sitemap_section",
        "registry:unit_index",
        "registry:unit_detail",
        "privacy:notice",
        "rights:start",
        "api:catalog_page",
        "partnerships:list",
        "partnerships:export",
        "partnerships:map",
        "partnerships:detail",
        "activities:list",
        "activities:feed",
        "activities:month",
        "activities:detail",
        "activities:ics",
        "activities:partnership_events",
        "contests:index",
        "contests:edition",
        "contests:apply",
        "indicators:dashboard",
        "indicators:open_data",
        "indicators:records",
        "library:list",
        "library:detail",
        "library:notice",
        "library:search",
        "advocacy:list",
        "advocacy:detail",
        "advocacy:feed",
        "advocacy:report",
        "newsletter:signup",
        # Wagtail: the editors' pages (news, galleries, multimedia, the accessibility statement).
        "wagtail_serve",
    }
)

CSRF_MARK = b"\x1bpage-cache-csrf\x1b"
NONCE_MARK = "\x1bpage-cache-nonce\x1b"
_MASKED_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# Vary headers the key covers: the cookie (session and messages bypass, language in the key,
# CSRF token replaced), Accept-Language (the site's language is the cookie's, never the browser's).
_COVERED_VARY = frozenset({"cookie", "accept-language"})
_LEFT_OUT_HEADERS = frozenset({"content-length", "etag", "set-cookie"})


@dataclass(frozen=True, slots=True)
class Page:
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    csrf: bool
    nonce: bool


def _language(request: HttpRequest) -> str:
    # The same choice as lib.middleware.CookieLanguageMiddleware makes; a page made in another
    # language is never kept (checked on store), so a divergence costs speed, never correctness.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in _languages() else settings.LANGUAGE_CODE


def _languages() -> frozenset[str]:
    found = getattr(_languages, "cache", None)
    if found is None:
        found = _languages.cache = frozenset(code for code, _name in settings.LANGUAGES)
    return found


def _eligible(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    meta = request.META
    return "HTTP_AUTHORIZATION" not in meta and "HTTP_HX_REQUEST" not in meta


def _key(request: HttpRequest, language: str, fingerprint: str) -> str:
    meta = request.META
    address = "\n".join(
        (
            request.scheme,
            meta.get("HTTP_HOST", ""),
            request.path,
            meta.get("QUERY_STRING", ""),
            language,
            fingerprint,
        )
    )
    return "page:" + blake2b(address.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _visitor_etag(page: Page, secret: str | None) -> str:
    # A page with a token differs per visitor: the tag names the visitor's CSRF secret (hashed),
    # so a browser holding a copy made for an older secret gets the page again, not a 304.
    if page.csrf:
        if not secret:
            return ""
        return f'"{page.etag}-{salted_hmac("page-cache-etag", secret).hexdigest()[:16]}"'
    return f'"{page.etag}"'


class PageCacheMiddleware:
    """Serves kept public pages to anonymous visitors, and keeps the ones it may."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.PAGE_CACHE or not _eligible(request):
            return self.get_response(request)
        language = _language(request)
        # Taken before the page is made: a write while it is made leaves the copy stale, never
        # the reverse.
        key = _key(request, language, freshness.fingerprint())
        cache = caches[settings.PAGE_CACHE_ALIAS]
        page = cache.get(key)
        if page is not None:
            return self.serve(request, page)
        response = self.get_response(request)
        if request.method == "GET":
            page = _keepable(request, response, language)
            if page is not None:
                cache.set(key, page, settings.PAGE_CACHE_SECONDS)
                etag = response.headers.get("ETag", "")
                if etag and _matches(request, etag):
                    # The visitor's copy is this very page (made again after a restart or by
                    # another process): the tag is the page's content, not where it was made.
                    return _not_modified(page, etag)
        return response

    def serve(self, request: HttpRequest, page: Page) -> HttpResponseBase:
        secret = None
        if page.csrf:
            # Reads the visitor's CSRF cookie as CsrfViewMiddleware does (a malformed one is
            # replaced by a new secret).
            self.csrf.process_request(request)
            secret = request.META.get("CSRF_COOKIE")
        etag = _visitor_etag(page, secret)
        if etag and _matches(request, etag):
            return _not_modified(page, etag)
        body = page.body
        if page.csrf:
            body = body.replace(CSRF_MARK, _token(request).encode("ascii"))
            if not etag:
                etag = _visitor_etag(page, request.META["CSRF_COOKIE"])
        response = HttpResponse(headers=page.headers)
        if page.nonce:
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            body = body.replace(NONCE_MARK.encode("ascii"), nonce.encode("ascii"))
            for header in _CSP_HEADERS:
                if header in response.headers:
                    response.headers[header] = response.headers[header].replace(NONCE_MARK, nonce)
        response.content = body
        response.headers["ETag"] = etag
        if page.csrf:
            # Sets the CSRF cookie as Django does after get_token().
            response = self.csrf.process_response(request, response)
        return response


_POSITION = {char: number for number, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_chars(count: int) -> str:
    """count characters of CSRF_ALLOWED_CHARS, uniformly, from one read of os.urandom.

    Django's get_random_string asks the system for randomness once per character: 64 calls for
    a new visitor's token, most of what serving a kept page would cost."""
    size = len(CSRF_ALLOWED_CHARS)
    limit = 256 - 256 % size  # bytes at or above would favour the first characters
    chars: list[str] = []
    while len(chars) < count:
        chars.extend(CSRF_ALLOWED_CHARS[b % size] for b in os.urandom(count + 8) if b < limit)
    return "".join(chars[:count])


def _token(request: HttpRequest) -> str:
    """django.middleware.csrf.get_token(), with the same secret, cookie and masking, drawn
    faster (_random_chars)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_chars(CSRF_SECRET_LENGTH)
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_POSITION[x] + _POSITION[y]) % size]
        for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _not_modified(page: Page, etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    for name, value in page.headers:
        if name.lower() in ("cache-control", "vary", "content-language", "expires"):
            response.headers[name] = value
    response.headers["ETag"] = etag
    return response


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    tags = parse_etags(header)
    if tags == ["*"]:
        return True
    bare = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == bare for tag in tags)


def _keepable(request: HttpRequest, response: HttpResponseBase, language: str) -> Page | None:
    """The page to keep from this response, or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return None
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in PUBLIC_VIEWS:
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return None
    control = response.headers.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return None
    vary = {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}
    if not vary - {""} <= _COVERED_VARY:
        return None
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages._queued_messages or messages._loaded_messages):
        return None
    if (
        response.headers.get("Content-Language", language) != language
        or translation.get_language() != language
    ):
        return None
    body = response.content
    if CSRF_MARK in body or NONCE_MARK.encode("ascii") in body:
        return None
    csrf = False
    secret = request.META.get("CSRF_COOKIE")
    if secret:

        def mark(found: re.Match) -> bytes:
            nonlocal csrf
            if _unmask_cipher_token(found.group(0).decode("ascii")) == secret:
                csrf = True
                return CSRF_MARK
            return found.group(0)

        body = _MASKED_TOKEN.sub(mark, body)
    # A page with a visitor's token is never for a shared cache (a proxy); browsers ask again
    # each time and get 304 while the page has not changed.
    patch_cache_control(response, no_cache=True, **({"private": True} if csrf else {}))
    nonce = getattr(request, "_csp_nonce", None)
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _LEFT_OUT_HEADERS
    ]
    if isinstance(nonce, str):
        body = body.replace(nonce.encode("ascii"), NONCE_MARK.encode("ascii"))
        headers = [
            (name, value.replace(nonce, NONCE_MARK) if name in _CSP_HEADERS else value)
            for name, value in headers
        ]
    else:
        nonce = None
    etag = blake2b(body + language.encode(), digest_size=12).hexdigest()
    page = Page(tuple(headers), body, etag, csrf, nonce is not None)
    # The first visitor's response carries the tag a kept copy will carry for them.
    visitor_etag = _visitor_etag(page, secret)
    if visitor_etag:
        response.headers["ETag"] = visitor_etag
    return page
