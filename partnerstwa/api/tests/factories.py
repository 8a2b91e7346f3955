"""A small programme with one record of every kind the API serves, its people carrying
recognisable personal data (names, e-mails, phones no answer may contain anonymously)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from partnerstwa.activities.models import Attendance, Session
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.advocacy.tests.factories import barrier, recommendation
from partnerstwa.api import services
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.tests.factories import ProjectFactory, partnership_with_members
from partnerstwa.registry.models import Affiliation
from partnerstwa.registry.tests.factories import (
    AssociationFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

# Values that are personal data; none may appear in an anonymous answer.
PERSONAL_VALUES = (
    "Zenobiusz",
    "Przybyszewski-Osobowy",
    "zenobiusz.osobowy@example.org",
    "+48 600 700 800",
    "Kierownik referatu osobowego",
    "Bronisława",
    "Rejestrowana-Osobowa",
    "bronislawa.osobowa@example.org",
    "+48 511 222 333",
    "wózek inwalidzki osobowy",
    "https://meet.example.org/tajny-pokoj",
    "Kontakt Zgłoszeniowy",
    "kontakt.zgloszenie@example.org",
)


@dataclass
class World:
    partnership: object
    event: object
    past_event: object
    edition: object
    registration: object
    person: object
    barrier: object
    recommendation: object


def world() -> World:
    person = PersonFactory(
        first_name="Zenobiusz",
        last_name="Przybyszewski-Osobowy",
        email="zenobiusz.osobowy@example.org",
        phone="+48 600 700 800",
    )
    partnership = partnership_with_members(
        name="Partnerstwo Doliny Baryczy",
        name_en="Barycz Valley Partnership",
        description="Współpraca gmin.",
        description_en="Cooperation of gminas.",
        ngo=1,
    )
    leader = partnership.members.get(role="leader")
    PartnershipMember.objects.filter(pk=leader.pk).update(
        contact_person=person,
        contact_email="zenobiusz.osobowy@example.org",
        contact_phone="+48 600 700 800",
        contact_position="Kierownik referatu osobowego",
    )
    Affiliation.objects.create(
        person=person, organisation=leader.organisation, position="Kierownik referatu osobowego"
    )
    MembershipFactory(association=AssociationFactory(), organisation=leader.organisation)
    ProjectFactory(partnership=partnership, title="Wspólna strategia", title_en="Joint strategy")
    upcoming = event(
        title="Warsztat strategiczny",
        title_en="Strategy workshop",
        online_url="https://meet.example.org/tajny-pokoj",
        is_illustrative=True,
    )
    registration = register(
        upcoming,
        first_name="Bronisława",
        last_name="Rejestrowana-Osobowa",
        email="bronislawa.osobowa@example.org",
        phone="+48 511 222 333",
        accessibility_needs="wózek inwalidzki osobowy",
    )
    session = Session.objects.filter(event=upcoming).first()
    Attendance.objects.create(session=session, person=person, method="import")
    past = event(
        title="Konferencja",
        starts_at=datetime.datetime(2016, 5, 10, 9, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2016, 5, 10, 15, tzinfo=datetime.UTC),
    )
    contest = edition(status="published", year=2016)
    application(
        contest,
        organisation=leader.organisation,
        status="laureate",
        title="Wspólne usługi",
        contact_name="Kontakt Zgłoszeniowy",
        contact_email="kontakt.zgloszenie@example.org",
    )
    found = barrier(title="Bariera", title_en="Barrier")
    sent = recommendation([found], sent_on=datetime.date(2016, 6, 1))
    OrganisationFactory(name="Fundacja Przykładowa")
    return World(partnership, upcoming, past, contest, registration, person, found, sent)


def staff(username: str = "integracje", *permissions: str):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def token(*, user=None, events=(), read_personal=False, write_attendance=False, name="CRM"):
    return services.token_create(
        name=name,
        user=user or staff(f"u{len(name)}{name}"),
        read_personal=read_personal,
        write_attendance=write_attendance,
        event_ids=[e.pk for e in events],
    )
