"""An event that began long ago and is still on is among the events still to end — on the list,
in the calendar feed and in the month's calendar — however much longer it is than the others:
the lists start reading events from the longest event's length before now (longest_event())."""

import datetime

import pytest
from django.utils import timezone

from partnerstwa.activities import selectors
from partnerstwa.activities.tests.factories import event

pytestmark = pytest.mark.django_db


def long_running(title: str, *, began_days_ago: int):
    now = timezone.now()
    return event(
        title=title,
        starts_at=now - datetime.timedelta(days=began_days_ago),
        ends_at=now + datetime.timedelta(days=10),
    )


def test_the_longest_event_is_the_greatest_end_minus_start():
    event(title="Krótkie")  # six hours
    long_running("Cykl szkoleń", began_days_ago=400)
    assert selectors.longest_event() >= datetime.timedelta(days=410)
    assert selectors.longest_event() < datetime.timedelta(days=411)


def test_an_event_on_for_a_year_is_listed_in_the_feed_and_the_calendar(client):
    event(title="Krótkie")
    long_running("Cykl szkoleń", began_days_ago=400)
    assert "Cykl szkoleń" in client.get("/wydarzenia/").content.decode()
    assert b"Cykl szkole" in client.get("/wydarzenia.ics").content
    today = timezone.localdate()
    calendar = client.get(f"/wydarzenia/kalendarz/{today.year}/{today.month}/")
    assert "Cykl szkoleń" in calendar.content.decode()


def test_a_longer_event_added_later_is_listed_once_committed(client, kept):
    kept(lambda: event(title="Krótkie"))
    assert "Krótkie" in client.get("/wydarzenia/").content.decode()
    kept(lambda: long_running("Cykl szkoleń", began_days_ago=700))
    assert "Cykl szkoleń" in client.get("/wydarzenia/").content.decode()
