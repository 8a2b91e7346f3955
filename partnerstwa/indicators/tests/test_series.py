"""The figures over the years: computed for every year end at once, equal to compute() run for
each year end, and costing the dashboard the same number of queries for one year as for fifteen."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerstwa.activities.models import Attendance, Event, Session
from partnerstwa.indicators.computation import INDICATORS, compute, series
from partnerstwa.partnerships.models import Partnership, PartnershipMember
from partnerstwa.partnerships.tests.factories import gmina_organisation, powiat_organisation
from partnerstwa.programme.models import Programme
from partnerstwa.registry.models import Association
from partnerstwa.registry.services import membership_create
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

D = datetime.date
WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db


def _partnership(name, formed_on, members):
    """members: (organisation, role, joined_on, left_on)"""
    created = Partnership.objects.create(name=name, slug=name.lower(), formed_on=formed_on)
    for organisation, role, joined_on, left_on in members:
        PartnershipMember.objects.create(
            partnership=created,
            organisation=organisation,
            role=role,
            joined_on=joined_on,
            left_on=left_on,
        )


def _session(kind, moment, status="published"):
    start = moment.replace(tzinfo=WARSAW)
    event = Event.objects.create(
        kind=kind,
        title=f"{kind} {moment}",
        slug=f"{kind}-{moment:%Y%m%d%H%M}",
        starts_at=start,
        ends_at=start,
        status=status,
    )
    return Session.objects.create(event=event, number=1, starts_at=start, ends_at=start)


def _attend(session, person, organisation=None):
    Attendance.objects.create(
        session=session, person=person, organisation=organisation, method="import"
    )


@pytest.fixture
def years_programme():
    """2012–2018: partnerships formed in different years, members joining late, a member city
    leaving the association, events cancelled or left as drafts, people attending again."""
    zmp = Association.objects.get(code="ZMP")
    city = gmina_organisation("0201011", "Bolesławiec")  # urban: a city
    town = gmina_organisation("0201043", "Nowogrodziec")  # urban-rural: a city
    rural = gmina_organisation("0201022", "Bolesławiec")  # rural: not a city
    late_city = gmina_organisation("0261011", "Jelenia Góra")
    county = powiat_organisation("0201", "bolesławiecki")
    ngo = OrganisationFactory(kind="ngo")
    membership_create(
        association=zmp, organisation=city, joined_on=D(2010, 1, 1), left_on=D(2014, 6, 30)
    )  # a member city until mid-2014
    membership_create(association=zmp, organisation=town, joined_on=D(2015, 3, 1))
    membership_create(association=zmp, organisation=late_city, joined_on=D(2018, 1, 1))

    _partnership(
        "Pierwsze",
        D(2012, 3, 1),
        [
            (city, "leader", None, None),
            (rural, "member", D(2013, 5, 1), None),
            (ngo, "member", D(2016, 2, 1), None),
        ],
    )
    _partnership(
        "Drugie",
        D(2014, 7, 1),
        [
            (town, "leader", None, D(2016, 12, 31)),  # hands the lead over after 2016
            (county, "leader", D(2017, 1, 1), None),
            (city, "member", D(2013, 1, 1), None),  # joined before the partnership was formed
        ],
    )
    _partnership("Bez daty", None, [(ngo, "member", D(2017, 1, 1), None)])
    _partnership("Późne", D(2018, 1, 1), [(late_city, "leader", None, None)])

    anna = PersonFactory(first_name="Anna", last_name="Nowak", email="Anna@Example.org")
    anna_again = PersonFactory(first_name="Anna", last_name="N.", email=" ANNA@example.org ")
    jan = PersonFactory(first_name="Jan", last_name="Kowalski", email="")
    jan_twin = PersonFactory(first_name="Jan", last_name="Kowalski", email="")
    ewa = PersonFactory(first_name="Ewa", last_name="Zielińska", email="")
    piotr = PersonFactory(first_name="Piotr", last_name="Wiśniewski", email="piotr@example.org")

    training = _session("training", datetime.datetime(2012, 5, 1, 10))
    _attend(training, anna, city)
    _attend(training, jan, city)
    workshop = _session("strategy_workshop", datetime.datetime(2013, 3, 1, 10))
    _attend(workshop, anna_again, city)  # anna again (e-mail)
    _attend(workshop, jan_twin, city)  # jan again (name and organisation)
    _attend(workshop, ewa)
    cancelled = _session("training", datetime.datetime(2014, 4, 1, 10), status="cancelled")
    _attend(cancelled, piotr, city)
    draft = _session("cuw_workshop", datetime.datetime(2015, 4, 1, 10), status="draft")
    _attend(draft, piotr)
    cuw = _session("cuw_workshop", datetime.datetime(2015, 9, 1, 10))
    _attend(cuw, ewa)
    _attend(cuw, jan, ngo)  # another organisation: another person by the rule
    # Late on New Year's Eve in Warsaw (already 2018 in no zone that matters): counts in 2017.
    late = _session("training", datetime.datetime(2017, 12, 31, 23, 30))
    _attend(late, piotr, city)
    conference = _session("conference", datetime.datetime(2013, 6, 2, 10))
    _attend(conference, anna, city)
    congress = _session("congress", datetime.datetime(2016, 6, 2, 10))
    _attend(congress, anna_again, county)  # the same e-mail: still anna
    _attend(congress, jan, ngo)
    _attend(congress, jan_twin, county)
    cancelled_congress = _session("congress", datetime.datetime(2017, 6, 2, 10), "cancelled")
    _attend(cancelled_congress, piotr)
    visit = _session("study_visit", datetime.datetime(2016, 9, 1, 10))
    _attend(visit, ewa)


DAYS = [D(year, 12, 31) for year in range(2011, 2019)] + [D(2014, 6, 30), D(2019, 5, 1)]


def test_the_series_equals_compute_run_for_each_day(years_programme):
    in_series = [indicator.code for indicator in INDICATORS if indicator.series]
    assert in_series  # the dashboard draws at least one
    figures = series(DAYS, settings.PROGRAMME_ASSOCIATION)
    assert set(figures) == set(in_series)
    for code in in_series:
        assert figures[code] == [
            compute(day, settings.PROGRAMME_ASSOCIATION)[code] for day in DAYS
        ], code


def test_the_series_counts_what_was_counted_by_hand(years_programme):
    figures = series(DAYS[:8], settings.PROGRAMME_ASSOCIATION)  # 2011 .. 2018
    # "Bez daty" counts from the start; "Pierwsze" from 2012, "Drugie" 2014, "Późne" 2018.
    assert figures["partnerships"] == [1, 2, 2, 3, 3, 3, 3, 4]
    # 2012 city; 2013 + rural; 2014 + town; 2016 + ngo; 2017 + county; 2018 + late_city.
    assert figures["entities"] == [0, 1, 2, 3, 3, 4, 5, 6]
    # 2012 anna, jan; 2013 + ewa; 2015 + jan for the ngo; 2017 + piotr (cancelled and draft
    # events never count).
    assert figures["capacity_building_participants"] == [0, 2, 3, 3, 4, 4, 5, 5]
    # 2013 anna; 2016 + jan for the ngo, jan_twin for the county.
    assert figures["conference_participants"] == [0, 0, 1, 1, 1, 3, 3, 3]


def _dashboard_queries(client, day: datetime.date) -> tuple[int, float, int]:
    """(queries, seconds, years shown) of one dashboard as of the day."""
    client.get("/wskazniki/", {"na_dzien": day.isoformat()})  # warm-up
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get("/wskazniki/", {"na_dzien": day.isoformat()})
        seconds = time.perf_counter() - started
    assert response.status_code == 200
    return len(queries), seconds, len(response.context["year_rows"])


def test_the_dashboard_costs_as_many_queries_for_fifteen_years_as_for_one(client, years_programme):
    Programme.objects.create(name="Program", operator="Operator", starts_on=D(2004, 1, 1))
    one, one_seconds, one_year = _dashboard_queries(client, D(2004, 12, 31))
    fifteen, fifteen_seconds, fifteen_years = _dashboard_queries(client, D(2018, 12, 31))
    print(
        f"\ndashboard: {one_year} year {one} queries {one_seconds * 1000:.1f} ms; "
        f"{fifteen_years} years {fifteen} queries {fifteen_seconds * 1000:.1f} ms"
    )
    assert (one_year, fifteen_years) == (1, 15)
    assert fifteen == one
