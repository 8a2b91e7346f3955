"""The sending service's delivery events (bounces, complaints) in the shape django-anymail
normalises them to: a JSON object or a list of objects with "event_type" and "recipient"
(and optionally "reject_reason", "description"). Authenticated by the shared secret
NEWSLETTER_WEBHOOK_SECRET, given as HTTP Basic credentials or a Bearer token."""

import base64
import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from partnerstwa.newsletter import services

MAX_EVENTS = 1000


def _authorised(request: HttpRequest) -> bool:
    secret = settings.NEWSLETTER_WEBHOOK_SECRET
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(given, validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return False
    elif scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.encode(), secret.encode())


# Called by the sending service, which has no CSRF token: the shared secret authorises it.
@csrf_exempt
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    if not settings.NEWSLETTER_WEBHOOK_SECRET:
        raise Http404
    if not _authorised(request):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Basic realm="newsletter"'
        return response
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "not JSON"}, status=400)
    events = payload if isinstance(payload, list) else [payload]
    if len(events) > MAX_EVENTS or not all(
        isinstance(event, dict)
        and isinstance(event.get("event_type"), str)
        and isinstance(event.get("recipient"), str)
        and "@" in event["recipient"]
        and len(event["recipient"]) <= 254
        for event in events
    ):
        return JsonResponse({"error": "each event needs event_type and recipient"}, status=400)
    done = [
        services.feedback_record(
            event_type=event["event_type"],
            recipient=event["recipient"].strip(),
            reject_reason=str(event.get("reject_reason") or ""),
            description=str(event.get("description") or "")[:300],
        )
        for event in events
    ]
    return JsonResponse({"events": len(done), "done": done})
