"""What every operation of the API shares: the cursor, conditional requests, the rate limit, the
bearer token and the errors (JSON with a translated message)."""

import base64
import binascii
import datetime
import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.decorators import decorate_view
from ninja.security import HttpBearer
from pydantic import create_model

from partnerstwa.api.models import ApiToken
from partnerstwa.api.services import digest, token_use_record
from partnerstwa.lib import freshness


class ApiError(Exception):
    """An answer other than 200 with a message for the client (already translated)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Error(Schema):
    detail: str


def error_response(status: int, message: str, **extra) -> JsonResponse:
    response = JsonResponse({"detail": message, **extra}, status=status)
    response["Cache-Control"] = "no-store"
    return response


# Every operation may answer these besides its own.
ERRORS = {400: Error, 404: Error, 422: Error, 429: Error}


# --- Cursor pagination -------------------------------------------------------------------------
# A page ends with the key of its last item; the next one starts after it (keyset pagination).
# Items inserted meanwhile get a key after every existing one (or, for territorial units, a code
# in its place), so a page already read never shifts: no item is skipped or repeated.


def page_of(item: type[Schema]) -> type[Schema]:
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),
        next_cursor=(str | None, None),
        next=(str | None, None),
    )


def _encode(value) -> str:
    raw = json.dumps([1, value], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, kind: type):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        version, value = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        version = value = None
    if version != 1 or not isinstance(value, kind) or isinstance(value, bool):
        raise ApiError(400, _("The cursor is not one this API gave; start from the first page."))
    return value


def page(
    request: HttpRequest,
    rows: QuerySet,
    *,
    cursor: str | None,
    limit: int | None,
    key: str = "id",
    serialise: Callable[[list], list] | None = None,
) -> dict:
    """One page of the rows in `key` order (a unique, never-null field) after the cursor."""
    limit = min(limit or settings.API_PAGE_DEFAULT, settings.API_PAGE_MAX)
    kind = int if key in ("pk", "id") else str
    rows = rows.order_by(key)
    if cursor:
        rows = rows.filter(**{f"{key}__gt": _decode(cursor, kind)})
    items = list(rows[: limit + 1])
    more = len(items) > limit
    items = items[:limit]
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = _encode(last[key] if isinstance(last, dict) else getattr(last, key))
    return {
        "items": serialise(items) if serialise else items,
        "next_cursor": next_cursor,
        "next": _next_url(request, next_cursor) if next_cursor else None,
    }


def _next_url(request: HttpRequest, cursor: str) -> str:
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")


# --- Conditional requests ----------------------------------------------------------------------


@freshness.kept()
def _changed_at() -> dict[str, datetime.datetime]:
    from partnerstwa.lib.models import DataVersion

    return dict(DataVersion.objects.values_list("scope", "changed_at"))


def _last_change(scopes: Iterable[str], clock: str | None) -> datetime.datetime:
    changes = _changed_at()
    moments = [changes[scope] for scope in scopes if scope in changes]
    now = timezone.now()
    if clock == "minute":
        moments.append(now.replace(second=0, microsecond=0))
    elif clock == "day":
        moments.append(timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0))
    return max(moments, default=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC))


def _clock_stamp(clock: str | None) -> str:
    if clock == "minute":
        return timezone.now().strftime("%Y%m%d%H%M")
    if clock == "day":
        return timezone.localdate().isoformat()
    return ""


# The apps and clock of each address answered lately (filled as answers are kept), so that the
# early middleware can find a kept answer without resolving the address. Bounded: cleared when full.
ROUTES: dict[str, tuple[tuple[str, ...], str | None]] = {}


def _keep_key(request: HttpRequest, stamp: str) -> str:
    # The answer's `next` addresses name the host the client used.
    return (
        "api:"
        + hashlib.blake2b(
            f"{request.scheme}|{request.get_host()}|{stamp}".encode(), digest_size=20
        ).hexdigest()
    )


def _kept_answer(request: HttpRequest, stamp: str, make: Callable[[], HttpResponse]):
    """An anonymous 200 answer kept under its stamp (data versions, address, clock) until one
    of them moves: a repeated request costs a cache read, not the database and serialising."""
    if not settings.API_KEEP or "HTTP_AUTHORIZATION" in request.META:
        return make()
    key = _keep_key(request, stamp)
    cache = caches[settings.API_KEEP_CACHE]
    kept = cache.get(key)
    if kept is not None:
        return HttpResponse(kept, content_type="application/json; charset=utf-8")
    response = make()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, response.content, settings.API_KEEP_SECONDS)
    return response


def _validators(request: HttpRequest, scopes, clock) -> tuple[str, str, datetime.datetime]:
    stamp = "|".join((freshness.fingerprint(scopes), request.get_full_path(), _clock_stamp(clock)))
    etag = '"' + hashlib.sha256(stamp.encode()).hexdigest()[:24] + '"'
    return stamp, etag, _last_change(scopes, clock)


def _finish(response: HttpResponse, etag: str, modified: datetime.datetime) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = modified.strftime("%a, %d %b %Y %H:%M:%S GMT")
    # Kept by clients and proxies, asked again each time (304 while nothing changed).
    response["Cache-Control"] = "public, no-cache"
    return response


def conditional(scopes: tuple[str, ...], clock: str | None = None):
    """ETag and Last-Modified from the versions of the apps the answer is made from (and the
    clock, for answers that move with time): a client that has the answer gets 304 without the
    data being read."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            stamp, etag, modified = _validators(request, scopes, clock)
            response = get_conditional_response(
                request, etag=etag, last_modified=int(modified.timestamp())
            )
            if response is None:
                response = _kept_answer(request, stamp, lambda: view(request, *args, **kwargs))
                if response.status_code != 200:
                    return response
                if settings.API_KEEP:
                    if len(ROUTES) >= settings.API_KEEP_ENTRIES:
                        ROUTES.clear()
                    ROUTES[request.get_full_path()] = (scopes, clock)
            return _finish(response, etag, modified)

        return wrapped

    return decorator


