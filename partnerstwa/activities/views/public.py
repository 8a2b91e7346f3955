"""Pages anyone may open: the events, their calendars, registration and certificate checks."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from partnerstwa.activities import calendar as ical
from partnerstwa.activities import selectors, services
from partnerstwa.activities.forms import EventFilterForm, RegistrationForm
from partnerstwa.activities.links import CONFIRM_LINK
from partnerstwa.activities.models import Certificate, Event, EventKind, EventMaterial
from partnerstwa.activities.pdf import certificate_is_illustrative
from partnerstwa.lib import freshness
from partnerstwa.lib.collation import polish
from partnerstwa.lib.downloads import CALENDAR, download
from partnerstwa.lib.forms import add_validation_error, filtering
from partnerstwa.lib.redirects import Moved, answers_former_addresses
from partnerstwa.lib.uploads import attachment_response
from partnerstwa.partnerships import selectors as partnership_selectors
from partnerstwa.partnerships.addresses import follows_former_address
from partnerstwa.partnerships.models import Partnership
from partnerstwa.programme.selectors import programme_current
from partnerstwa.registry.models import Organisation

PAGE_SIZE = 20


def consent_text() -> str:
    programme = programme_current()
    controller = programme.operator if programme else _("the association running the programme")
    return _(
        "I agree that %(controller)s processes the personal data I give in this form to handle my "
        "registration and participation in the event, to send me messages about it and to account "
        "for the programme to its funder. I can withdraw this consent at any time; see the privacy "
        "notice."
    ) % {"controller": controller}


@require_GET
@follows_former_address
def partnership_events(request: HttpRequest, slug: str) -> HttpResponse:
    """Every event people from a partnership's member organisations attended, newest first, a
    page at a time (its page shows the newest few)."""
    try:
        partnership = partnership_selectors.partnership_by_slug(slug)
    except Partnership.DoesNotExist:
        raise Http404 from None
    page = Paginator(selectors.partnership_attendance(partnership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.attended_events(page.object_list)
    return render(
        request,
        "activities/partnership_events.html",
        {"partnership": partnership, "page": page},
    )


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if filtering(request, EventFilterForm):
        form = EventFilterForm(request.GET)
        filters, blank_filters = form.filters(), None
    else:
        form, filters, blank_filters = None, selectors.EventFilters(), _blank_filters()
    # The page is cut from the events' keys (the index alone), then its rows are read.
    if filters == selectors.EventFilters():
        keys = selectors.upcoming_keys()
    else:
        keys = selectors.events_listed(filters).values_list("pk", flat=True)
    page = Paginator(keys, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_seats(selectors.events_by_keys(list(page.object_list)))
    today = timezone.localdate()
    return render(
        request,
        "activities/event_list.html",
        {
            "form": form,
            "blank_filters": blank_filters,
            "feed_days": selectors.FEED_DAYS_BACK,
            "page": page,
            "past": filters.past,
            "month": today,
            "now": timezone.now(),
        },
    )


@freshness.kept("registry", key=get_language)
def _blank_filters() -> str:
    """The filter form with nothing chosen, as most visitors get it: made once per change of
    the voivodeships and per language, not per page."""
    return render_to_string(
        "portal/_filters.html",
        {
            "form": EventFilterForm(None),
            "filter_label": _("Filter events"),
            "clear_url": reverse("activities:list"),
        },
    )


@require_GET
def event_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    form = EventFilterForm(request.GET or None)
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "activities/event_month.html",
        {
            "form": form,
            "month": first,
            "weeks": selectors.month_grid(year, month, form.filters()),
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
        },
    )


@require_GET
def event_month_current(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("activities:month", year=today.year, month=today.month)


def _event_or_404(slug: str) -> Event:
    try:
        return selectors.event_get(slug)
    except Event.DoesNotExist:
        current = selectors.event_current_slug(slug)
        if current:
            raise Moved(current) from None
        raise Http404 from None


@answers_former_addresses
@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    # After the form was sent (PRG): say what happens next instead of an empty form.
    return _detail(
        request,
        event,
        None,
        sent=request.GET.get(SENT_PARAMETER) == "1",
        blank_fields=_blank_registration_fields() if event.registration_is_open() else "",
    )


@freshness.kept("programme", key=get_language)
def _blank_registration_fields() -> str:
    """The registration form's fields as every visitor first gets them (they name no event):
    made once per change of the programme (its operator is in the consent) and language."""
    form = RegistrationForm(consent_text=consent_text(), initial={"language": get_language()})
    return render_to_string("activities/_registration_fields.html", {"form": form})


def _detail(
    request, event, form, status=200, *, sent: bool = False, blank_fields: str = ""
) -> HttpResponse:
    seats_left = None
    if event.capacity is not None:
        seats_left = max(event.capacity - event.seats_taken, 0)
    return render(
        request,
        "activities/event_detail.html",
        {
            "event": event,
            "form": form,
            "blank_fields": blank_fields,
            "registration_open": event.registration_is_open(),
            "seats_left": seats_left,
            "kind_label": EventKind(event.kind).label,
            "sent": sent,
            "confirm_hours": int(CONFIRM_LINK.lifetime.total_seconds() // 3600),
        },
        status=status,
    )


@answers_former_addresses
@ratelimit(
    key="ip", rate=lambda group, request: settings.REGISTRATION_RATE, method="POST", block=True
)
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    form = RegistrationForm(request.POST, consent_text=consent_text())
    if form.is_valid():
        try:
            services.registration_request(
                event_id=event.pk, email=form.cleaned_data["email"], **form.details()
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            # The same answer whether or not the address is known (the owner's mailbox learns
            # which): nobody can use this page to find out who has registered.
            messages.success(request, SENT)
            return redirect(
                reverse("activities:detail", args=[event.slug]) + f"?{SENT_PARAMETER}=1#rejestracja"
            )
    return _detail(request, event, form, status=400)


SENT_PARAMETER = "wyslano"
SENT = gettext_lazy(
    "Thank you. We have sent a message to the address you gave: confirm your registration with "
    "the link in it. Your seat is booked only when you confirm. We send at most one such "
    "message an hour to an address, so if it has not arrived, check your spam folder first."
)


@require_GET
def organisation_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the organisation field (htmx fills the field's datalist)."""
    query = request.GET.get("organisation", "").strip()[:100]
    organisations = []
    if len(query) >= 2:
        organisations = list(
            Organisation.objects.filter(name__icontains=query)
            .order_by(polish("name"), "pk")
            .only("name", "is_illustrative")[:15]
        )
    return render(
        request, "activities/_organisation_options.html", {"organisations": organisations}
    )


