import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from partnerstwa.indicators.computation import INDICATORS, compute
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.indicators.reports import donor_report_pdf
from partnerstwa.indicators.templatetags.figures import figure

pytestmark = pytest.mark.django_db


def shown_figures(response) -> dict:
    return {
        f["indicator"].code: f["value"] for g in response.context["groups"] for f in g["figures"]
    }


def test_the_dashboard_shows_every_figure_as_of_the_chosen_day(client, programme):
    response = client.get("/wskazniki/", {"na_dzien": "2016-10-31"})
    assert response.status_code == 200
    expected = compute(datetime.date(2016, 10, 31), settings.PROGRAMME_ASSOCIATION)
    assert shown_figures(response) == expected
    assert shown_figures(response)["partnerships"] == 2  # counted by hand in the fixture
    content = response.content.decode()
    for indicator in INDICATORS:
        # Each figure, as people read it, links to its records as of the chosen day.
        link = f'href="/wskazniki/{indicator.code}/?na_dzien=2016-10-31">'
        assert f"{link}{figure(expected[indicator.code], indicator.unit)}<" in content
    assert "50,0 %" in content and "1\xa0100,00 zł" in content


def test_a_target_shows_the_progress_made(client, programme):
    IndicatorTarget.objects.create(code="partnerships", baseline=Decimal("0"), target=Decimal("4"))
    response = client.get("/wskazniki/", {"na_dzien": "2016-10-31"})
    shown = next(
        f
        for g in response.context["groups"]
        for f in g["figures"]
        if f["indicator"].code == "partnerships"
    )
    assert shown["progress"] == 50  # 2 of 4 partnerships
    assert re.search(r'class="target">cel [^<]*: osiągnięto 50 %<', response.content.decode())


def test_each_figure_lists_its_records_but_never_people(client, programme):
    day = datetime.date(2016, 10, 31)
    values = compute(day, settings.PROGRAMME_ASSOCIATION)
    for indicator in INDICATORS:
        response = client.get(f"/wskazniki/{indicator.code}/", {"na_dzien": day.isoformat()})
        assert response.status_code == 200, indicator.code
        content = response.content.decode()
        assert "Nowak" not in content and "Kowalski" not in content, indicator.code
        assert "example.org" not in content, indicator.code
        rows, value = response.context["rows"], values[indicator.code]
        if indicator.unit == "count" and response.context["kind"] != "participation":
            # What is counted is what is listed; participants are counted, never listed.
            assert response.context["total"] == len(rows) == value, indicator.code
        elif indicator.unit == "pln":
            assert sum(row.total_value or 0 for row in rows) == value
    partnerships = client.get("/wskazniki/partnerships/", {"na_dzien": day.isoformat()})
    assert [p.name for p in partnerships.context["rows"]] == ["Drugie", "Pierwsze"]
    people = client.get("/wskazniki/capacity_building_participants/", {"na_dzien": day.isoformat()})
    assert people.context["kind"] == "participation"
    assert client.get("/wskazniki/no-such-code/").status_code == 404


def test_the_open_data_endpoint_matches_the_report_command(client, programme):
    data = json.loads(client.get("/wskazniki.json", {"na_dzien": "2016-10-31"}).content)
    out = io.StringIO()
    call_command("programme_report", "--as-of", "2016-10-31", "--format", "json", stdout=out)
    # The same figures; the open data also says whether made-up records count in them.
    assert data == {**json.loads(out.getvalue()), "includes_illustrative": False}
    assert data["as_of"] == "2016-10-31" and data["partnerships"] == 2
    assert data["projects_value_pln"] == "1100.00" and data["member_cities_share"] == 0.5


def test_a_malformed_date_falls_back_to_today(client, programme):
    today = timezone.localdate()
    response = client.get("/wskazniki/", {"na_dzien": "31.10.2016"})
    assert response.status_code == 200
    assert response.context["day"] == today
    # Today's figures, not those of 31 October 2016 (the partnership formed in 2017 counts).
    assert shown_figures(response) == shown_figures(
        client.get("/wskazniki/", {"na_dzien": today.isoformat()})
    )
    assert shown_figures(response)["partnerships"] == 3
    content = response.content.decode()
    with translation.override("pl"):
        assert f"według stanu na {date_format(today, 'j E Y')}." in content
    assert f'name="na_dzien" value="{today.isoformat()}"' in content


def test_a_day_beyond_next_year_is_taken_as_malformed_and_costs_no_more(client, programme):
    today = timezone.localdate()
    client.get("/wskazniki/", {"na_dzien": "2015-06-30"})  # the first request sets things up
    with CaptureQueriesContext(connection) as normal_day:
        client.get("/wskazniki/", {"na_dzien": "2016-10-31"})
    with CaptureQueriesContext(connection) as far_day:
        response = client.get("/wskazniki/", {"na_dzien": "2500-12-31"})
    assert response.status_code == 200
    assert response.context["day"] == today
    assert len(far_day) <= len(normal_day)


def test_finding_14_a_count_target_shows_as_a_whole_number_with_polish_grouping(client, programme):
    """Targets are stored with three decimal places; a count target of 4000 still reads "4 000"
    (a no-break space groups it, as every count on the dashboard), never "4,000" or "4 000,000"."""
    IndicatorTarget.objects.create(code="partnerships", baseline=Decimal("0"), target=4000)
    content = client.get("/wskazniki/", {"na_dzien": "2016-10-31"}).content.decode()
    assert 'class="target">cel 4\xa0000: osiągnięto 0 %<' in content
    assert "4,000" not in content and "4\xa0000,000" not in content

    # The PDF donor report prints the same target the same way.
    with translation.override("pl"):
        pdf = donor_report_pdf(datetime.date(2016, 10, 31), settings.PROGRAMME_ASSOCIATION)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    partnerships = next(indicator for indicator in INDICATORS if indicator.code == "partnerships")
    with translation.override("pl"):
        row = f"{partnerships.name}{partnerships.definition}2 4 000"  # value 2, target 4 000
    squeezed = "".join(text.split())
    assert "".join(row.split()) in squeezed
    assert "4,000" not in squeezed and "4000,000" not in squeezed
