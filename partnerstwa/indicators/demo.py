"""The demo's story: illustrative records, marked as such, that complete the publicly known
ones so that the report as of 31 October 2016 gives the figures the programme's source page
states. Everything here is made up except where a comment says otherwise; the people are
named "Uczestnik/Uczestniczka … (przykład)" and never appear on a public page anyway. Every
record is written through the services of the app that owns it."""

import datetime
import random
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from partnerstwa.activities import services as activities
from partnerstwa.activities.models import (
    Attendance,
    AttendanceMethod,
    EventKind,
    EventStatus,
    Session,
)
from partnerstwa.indicators.computation import INDICATORS, compute, members_on
from partnerstwa.lib.dates import local_datetime
from partnerstwa.partnerships import services as partnerships
from partnerstwa.partnerships.models import MemberRole, Partnership, PartnershipMember
from partnerstwa.registry import services as registry
from partnerstwa.registry.models import (
    CITY_TYPES,
    Association,
    Organisation,
    OrganisationKind,
    TerritorialUnit,
    UnitType,
)

AS_OF = datetime.date(2016, 10, 31)
# The source page's figures are declared once, in reference.yaml (figures:). Three of them are
# given in words; the story aims at these exact values for them, each kept beside the words it
# stands for, so that different words in reference.yaml stop the story instead of leaving it
# aiming at a figure the page no longer states.
REFERENCE = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "programme" / "reference.yaml"
IN_WORDS = {
    "entities": ("prawie 600", 597),
    "projects_value_pln": ("ponad 66,5 mln zł", Decimal("66512345.67")),
    "conference_entities": ("ok. 240", 240),
}
SLUG_PREFIX = "przyklad-obszar-"
NOTE = "Rekord ilustracyjny: uzupełnia dane demonstracyjne, by raport odtworzył liczby programu."


def story_figures(stated: dict) -> dict:
    """What the report as of AS_OF must give for each figure the source page states: a number
    as it stands, a figure in words as the exact value IN_WORDS gives it. Entries that are not
    indicators (the note) are not figures."""
    codes = {indicator.code for indicator in INDICATORS}
    figures = {}
    for code, value in stated.items():
        if code not in codes:
            continue
        if isinstance(value, int):
            figures[code] = value
            continue
        words, exact = IN_WORDS.get(code, (None, None))
        if value != words:
            raise ValueError(
                f"reference.yaml states {code} as {value!r}; the demo has an exact value "
                f"only for {words!r} (IN_WORDS in {__name__})"
            )
        figures[code] = exact
    return figures


def story_targets() -> dict:
    """The figures the story aims at, from the reference file the demo ships."""
    return story_figures(yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))["figures"])


def _spread(items: list, count: int) -> list:
    """`count` items taken evenly from the list, so that they lie all over Poland."""
    if count <= 0:
        return []
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(index * step)] for index in range(count)]


