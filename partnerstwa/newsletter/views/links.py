"""Pages opened from a signed link: confirming a subscription, preferences, one-click
unsubscribe. A GET never changes anything (mail scanners open links); a deliberate POST does."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.newsletter import services
from partnerstwa.newsletter.forms import PreferencesForm
from partnerstwa.newsletter.links import CONFIRM_LINK
from partnerstwa.newsletter.models import ConsentRecord, Subscriber, SubscriberStatus


def _expired(request: HttpRequest, *, days: int | None = None) -> HttpResponse:
    return render(request, "newsletter/link_expired.html", {"days": days}, status=410)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        consent = services.consent_from_token(token)
    except ConsentRecord.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return _expired(request, days=CONFIRM_LINK.lifetime.days)
    result = None
    if request.method == "POST":
        result = services.subscription_confirm(consent=consent).value
    elif consent.confirmed_at is not None:
        result = services.Confirmed.ALREADY.value
    return render(request, "newsletter/confirm.html", {"token": token, "result": result})


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = services.subscriber_from_preferences_token(token)
    except Subscriber.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return _expired(request)
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.unsubscribe(subscriber=subscriber)
        return redirect(request.path + "?wypisano=1")
    form = PreferencesForm(
        request.POST or None,
        subscriber=subscriber,
        initial={"topics": list(subscriber.topics.all()), "language": subscriber.language},
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_set(
            subscriber=subscriber,
            topics=form.cleaned_data["topics"],
            language=form.cleaned_data["language"],
        )
        return redirect(request.path + "?zapisano=1")
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "subscriber": subscriber,
            "active": subscriber.status == SubscriberStatus.CONFIRMED,
            "saved": request.GET.get("zapisano") == "1",
            "unsubscribed": request.GET.get("wypisano") == "1",
        },
        status=400 if form.errors else 200,
    )


# RFC 8058: a mail program POSTs "List-Unsubscribe=One-Click" with no cookie and no CSRF token;
# the signed token in the address is what authorises it. Only this view is exempt.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = services.subscriber_from_unsubscribe_token(token)
    except Subscriber.DoesNotExist:
        raise Http404 from None
    except LinkExpired:
        return _expired(request)
    done = False
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        done = True
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"done": done, "already": subscriber.status == SubscriberStatus.UNSUBSCRIBED},
    )
