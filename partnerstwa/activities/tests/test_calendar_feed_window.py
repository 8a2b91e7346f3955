"""The calendar feed lists the events of the last FEED_DAYS_BACK days and every later one (at
most FEED_LIMIT, soonest first), so its size follows the programme's pace, not its history;
an older event keeps its own .ics."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from partnerstwa.activities import selectors
from partnerstwa.activities.tests.factories import event

pytestmark = pytest.mark.django_db


def summaries(content: bytes) -> list[str]:
    return [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(content).walk("VEVENT")]


def ended(days_ago: float, title: str):
    ends = timezone.now() - datetime.timedelta(days=days_ago)
    return event(title=title, starts_at=ends - datetime.timedelta(hours=6), ends_at=ends)


def test_the_feed_lists_events_that_ended_in_the_window_and_later_ones_but_not_older(client):
    ended(selectors.FEED_DAYS_BACK + 1, "Za dawne")
    ended(selectors.FEED_DAYS_BACK - 1, "W oknie")
    event(title="Nadchodzące")
    response = client.get("/wydarzenia.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert summaries(response.content) == ["W oknie", "Nadchodzące"]


def test_an_event_older_than_the_window_keeps_its_own_calendar_file(client):
    old = ended(selectors.FEED_DAYS_BACK * 3, "Dawne szkolenie")
    response = client.get(f"/wydarzenia/{old.slug}.ics")
    assert response.status_code == 200
    assert summaries(response.content) == ["Dawne szkolenie"]
    assert icalendar.Calendar.from_ical(response.content).walk("VTIMEZONE")


def test_the_feed_lists_at_most_the_limit_soonest_first_and_stays_a_valid_calendar(
    client, monkeypatch
):
    monkeypatch.setattr(selectors, "FEED_LIMIT", 3)
    now = timezone.now()
    for days in (5, 1, 4, 2, 3):
        event(title=f"Za {days} dni", starts_at=now + datetime.timedelta(days=days))
    content = client.get("/wydarzenia.ics").content
    assert summaries(content) == ["Za 1 dni", "Za 2 dni", "Za 3 dni"]
    feed = icalendar.Calendar.from_ical(content)
    assert feed.walk("VTIMEZONE") and str(feed["VERSION"]) == "2.0"


def test_an_empty_window_gives_a_valid_feed_with_its_time_zone(client):
    ended(selectors.FEED_DAYS_BACK + 10, "Za dawne")
    feed = icalendar.Calendar.from_ical(client.get("/wydarzenia.ics").content)
    assert feed.walk("VEVENT") == [] and feed.walk("VTIMEZONE")