@transaction.atomic
def story_load() -> str:
    """Add the illustrative records once (idempotent). Returns "added", "present" (already
    there) or "no_register" (too few territorial units: the TERYT register is not loaded)."""
    if Partnership.objects.filter(slug__startswith=SLUG_PREFIX).exists():
        return "present"
    association = Association.objects.get(code=settings.PROGRAMME_ASSOCIATION)
    targets = story_targets()
    rng = random.Random(2012)
    now = compute(AS_OF, association.code)

    in_partnerships = set(members_on(AS_OF).values_list("organisation_id", flat=True))
    free = (
        TerritorialUnit.objects.in_force()
        .exclude(organisations__in=in_partnerships)
        .order_by("code")
    )
    new_cities = targets["cities"] - now["cities"]
    new_others = (targets["local_governments"] - now["local_governments"]) - new_cities
    city_units = _spread(list(free.gminas().filter(unit_type__in=CITY_TYPES)), new_cities)
    other_units = _spread(
        list(free.filter(Q(level="gmina", unit_type=UnitType.RURAL) | Q(level="powiat"))),
        new_others,
    )
    new_partnerships = targets["partnerships"] - now["partnerships"]
    if (
        new_partnerships <= 0
        or len(city_units) < max(new_cities, new_partnerships)
        or len(other_units) < new_others
    ):
        # The story needs the full TERYT register (a test database or a partial register
        # has too few units) and a programme that has not already outgrown it.
        return "no_register"
    cities = [registry.unit_organisation(u) for u in city_units]
    others = [registry.unit_organisation(u) for u in other_units]
    non_government = []
    for number in range(
        1,
        targets["entities"]
        - targets["local_governments"]
        - (now["entities"] - now["local_governments"])
        + 1,
    ):
        kind = [
            OrganisationKind.NGO,
            OrganisationKind.BUSINESS,
            OrganisationKind.SCIENCE,
            OrganisationKind.PUBLIC,
        ][number % 4]
        non_government.append(
            registry.organisation_create(
                kind=kind, name=f"Przykładowa organizacja nr {number} (ilustracyjna)"
            )
        )

    # Leaders: member cities. The earlier illustrative partnership is led by one too.
    leaders = cities[:new_partnerships]
    earlier = Partnership.objects.filter(is_illustrative=True).exclude(slug__startswith=SLUG_PREFIX)
    earlier_leaders = list(
        Organisation.objects.filter(
            partnership_memberships__partnership__in=earlier,
            partnership_memberships__role=MemberRole.LEADER,
            kind=OrganisationKind.GMINA,
            territorial_unit__unit_type__in=CITY_TYPES,
        )
    )
    members_needed = targets["member_cities"] - now["member_cities"]
    member_cities = (leaders + earlier_leaders + [c for c in cities if c not in leaders])[
        :members_needed
    ]
    registry.memberships_bulk_create(
        association=association,
        organisations=member_cities,
        joined_on=datetime.date(2005, 1, 1),
        is_illustrative=True,
    )

    members = [c for c in cities if c not in leaders] + others + non_government
    rng.shuffle(members)
    programme = partnerships.funding_programme_get_or_create("MF EOG 2009–2014")
    value_needed = targets["projects_value_pln"] - now["projects_value_pln"]
    share = (value_needed / new_partnerships).quantize(Decimal("0.01"))
    created = []
    for index, leader in enumerate(leaders):
        formed = datetime.date(2013, 1, 15) + datetime.timedelta(days=9 * index)
        partnership = partnerships.partnership_create(
            name=f"Przykład: obszar funkcjonalny nr {index + 1}",
            slug=f"{SLUG_PREFIX}{index + 1:02d}",
            area_kind="urban_functional",
            formed_on=formed,
            status="concluded",
            description=NOTE,
            is_illustrative=True,
        )
        created.append(partnership)
        partnerships.member_add(
            partnership=partnership, organisation=leader, role=MemberRole.LEADER, joined_on=formed
        )
        total = (
            share if index < new_partnerships - 1 else value_needed - share * (new_partnerships - 1)
        )
        grant = (total * Decimal("0.85")).quantize(Decimal("0.01"))
        partnerships.project_save(
            partnership=partnership,
            title=f"Przykład: dokumenty strategiczne obszaru nr {index + 1}",
            funding_programme=programme,
            total_value=total,
            grant=grant,
            own_contribution=total - grant,
            starts_on=formed,
            ends_on=datetime.date(2016, 4, 30),
            status="completed",
        )
    partnerships.members_bulk_add(
        members=[
            PartnershipMember(
                partnership=created[index % len(created)],
                organisation=organisation,
                role=MemberRole.MEMBER,
                joined_on=created[index % len(created)].formed_on,
            )
            for index, organisation in enumerate(members)
        ]
    )
    _events_and_people(rng, [*leaders, *members], now, targets)
    return "added"


def _event(kind, title, day, *, days=1, city="", country="", series=None, number=None, real=False):
    """An event of one session; returns the session."""
    event = activities.event_create(
        kind=kind,
        title=title,
        slug=f"przyklad-{kind}-{day:%Y%m%d}-{number or 0}".replace("_", "-"),
        description="" if real else NOTE,
        starts_at=local_datetime(day, datetime.time(10)),
        ends_at=local_datetime(day + datetime.timedelta(days=days - 1), datetime.time(16)),
        venue_address="" if country else city,
        destination_city=city if country else "",
        destination_country=country,
        series=series,
        series_number=number,
        status=EventStatus.PUBLISHED,
        is_illustrative=not real,
    )
    return Session.objects.get(event=event, number=1)


