"""iCalendar (RFC 5545) feeds of events, built with the icalendar library.

The output is a public contract: calendar clients key on the UID and use SEQUENCE and
DTSTAMP to decide whether a copy they already hold is stale, so neither may drift.
"""

from collections.abc import Iterable
from datetime import UTC, date
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from icalendar.enums import STATUS

from partnerstwa.activities.models import Event, EventKind, EventStatus
from partnerstwa.lib import illustrative

PRODID = "-//Partnerstwa//Partnerstwa//PL"
TZID = "Europe/Warsaw"
WARSAW = ZoneInfo(TZID)

# Drafts are absent: they must never reach a public feed.
_STATUS = {
    EventStatus.PUBLISHED: STATUS.CONFIRMED,
    EventStatus.CANCELLED: STATUS.CANCELLED,
}


def event_url(event: Event, site_url: str) -> str:
    """The public page of the event; `site_url` has no trailing slash."""
    return site_url + reverse("activities:detail", args=[event.slug])


def events_calendar(events: Iterable[Event], *, site_url: str, name: str) -> bytes:
    """One VCALENDAR with a VEVENT per published or cancelled event; drafts are skipped."""
    calendar = icalendar.Calendar()
    # Set one by one rather than through Calendar.new(), which would add a random UID to the
    # VCALENDAR and so change the feed on every request.
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    calendar.method = "PUBLISH"
    calendar.calendar_name = name  # writes both NAME (RFC 7986) and X-WR-CALNAME
    calendar.add("X-WR-TIMEZONE", TZID)

    latest = date.min
    for event in events:
        if event.status not in _STATUS:
            continue
        calendar.add_component(_vevent(event, site_url))
        latest = max(latest, event.ends_at.astimezone(WARSAW).date())

    # Always present, even in an empty feed: X-WR-TIMEZONE names it, and RFC 5545 wants at least
    # one component. The zone is generated from zoneinfo as explicit transitions over a date
    # range, so stretch the range past the last event when it reaches beyond the default.
    last_date = max(icalendar.Timezone.DEFAULT_LAST_DATE, date(latest.year + 2, 1, 1))
    # Clients read the zone before the events that refer to it: it goes right after the
    # calendar's own properties, where the first component begins.
    content = calendar.to_ical()
    at = content.find(b"\r\nBEGIN:VEVENT\r\n")
    if at < 0:
        at = content.rindex(b"\r\nEND:VCALENDAR\r\n")
    return content[: at + 2] + _timezone(last_date) + content[at + 2 :]


@lru_cache(maxsize=4)
def _timezone(last_date: date) -> bytes:
    """The VTIMEZONE component as written: it depends on the range alone, and working out and
    writing its transitions took a few milliseconds of every feed and event file. (Property
    values cannot hold a bare line break, so the first line that begins a VEVENT is one.)"""
    return icalendar.Timezone.from_tzid(TZID, last_date=last_date).to_ical()


def _vevent(event: Event, site_url: str) -> icalendar.Event:
    url = event_url(event, site_url)
    description = f"{event.description}\n\n{url}" if event.description else url
    with translation.override("pl"):
        category = str(EventKind(event.kind).label)
    categories = [category]
    summary = event.title
    # A made-up event says so where a calendar shows it, its title, and is filterable by category.
    mark = illustrative.cell(event)
    if mark:
        summary = f"[{capfirst(mark)}] {summary}"
        categories.append(capfirst(mark))
        description = f"{capfirst(mark)}.\n\n{description}"
    return icalendar.Event.new(
        uid=f"{event.uid}@partnerstwa",
        # Stamps are UTC by RFC 5545; icalendar converts aware datetimes for these three.
        stamp=event.updated_at.astimezone(UTC),
        last_modified=event.updated_at.astimezone(UTC),
        created=event.created_at.astimezone(UTC),
        sequence=event.sequence,
        summary=summary,
        description=description,
        url=url,
        location=_location(event) or None,
        status=_STATUS[event.status],
        categories=categories,
        # Local wall time with TZID, so clients show the hour the organisers announced.
        start=event.starts_at.astimezone(WARSAW),
        end=event.ends_at.astimezone(WARSAW),
    )


def _location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address]
    if event.kind == EventKind.STUDY_VISIT:
        parts += [event.destination_city, event.destination_country]
    place = ", ".join(part.strip() for part in parts if part.strip())
    # The meeting link goes to confirmed participants only, never into a public feed.
    return place or ("Online" if event.online_url else "")
