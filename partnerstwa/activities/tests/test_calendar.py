import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from partnerstwa.activities.calendar import event_url, events_calendar
from partnerstwa.activities.models import Event, EventKind, EventStatus

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
UTC = datetime.UTC
SITE = "https://partnerstwa.example.pl"


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WARSAW)


def make_event(slug: str, **fields) -> Event:
    values = {
        "kind": EventKind.TRAINING,
        "title": f"Szkolenie {slug}",
        "starts_at": at(2026, 7, 15, 10),
        "ends_at": at(2026, 7, 15, 14),
        "status": EventStatus.PUBLISHED,
        **fields,
    }
    return Event.objects.create(slug=slug, **values)


def feed(*events: Event, name: str = "Wydarzenia") -> bytes:
    return events_calendar(events, site_url=SITE, name=name)


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def vevents_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(vevent["UID"]): vevent for vevent in parse(data).events}


def test_every_event_survives_a_round_trip_through_the_feed():
    summer = make_event("lato", title="Warsztaty strategiczne", sequence=3)
    cancelled = make_event(
        "odwolane",
        kind=EventKind.CONFERENCE,
        starts_at=at(2026, 11, 3, 9, 30),
        ends_at=at(2026, 11, 4, 16),
        status=EventStatus.CANCELLED,
    )

    vevents = vevents_by_uid(feed(summer, cancelled))

    assert set(vevents) == {f"{summer.uid}@partnerstwa", f"{cancelled.uid}@partnerstwa"}
    for event, status in ((summer, "CONFIRMED"), (cancelled, "CANCELLED")):
        vevent = vevents[f"{event.uid}@partnerstwa"]
        # Equality of aware datetimes compares instants, whatever zone either side is in.
        assert vevent.start == event.starts_at
        assert vevent.end == event.ends_at
        assert vevent["DTSTART"].params["TZID"] == "Europe/Warsaw"
        assert vevent["DTEND"].params["TZID"] == "Europe/Warsaw"
        assert vevent["SUMMARY"] == event.title
        assert vevent["URL"] == f"{SITE}/wydarzenia/{event.slug}/"
        assert vevent.sequence == event.sequence
        assert vevent["STATUS"] == status


def test_the_calendar_header_names_the_feed_and_its_time_zone():
    calendar = parse(feed(make_event("naglowek"), name="Wydarzenia Partnerstw"))

    assert calendar["PRODID"] == "-//Partnerstwa//Partnerstwa//PL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Wydarzenia Partnerstw"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Warsaw"


def test_summer_and_winter_events_decode_to_the_right_utc_instants():
    summer = make_event("lato", starts_at=at(2026, 7, 15, 10), ends_at=at(2026, 7, 15, 14))
    winter = make_event("zima", starts_at=at(2026, 1, 20, 10), ends_at=at(2026, 1, 20, 14))

    data = feed(summer, winter)
    vevents = vevents_by_uid(data)

    # CEST is two hours ahead of UTC, CET one.
    summer_vevent = vevents[f"{summer.uid}@partnerstwa"]
    assert summer_vevent.start.astimezone(UTC) == datetime.datetime(2026, 7, 15, 8, tzinfo=UTC)
    assert summer_vevent.end.astimezone(UTC) == datetime.datetime(2026, 7, 15, 12, tzinfo=UTC)
    winter_vevent = vevents[f"{winter.uid}@partnerstwa"]
    assert winter_vevent.start.astimezone(UTC) == datetime.datetime(2026, 1, 20, 9, tzinfo=UTC)
    assert winter_vevent.end.astimezone(UTC) == datetime.datetime(2026, 1, 20, 13, tzinfo=UTC)
    # Both are written as the wall-clock hour announced in Warsaw.
    assert b"DTSTART;TZID=Europe/Warsaw:20260715T100000\r\n" in data
    assert b"DTSTART;TZID=Europe/Warsaw:20260120T100000\r\n" in data


def test_the_feed_carries_a_warsaw_time_zone_with_standard_and_daylight_rules():
    [timezone] = parse(feed(make_event("strefa"))).timezones

    assert timezone["TZID"] == "Europe/Warsaw"
    assert timezone.standard
    assert timezone.daylight
    offsets = {
        (sub["TZNAME"], sub["TZOFFSETTO"].td) for sub in [*timezone.standard, *timezone.daylight]
    }
    assert ("CET", datetime.timedelta(hours=1)) in offsets
    assert ("CEST", datetime.timedelta(hours=2)) in offsets


