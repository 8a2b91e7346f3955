"""A figure's records page lists its records RECORDS_PAGE at a time, in the figure's order,
says how many there are in all, and costs the same queries however many records there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerstwa.indicators import selectors
from partnerstwa.partnerships.models import Partnership

pytestmark = pytest.mark.django_db
DAY = "2016-10-31"


def partnerships(count: int) -> None:
    Partnership.objects.bulk_create(
        Partnership(
            name=f"Partnerstwo nr {n}", slug=f"partnerstwo-{n}", formed_on=datetime.date(2015, 1, 1)
        )
        for n in range(1, count + 1)
    )


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def test_the_records_are_listed_a_page_at_a_time_in_order_with_the_total(client, monkeypatch):
    monkeypatch.setattr(selectors, "RECORDS_PAGE", 4)
    partnerships(10)
    first = client.get("/wskazniki/partnerships/", {"na_dzien": DAY})
    assert names(first) == [f"Partnerstwo nr {n}" for n in (1, 2, 3, 4)]
    assert first.context["total"] == 10 and first.context["page"].paginator.num_pages == 3
    content = first.content.decode()
    assert "10 rekordów" in content and "Strona 1 z 3" in content
    assert 'href="?na_dzien=2016-10-31&amp;page=2" rel="next"' in content
    last = client.get("/wskazniki/partnerships/", {"na_dzien": DAY, "page": "3"})
    assert names(last) == ["Partnerstwo nr 9", "Partnerstwo nr 10"]


@pytest.mark.parametrize("page", ["999", "0", "x", "-1"])
def test_a_page_number_out_of_range_or_malformed_answers_with_a_page_not_an_error(client, page):
    partnerships(3)
    response = client.get("/wskazniki/partnerships/", {"na_dzien": DAY, "page": page})
    assert response.status_code == 200
    assert names(response) == ["Partnerstwo nr 1", "Partnerstwo nr 2", "Partnerstwo nr 3"]


def test_a_records_page_makes_as_many_queries_with_many_records_as_with_few(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(selectors, "RECORDS_PAGE", 5)
    partnerships(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/wskazniki/partnerships/", {"na_dzien": DAY}).status_code == 200
    Partnership.objects.all().delete()
    partnerships(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/wskazniki/partnerships/", {"na_dzien": DAY, "page": "2"})
    assert len(response.context["rows"]) == 5 and response.context["total"] == 20


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("partnerships", "/partnerstwa/pierwsze/"),
        ("local_governments", "/samorzady/0201011/"),
        ("projects_value_pln", "/partnerstwa/pierwsze/"),
        ("trainings", "/wydarzenia/"),
        ("conference_participants", "/wydarzenia/"),
        ("contest_editions", "/konkurs/e2014/"),
    ],
)
def test_each_kind_of_record_links_to_its_page(client, programme, code, expected):
    from django.urls import resolve

    response = client.get(f"/wskazniki/{code}/", {"na_dzien": DAY})
    rows = response.context["rows"]
    assert rows and all(row.url and resolve(row.url) for row in rows)
    content = response.content.decode()
    assert all(f'href="{row.url}"' in content for row in rows)
    assert any(row.url.startswith(expected) for row in rows)


@pytest.mark.parametrize(
    ("code", "table"),
    [
        ("partnerships", "partnerships_partnership"),
        ("trainings", "activities_event"),
        ("conference_participants", "activities_event"),
        ("contest_editions", "contests_contestedition"),
        ("projects_value_pln", "partnerships_project"),
        ("local_governments", "registry_organisation"),
    ],
)
def test_a_records_page_reads_its_rows_in_one_query_in_both_languages(
    client, programme, code, table
):
    for language in ("pl", "en"):
        client.cookies["django_language"] = language
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/wskazniki/{code}/", {"na_dzien": DAY})
        assert response.context["rows"]
        # Beside the figures' computation (which marks every record: not stored inside the
        # test's transaction), one read of the page's rows and no read of a row alone.
        reads = [
            q["sql"]
            for q in queries
            if q["sql"].startswith(f'SELECT "{table}".') and '"marked"' not in q["sql"]
        ]
        assert len(reads) == 1, reads