class KeptAnswerMiddleware:
    """Serves a kept anonymous answer of the API (or its 304) before the rest of the stack runs,
    as the page cache does for pages; the rate limit applies first. Anything else goes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = None
        if (
            settings.API_KEEP
            and request.method in ("GET", "HEAD")
            and "HTTP_AUTHORIZATION" not in request.META
            and request.path.startswith("/api/v1/")
        ):
            route = ROUTES.get(request.get_full_path())
        if route is None:
            return self.get_response(request)
        refused = _refused(request)
        if refused is not None:
            return refused
        request.api_counted = True
        stamp, etag, modified = _validators(request, *route)
        response = get_conditional_response(
            request, etag=etag, last_modified=int(modified.timestamp())
        )
        if response is None:
            kept = caches[settings.API_KEEP_CACHE].get(_keep_key(request, stamp))
            if kept is None:
                return self.get_response(request)
            response = HttpResponse(kept, content_type="application/json; charset=utf-8")
        return _finish(response, etag, modified)


# --- Rate limit --------------------------------------------------------------------------------


def _rate(text: str) -> tuple[int, int]:
    count, _slash, unit = text.partition("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[:1] or "m"]


def bearer(request: HttpRequest) -> str:
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def client_address(request: HttpRequest) -> str:
    header = getattr(settings, "RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
    return request.META.get(header, "").split(",")[0].strip()


def _refused(request: HttpRequest) -> HttpResponse | None:
    """429 when the client used up its window; None otherwise (and the request is counted)."""
    token = bearer(request)
    if token:
        client, rate = "t" + digest(token)[:32], settings.API_TOKEN_RATE
    else:
        client, rate = "a" + client_address(request), settings.API_RATE
    allowed, period = _rate(rate)
    window = int(time.time() // period)
    cache = caches[settings.API_RATE_CACHE]
    key = f"api-rate:{client}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= allowed:
        return None
    response = error_response(429, _("Too many requests from this client. Try again in a minute."))
    response["Retry-After"] = str(period - int(time.time()) % period)
    return response


def rate_limited(view):
    """A fixed window per client: a token client by its token, others by their address."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        refused = None if getattr(request, "api_counted", False) else _refused(request)
        return refused if refused is not None else view(request, *args, **kwargs)

    return wrapped


def public(*scopes: str, clock: str | None = None):
    """An anonymous operation: rate limited, answered 304 when unchanged."""
    return decorate_view(rate_limited, conditional(scopes, clock))


# --- Tokens ------------------------------------------------------------------------------------


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.active()
            .select_related("created_by")
            .filter(digest=digest(token))
            .first()
        )
        if found is not None:
            request.api_token = found
        return found


def logged(view):
    """Every request made with a token is recorded, refused ones (revoked token, no scope) too."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = bearer(request)
        if token:
            token_id = (
                ApiToken.objects.filter(digest=digest(token)).values_list("pk", flat=True).first()
            )
            if token_id is not None:
                token_use_record(
                    token_id=token_id,
                    method=request.method,
                    path=request.get_full_path(),
                    status=response.status_code,
                )
        patch_vary_headers(response, ("Authorization",))
        response["Cache-Control"] = "no-store"
        return response

    return wrapped


def with_token():
    return decorate_view(rate_limited, logged)