def test_the_time_zone_covers_events_after_its_default_range():
    late = make_event("daleko", starts_at=at(2040, 7, 1, 10), ends_at=at(2040, 7, 1, 12))

    [timezone] = parse(feed(late)).timezones

    summer_2040 = datetime.datetime(2040, 7, 1, 10)
    assert timezone.to_tz(lookup_tzid=False).utcoffset(summer_2040) == datetime.timedelta(hours=2)


def test_an_empty_feed_is_still_a_valid_calendar_with_its_time_zone():
    calendar = parse(feed())

    assert calendar.events == []
    assert [timezone["TZID"] for timezone in calendar.timezones] == ["Europe/Warsaw"]


def test_a_cancelled_event_is_marked_cancelled_in_the_feed():
    event = make_event("odwolane", status=EventStatus.CANCELLED)

    [vevent] = parse(feed(event)).events

    assert vevent["STATUS"] == "CANCELLED"


def test_a_draft_passed_in_by_mistake_is_left_out_of_the_feed():
    draft = make_event("szkic", status=EventStatus.DRAFT)
    published = make_event("opublikowane")

    assert set(vevents_by_uid(feed(draft, published))) == {f"{published.uid}@partnerstwa"}


def test_an_edited_event_keeps_its_uid_and_shows_the_new_sequence():
    event = make_event("zmiana", title="Stary tytuł")
    [before] = parse(feed(event)).events

    event.title = "Nowy tytuł"
    event.sequence += 1
    event.save()
    [after] = parse(feed(event)).events

    assert after["UID"] == before["UID"] == f"{event.uid}@partnerstwa"
    assert (before.sequence, after.sequence) == (0, 1)
    assert after["SUMMARY"] == "Nowy tytuł"
    assert after.stamp >= before.stamp


def test_stamps_come_from_the_event_rows_in_utc():
    event = make_event("znaczniki")

    [vevent] = parse(feed(event)).events

    # iCalendar keeps whole seconds only.
    assert vevent.stamp == event.updated_at.replace(microsecond=0)
    assert vevent.last_modified == event.updated_at.replace(microsecond=0)
    assert vevent.created == event.created_at.replace(microsecond=0)
    # RFC 5545 requires these three in UTC form, with the trailing Z.
    for name in ("DTSTAMP", "LAST-MODIFIED", "CREATED"):
        assert vevent[name].to_ical().endswith(b"Z")


def test_the_description_ends_with_a_link_to_the_event_page():
    event = make_event("opis", description="Program dnia.")

    [vevent] = parse(feed(event)).events

    url = event_url(event, SITE)
    assert url == f"{SITE}/wydarzenia/opis/"
    assert vevent["DESCRIPTION"] == f"Program dnia.\n\n{url}"


def test_the_category_is_the_kind_of_event():
    event = make_event("kategoria", kind=EventKind.WEBINAR)

    [vevent] = parse(feed(event)).events

    assert vevent.categories == [str(EventKind.WEBINAR.label)]


def test_the_location_is_the_venue_with_its_address():
    event = make_event("sala", venue_name="Urząd Gminy", venue_address="ul. Rynek 1, Pcim")

    [vevent] = parse(feed(event)).events

    assert vevent["LOCATION"] == "Urząd Gminy, ul. Rynek 1, Pcim"


def test_an_online_event_is_located_online_without_giving_its_private_link_away():
    event = make_event(
        "online", kind=EventKind.WEBINAR, online_url="https://meet.example.pl/webinar"
    )

    content = feed(event)
    [vevent] = parse(content).events

    assert vevent["LOCATION"] == "Online"
    assert b"meet.example.pl" not in content


def test_a_study_visit_is_located_at_its_destination():
    event = make_event(
        "wizyta",
        kind=EventKind.STUDY_VISIT,
        venue_name="Ratusz",
        destination_city="Lipsk",
        destination_country="DE",
    )

    [vevent] = parse(feed(event)).events

    assert vevent["LOCATION"] == "Ratusz, Lipsk, DE"


def test_lines_end_in_crlf_and_are_folded_at_75_octets():
    # Long text with multi-byte Polish letters: folding must count octets, not characters.
    event = make_event(
        "dlugi",
        title="Żółć gęślą jaźń " * 10,
        description="Zażółć gęślą jaźń, przyjdź na spotkanie. " * 20,
    )

    data = feed(event)

    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something really was folded
    # Folding is lossless: the text comes back whole.
    [vevent] = parse(data).events
    assert vevent["SUMMARY"] == event.title
    assert vevent["DESCRIPTION"].startswith(event.description)
