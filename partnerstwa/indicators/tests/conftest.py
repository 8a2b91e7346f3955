"""The indicators' shared fixture: a small programme whose figures are counted by hand in the
comments (the counts themselves are asserted in test_computation.py)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from partnerstwa.activities.models import Attendance, Event, Session
from partnerstwa.contests.models import ContestEdition
from partnerstwa.partnerships.models import Partnership, PartnershipMember, Project
from partnerstwa.partnerships.tests.factories import gmina_organisation, powiat_organisation
from partnerstwa.registry.models import Association
from partnerstwa.registry.services import membership_create
from partnerstwa.registry.tests.factories import OrganisationFactory, PersonFactory

D = datetime.date
WARSAW = ZoneInfo("Europe/Warsaw")


def partnership(name, formed_on, members):
    """members: (organisation, role, joined_on)"""
    created = Partnership.objects.create(name=name, slug=name.lower(), formed_on=formed_on)
    for organisation, role, joined_on in members:
        PartnershipMember.objects.create(
            partnership=created, organisation=organisation, role=role, joined_on=joined_on
        )
    return created


def event(kind, day, status="published"):
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=WARSAW)
    created = Event.objects.create(
        kind=kind,
        title=f"{kind} {day}",
        slug=f"{kind}-{day}",
        starts_at=start,
        ends_at=start,
        status=status,
    )
    return Session.objects.create(event=created, number=1, starts_at=start, ends_at=start)


def attend(session, person, organisation=None):
    Attendance.objects.create(
        session=session, person=person, organisation=organisation, method="import"
    )


@pytest.fixture
def programme(db):
    build_programme()


def build_programme():
    """The fixture's records (a function too, for tests that write them in a committed block)."""
    zmp = Association.objects.get(code="ZMP")
    city = gmina_organisation("0201011", "Bolesławiec")  # urban: a city
    town = gmina_organisation("0201043", "Nowogrodziec")  # urban-rural: a city
    rural = gmina_organisation("0201022", "Bolesławiec")  # rural: not a city
    late_city = gmina_organisation("0261011", "Jelenia Góra")  # a city that joins after D
    county = powiat_organisation("0201", "bolesławiecki")
    ngo = OrganisationFactory(kind="ngo")
    membership_create(association=zmp, organisation=city, joined_on=D(2000, 1, 1))  # member on D
    membership_create(
        association=zmp, organisation=town, joined_on=D(2000, 1, 1), left_on=D(2015, 1, 1)
    )  # left before D
    membership_create(
        association=zmp, organisation=rural, joined_on=D(2000, 1, 1)
    )  # rural member: not a member city
    membership_create(
        association=zmp, organisation=late_city, joined_on=D(2017, 1, 1)
    )  # joins after D

    first = partnership(
        "Pierwsze",
        D(2013, 1, 1),
        [
            (city, "leader", D(2013, 1, 1)),
            (rural, "member", None),
            (ngo, "member", D(2014, 1, 1)),
            (late_city, "member", D(2017, 1, 1)),
        ],
    )
    second = partnership(
        "Drugie",
        None,
        [(town, "leader", None), (city, "member", None), (county, "member", D(2013, 1, 1))],
    )
    later = partnership("Późne", D(2017, 1, 1), [(late_city, "leader", None)])
    Project.objects.create(
        partnership=first,
        title="P1",
        total_value=Decimal("1000.50"),
        grant=Decimal("800"),
        own_contribution=Decimal("200.50"),
    )
    Project.objects.create(partnership=second, title="P2", total_value=Decimal("99.50"))
    Project.objects.create(partnership=later, title="P3", total_value=Decimal("5000"))

    training = event("training", D(2014, 5, 1))
    workshop = event("strategy_workshop", D(2015, 5, 1))
    event("cuw_workshop", D(2016, 1, 1))
    event("training", D(2017, 1, 1))  # after D
    event("training", D(2015, 1, 1), status="cancelled")  # cancelled
    conference = event("conference", D(2014, 6, 2))
    congress = event("congress", D(2015, 6, 2))
    visit = event("study_visit", D(2015, 9, 1))

    anna = PersonFactory(first_name="Anna", last_name="Nowak", email="Anna@Example.org")
    # The same address in other case and with spaces: the same person to the indicators.
    anna_again = PersonFactory(first_name="Anna", last_name="N.", email=" ANNA@example.org ")
    jan = PersonFactory(first_name="Jan", last_name="Kowalski", email="")
    jan_twin = PersonFactory(first_name="Jan", last_name="Kowalski", email="")
    ewa = PersonFactory(first_name="Ewa", last_name="Zielińska", email="")
    attend(training, anna, city)
    attend(workshop, anna_again, city)  # same person as anna (e-mail)
    attend(training, jan, city)
    attend(workshop, jan_twin, city)  # same person as jan (name + organisation)
    attend(workshop, ewa)  # no organisation
    attend(conference, anna, city)
    attend(congress, jan, ngo)
    attend(congress, jan_twin, county)  # another organisation: another person by the rule
    attend(visit, ewa)

    ContestEdition.objects.create(name="2014", slug="e2014", year=2014, decided_on=D(2014, 6, 2))
    ContestEdition.objects.create(name="2017", slug="e2017", year=2017, decided_on=D(2017, 6, 2))