@answers_former_addresses
@require_GET
def material_file(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_or_404(slug)
    material = get_object_or_404(EventMaterial, pk=pk, event=event)
    return attachment_response(material.file)


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    events = selectors.event_feed(form.filters())
    return download(
        ical.events_calendar(events, site_url=settings.SITE_URL, name=_("Partnerstwa – events")),
        "wydarzenia.ics",
        CALENDAR,
        inline=True,
    )


@answers_former_addresses
@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug)
    return download(
        ical.events_calendar([event], site_url=settings.SITE_URL, name=event.title),
        f"{event.slug}.ics",
        CALENDAR,
        inline=True,
    )


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    wanted = code.strip().upper()
    certificate = None
    # Only something that could be a code reaches the database.
    if 0 < len(wanted) <= 16 and all(ch in services.CODE_ALPHABET for ch in wanted):
        certificate = (
            Certificate.objects.select_related("event", "series", "person")
            .filter(code=wanted)
            .first()
        )
    checked_name = request.GET.get("nazwisko", "").strip()[:255]
    name_matches = None
    if certificate is not None and checked_name:
        name_matches = " ".join(checked_name.casefold().split()) == " ".join(
            certificate.holder_name.casefold().split()
        )
    return render(
        request,
        "activities/certificate_verify.html",
        {
            "certificate": certificate,
            "code": code,
            "checked_name": checked_name,
            "name_matches": name_matches,
            "made_up": certificate is not None and certificate_is_illustrative(certificate),
        },
        status=200 if certificate else 404,
    )
