"""The event list cuts each page from the events' keys, in the list's order, and reads only the
rows shown: a deep page of past events shows the right events, and costs the queries page one
does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerstwa.activities.tests.factories import event

pytestmark = pytest.mark.django_db
LIST = reverse("activities:list")


def titles(response) -> list[str]:
    return [item.title for item in response.context["page"].object_list]


def test_a_deep_page_of_past_events_lists_the_earlier_events_latest_first(client):
    now = timezone.now()
    for day in range(1, 46):
        event(title=f"Minione {day:02d}", starts_at=now - datetime.timedelta(days=day))
    event(title="Szkic", starts_at=now - datetime.timedelta(days=50), status="draft")
    event(title="Przyszłe", starts_at=now + datetime.timedelta(days=3))

    first = client.get(LIST, {"kiedy": "minione"})
    last = client.get(LIST, {"kiedy": "minione", "page": "3"})

    assert titles(first) == [f"Minione {day:02d}" for day in range(1, 21)]
    assert titles(last) == [f"Minione {day:02d}" for day in range(41, 46)]
    assert last.context["page"].paginator.count == 45


def test_a_deep_page_costs_the_queries_of_the_first(client):
    now = timezone.now()
    for day in range(1, 46):
        event(title=f"Minione {day:02d}", starts_at=now - datetime.timedelta(days=day))
    client.get(LIST, {"kiedy": "minione"})
    with CaptureQueriesContext(connection) as first:
        client.get(LIST, {"kiedy": "minione"})
    with CaptureQueriesContext(connection) as deep:
        client.get(LIST, {"kiedy": "minione", "page": "3"})
    assert len(deep.captured_queries) == len(first.captured_queries)
