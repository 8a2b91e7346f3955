"""The public event lists (the list, its filters, the month view, the calendar feed) make as many
queries with a page full of events as with one: whatever a row shows is fetched with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerstwa.activities.models import EventSeries, Session
from partnerstwa.activities.tests.factories import WARSAW, event
from partnerstwa.registry.tests.factories import gmina

pytestmark = pytest.mark.django_db


def month_ahead(months: int) -> datetime.date:
    """The first day of the month that many months from today (negative: back)."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


# A month wholly in the future (its events are upcoming), and one a year back (its are past).
COMING = month_ahead(2)
GONE = month_ahead(-12)
MONTH = f"/wydarzenia/kalendarz/{COMING.year}/{COMING.month}/"
FILTERS = "?rodzaj=training&wojewodztwo=30"
URLS = [
    "/wydarzenia/",
    f"/wydarzenia/{FILTERS}",
    "/wydarzenia/?kiedy=minione",
    f"/wydarzenia/{FILTERS}&kiedy=minione",
    MONTH,
    f"{MONTH}{FILTERS}",
    f"/wydarzenia/kalendarz/{GONE.year}/{GONE.month}/",
    "/wydarzenia.ics",
    f"/wydarzenia.ics{FILTERS}",
]


def at(month: datetime.date, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(month.replace(day=day), datetime.time(hour), tzinfo=WARSAW)


@pytest.fixture
def one_of_each():
    """One event each list and filter above shows: a training in Poznań this coming month, and
    one a year ago."""
    poznan = gmina("3064011", "Poznań")
    for month in (COMING, GONE):
        event(starts_at=at(month, 3), venue_unit=poznan, organisers="Związek Miast Polskich")


def add_many_events() -> None:
    """Thirty more events in each month, across three voivodeships and two kinds: multi-day
    events of three sessions each, in series, with organisers, some cancelled, some drafts."""
    venues = [
        gmina("3064011", "Poznań"),
        gmina("0201011", "Bolesławiec"),
        gmina("1261011", "Kraków"),
    ]
    series = [
        EventSeries.objects.create(title=f"Warsztaty {number}", slug=f"warsztaty-{number}")
        for number in range(3)
    ]
    for half, month in enumerate((COMING, GONE)):
        for number in range(30):
            starts = at(month, number % 25 + 1)
            created = event(
                starts_at=starts,
                ends_at=starts + datetime.timedelta(days=2, hours=6),
                kind=["training", "conference"][number % 2],
                venue_unit=venues[number % 3],
                series=series[number % 3],
                series_number=half * 30 + number + 1,
                organisers=f"Związek Miast Polskich\nPartner {number}",
                status=["published", "published", "cancelled", "draft"][number % 4],
            )
            for day in (1, 2):
                Session.objects.create(
                    event=created,
                    number=day + 1,
                    starts_at=starts + datetime.timedelta(days=day),
                    ends_at=starts + datetime.timedelta(days=day, hours=6),
                )


def shown(response) -> int:
    """How many events the page shows."""
    if response["Content-Type"].startswith("text/calendar"):
        return response.content.count(b"BEGIN:VEVENT")
    if "page" in response.context:
        return len(response.context["page"].object_list)
    return len({e.pk for week in response.context["weeks"] for day in week for e in day.events})


@pytest.mark.parametrize("url", URLS)
def test_event_list_pages_make_no_more_queries_with_many_events(
    client, one_of_each, url, django_assert_max_num_queries
):
    assert client.get(url).status_code == 200  # warm the session and the caches
    with CaptureQueriesContext(connection) as few:
        before = shown(client.get(url))
    add_many_events()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert shown(response) > before  # the same count now covers many rows, not one


def test_the_event_list_reads_no_long_texts_it_does_not_show(client):
    event(title="Szkolenie z opisem", description="Długi opis " * 200, organisers="Organizator")
    with CaptureQueriesContext(connection) as queries:
        content = client.get("/wydarzenia/").content.decode()
    assert "Szkolenie z opisem" in content
    rows = [query["sql"] for query in queries if '"activities_event"."title"' in query["sql"]]
    assert rows and not any('"activities_event"."description' in sql for sql in rows)
    assert not any('"activities_event"."organisers' in sql for sql in rows)
