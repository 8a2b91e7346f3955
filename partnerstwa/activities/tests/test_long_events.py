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


def test_the_unfiltered_list_and_feed_read_as_the_filtered_path_reads_them():
    """Without filters the list's keys and the feed come from prepared reads: the same events,
    in the same order, as the general path (drafts left out, cancelled ones kept)."""
    now = timezone.now()
    event(title="Jutro")
    event(title="Szkic", status="draft")
    event(title="Odwołane", status="cancelled")
    long_running("Cykl szkoleń", began_days_ago=400)
    event(title="Minione", starts_at=now - datetime.timedelta(days=30),
          ends_at=now - datetime.timedelta(days=29))  # fmt: skip
    blank = selectors.EventFilters()
    general = list(
        selectors._ending_from(selectors._filtered(blank), now).order_by("starts_at", "pk")
    )
    assert selectors.upcoming_keys(now=now) == [e.pk for e in general]
    assert "Szkic" not in [e.title for e in general] and "Odwołane" in [e.title for e in general]
    since = now - datetime.timedelta(days=selectors.FEED_DAYS_BACK)
    feed = selectors._ending_from(selectors._filtered(blank), since).order_by("starts_at", "pk")
    assert [e.pk for e in selectors.event_feed(blank, now=now)] == [e.pk for e in feed]
    assert "Minione" in [e.title for e in selectors.event_feed(blank, now=now)]