def _events_and_people(
    rng: random.Random, organisations: list[Organisation], now: dict, targets: dict
) -> None:
    start = datetime.date(2013, 3, 4)
    trainings = [
        _event(
            EventKind.TRAINING,
            f"Przykład: szkolenie specjalistyczne nr {n + 1}",
            start + datetime.timedelta(days=31 * n),
            city="Poznań",
        )
        for n in range(targets["trainings"] - now["trainings"])
    ]
    workshops = []
    cycles = 4
    per_cycle = (
        targets["strategy_workshop_sessions"] - now["strategy_workshop_sessions"]
    ) // cycles
    for cycle in range(cycles):
        series = activities.series_create(
            title=f"Przykład: Warsztaty Zarządzania Strategicznego – cykl {cycle + 1}",
            slug=f"przyklad-wzs-cykl-{cycle + 1}",
            description=NOTE,
        )
        for meeting in range(per_cycle):
            day = datetime.date(2013, 4, 8) + datetime.timedelta(days=cycle * 7 + meeting * 28)
            workshops.append(
                _event(
                    EventKind.STRATEGY_WORKSHOP,
                    f"Przykład: WZS cykl {cycle + 1}, spotkanie {meeting + 1}",
                    day,
                    city="Warszawa",
                    series=series,
                    number=meeting + 1,
                )
            )
    cuw = [
        _event(
            EventKind.CUW_WORKSHOP,
            f"Przykład: warsztat CUW nr {n + 1}",
            datetime.date(2015, 3, 10) + datetime.timedelta(days=60 * n),
            city="Warszawa",
            number=n + 1,
        )
        for n in range(targets["cuw_workshops"] - now["cuw_workshops"])
    ]
    # Two conferences are facts of the reference programme: the congress at which the 2014
    # contest was decided, and the closing conference (reference.yaml); who attended is not.
    conferences = [
        _event(
            EventKind.CONGRESS,
            "I Kongres Partnerstw Samorządowych",
            datetime.date(2014, 6, 2),
            days=2,
            city="Poznań",
            real=True,
        ),
        _event(
            EventKind.CONFERENCE,
            "Konferencja podsumowująca projekt",
            datetime.date(2016, 10, 18),
            city="Poznań",
            real=True,
        ),
    ]
    conferences += [
        _event(
            EventKind.CONFERENCE,
            f"Przykład: konferencja regionalna nr {n + 1}",
            datetime.date(2013, 9, 16) + datetime.timedelta(days=95 * n),
            city="Kraków",
            number=n + 1,
        )
        for n in range(targets["conferences"] - now["conferences"] - 2)
    ]
    visits = [
        _event(
            EventKind.STUDY_VISIT,
            f"Przykład: wizyta studyjna w Norwegii nr {n + 1}",
            datetime.date(2014, 9, 1) + datetime.timedelta(days=120 * n),
            days=4,
            city="Oslo",
            country="NO",
            number=n + 1,
        )
        for n in range(targets["study_visits"] - now["study_visits"])
    ]

    capacity = targets["capacity_building_participants"] - now["capacity_building_participants"]
    extra_for_conferences = (
        targets["conference_participants"] - now["conference_participants"] - 300
    )
    count = capacity + extra_for_conferences
    people = registry.people_bulk_create(
        people=[
            (
                "Uczestniczka" if n % 2 else "Uczestnik",
                f"Przykładowy {n:04d} (przykład)",
                f"uczestnik{n:04d}@example.org",
            )
            for n in range(1, count + 1)
        ],
        organisation_ids=[organisations[index % len(organisations)].pk for index in range(count)],
    )
    home = {
        person.pk: organisations[index % len(organisations)] for index, person in enumerate(people)
    }
    rows = []
    capacity_sessions = trainings + workshops + cuw
    for index, person in enumerate(people[:capacity]):
        # Everyone comes at least once; many come back.
        for session in {
            capacity_sessions[index % len(capacity_sessions)],
            rng.choice(capacity_sessions),
        }:
            rows.append(
                Attendance(
                    session=session,
                    person=person,
                    organisation=home[person.pk],
                    method=AttendanceMethod.IMPORT,
                )
            )
    conference_people = people[:300] + people[capacity:]
    represented = _spread(
        organisations, targets["conference_entities"] - now["conference_entities"]
    )
    for index, person in enumerate(conference_people):
        session = conferences[index % len(conferences)]
        rows.append(
            Attendance(
                session=session,
                person=person,
                organisation=represented[index % len(represented)],
                method=AttendanceMethod.IMPORT,
            )
        )
    visitors = people[: targets["study_visit_participants"] - now["study_visit_participants"]]
    for index, person in enumerate(visitors):
        rows.append(
            Attendance(
                session=visits[index % len(visits)],
                person=person,
                organisation=home[person.pk],
                method=AttendanceMethod.IMPORT,
            )
        )
    activities.attendance_bulk_add(attendance=rows)
