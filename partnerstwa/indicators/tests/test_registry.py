"""One declaration per indicator: its group, event kinds, records page, place on the chart over
the years and definition are read from INDICATORS by every page, export and report."""

import datetime
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command

from partnerstwa.activities.models import Event, EventKind
from partnerstwa.indicators.computation import (
    GROUPS,
    INDICATORS,
    Indicator,
    compute,
    events_listed,
)
from partnerstwa.indicators.reports import report_lines

pytestmark = pytest.mark.django_db
DAY = datetime.date(2016, 10, 31)
WARSAW = ZoneInfo("Europe/Warsaw")


def _event(kind, day, status="published"):
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=WARSAW)
    Event.objects.create(
        kind=kind,
        title=f"{kind} {day}",
        slug=f"{kind}-{day}",
        starts_at=start,
        ends_at=start,
        status=status,
    )


@pytest.fixture
def workshops():
    """A new indicator, declared once and nowhere else."""
    declared = Indicator(
        "workshops",
        "capacity",
        "Workshops",
        "Strategic and CUW workshops that started on or before the date.",
        "count",
        "events",
        events_listed,
        event_kinds=(EventKind.STRATEGY_WORKSHOP, EventKind.CUW_WORKSHOP),
    )
    INDICATORS.append(declared)
    _event(EventKind.STRATEGY_WORKSHOP, datetime.date(2015, 5, 1))
    _event(EventKind.CUW_WORKSHOP, datetime.date(2016, 1, 1))
    _event(EventKind.CUW_WORKSHOP, datetime.date(2016, 2, 1), status="cancelled")
    _event(EventKind.CUW_WORKSHOP, datetime.date(2017, 1, 1))  # after the day
    _event(EventKind.TRAINING, datetime.date(2015, 1, 1))  # another kind
    yield declared
    INDICATORS.remove(declared)


def test_every_indicator_is_declared_once_with_a_known_group_and_unit():
    codes = [indicator.code for indicator in INDICATORS]
    assert len(codes) == len(set(codes))
    for indicator in INDICATORS:
        assert indicator.group in GROUPS, indicator.code
        assert indicator.unit in ("count", "share", "pln"), indicator.code


def test_a_new_declaration_reaches_the_figures_the_pages_and_the_report(client, workshops):
    assert compute(DAY, settings.PROGRAMME_ASSOCIATION)["workshops"] == 2

    dashboard = client.get("/wskazniki/", {"na_dzien": DAY.isoformat()})
    capacity = next(g for g in dashboard.context["groups"] if g["label"] == GROUPS["capacity"])
    assert [f["value"] for f in capacity["figures"] if f["indicator"] is workshops] == [2]

    page = client.get("/wskazniki/workshops/", {"na_dzien": DAY.isoformat()})
    assert page.context["kind"] == "events"
    assert [event.starts_at.date() for event in page.context["rows"]] == [
        datetime.date(2015, 5, 1),
        datetime.date(2016, 1, 1),
    ]

    assert (
        json.loads(client.get("/wskazniki.json", {"na_dzien": DAY.isoformat()}).content)[
            "workshops"
        ]
        == 2
    )
    out = io.StringIO()
    call_command("programme_report", "--as-of", DAY.isoformat(), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["workshops"] == 2
    line = next(
        line
        for line in report_lines(DAY, settings.PROGRAMME_ASSOCIATION, None)
        if line.code == "workshops"
    )
    assert (line.value, line.group) == (2, str(GROUPS["capacity"]))


def test_every_records_page_lists_the_records_its_indicator_declares(client):
    for indicator in INDICATORS:
        page = client.get(f"/wskazniki/{indicator.code}/", {"na_dzien": DAY.isoformat()})
        assert page.status_code == 200, indicator.code
        assert page.context["kind"] == indicator.record_kind, indicator.code


def test_the_chart_over_the_years_draws_the_indicators_declared_for_it(client):
    dashboard = client.get("/wskazniki/", {"na_dzien": DAY.isoformat()})
    drawn = [item["indicator"].code for item in dashboard.context["series"]]
    assert drawn == [indicator.code for indicator in INDICATORS if indicator.series]
    assert drawn == [
        "partnerships",
        "entities",
        "capacity_building_participants",
        "conference_participants",
    ]
