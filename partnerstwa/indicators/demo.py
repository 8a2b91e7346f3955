"""The demo's story: illustrative records, marked as such, that complete the publicly known
ones so that the report as of 31 October 2016 gives the figures the programme's source page
states. Every record is written through the services of the app that owns it.

What is sourced and what is made up (the site's page about its data reads this list):
SOURCED, from reference.yaml (programme: eog.gov.pl project list; partnerships: the map legend of
the 2016 report "Rozwój współpracy międzysamorządowej i międzysektorowej w Polsce" on
vdocuments.pub and each partnership's own source; contest: tvtwoja.pl/?p=2229, miasta.pl):
the programme's facts and figures as of 31 October 2016, the 14 partnerships with the members
their sources name, the two contest editions and their laureates, and two events: the congress
in Poznań on 2 June 2014 and the closing conference in Poznań on 18 October 2016. The
territorial units are the official TERYT register.
MADE UP (is_illustrative on every record): the 23 partnerships "Przykład: obszar funkcjonalny
nr N" (their members are real local governments from the leader's powiat and the powiats next
to it, but their membership is made up), their projects and amounts, the organisations
"Przykładowa … z obszaru funkcjonalnego nr N (ilustracyjna)", the 87 memberships of Związek
Miast Polskich (ZMP), every event titled "Przykład: …", every person ("Uczestnik/Uczestniczka
Przykładowy/Przykładowa NNNN (przykład)") and every attendance record, including those at the
two real events (their hours are made up too).
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from partnerstwa.activities import services as activities
from partnerstwa.activities.models import (
    Attendance,
    AttendanceMethod,
    EventKind,
    EventStatus,
    Session,
)
from partnerstwa.indicators.computation import INDICATORS, compute
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.geo import powiat_neighbours
from partnerstwa.lib.text import slug
from partnerstwa.partnerships import services as partnerships
from partnerstwa.partnerships.demo import EEA_FUNDING, EEA_FUNDING_EN
from partnerstwa.partnerships.models import MemberRole, Partnership, PartnershipMember
from partnerstwa.registry import services as registry
from partnerstwa.registry.choices import LOCAL_GOVERNMENT_LEVELS
from partnerstwa.registry.models import (
    CITY_POWIAT_CODE_FROM,
    CITY_TYPES,
    Association,
    Organisation,
    OrganisationKind,
    TerritorialUnit,
    UnitLevel,
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
NOTE = (
    "Partnerstwo ilustracyjne: wymyślone, by raport według stanu na 31 października 2016 r. "
    "odtworzył liczby programu. Jego samorządy istnieją i leżą w powiecie lidera lub w powiatach "
    "sąsiednich, ale ich udział w tym partnerstwie, jego projekt i pozostali członkowie są "
    "zmyśleni."
)
NOTE_EN = (
    "An illustrative partnership, made up so that the report as of 31 October 2016 gives the "
    "programme's figures. Its local governments exist and lie in the leader's powiat or the "
    "powiats next to it, but their part in this partnership, its project and its other members "
    "are made up."
)
EVENT_NOTE = (
    "Wydarzenie ilustracyjne: wymyślone, by raport według stanu na 31 października 2016 r. "
    "odtworzył liczby programu; jego data, miejsce i uczestnicy są zmyśleni."
)
EVENT_NOTE_EN = (
    "An illustrative event, made up so that the report as of 31 October 2016 gives the "
    "programme's figures; its date, place and participants are made up."
)
# The made-up organisations, one of each kind in turn: (kind, the name's noun). Every noun is
# feminine, so "(ilustracyjna)" agrees with each.
MADE_UP_KINDS = [
    (OrganisationKind.PUBLIC, "Przykładowa instytucja publiczna"),
    (OrganisationKind.NGO, "Przykładowa organizacja pozarządowa"),
    (OrganisationKind.BUSINESS, "Przykładowa firma"),
    (OrganisationKind.SCIENCE, "Przykładowa uczelnia"),
]
# Where the story's made-up regional conferences are said to have taken place.
CONFERENCE_CITIES = ["Kraków", "Gdańsk", "Wrocław", "Lublin", "Białystok", "Katowice", "Szczecin"]


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
    """`count` items taken evenly from the list."""
    if count <= 0:
        return []
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(index * step)] for index in range(count)]


class StoryImpossible(Exception):
    """The register cannot give the story what it needs (a test database, a partial register)."""


def _is_land_powiat(code: str) -> bool:
    return int(code[2:4]) < CITY_POWIAT_CODE_FROM


@dataclass
class Area:
    """A made-up partnership's functional area: the leader's powiat and the powiats next to it,
    and the real local governments drawn from it."""

    number: int
    leader: TerritorialUnit
    powiats: list[str]  # the leader's first, then its neighbours
    cities: list[TerritorialUnit] = field(default_factory=list)  # besides the leader
    others: list[TerritorialUnit] = field(default_factory=list)  # rural gminas, powiats

    @property
    def units(self) -> list[TerritorialUnit]:
        return [self.leader, *self.cities, *self.others]


class Register:
    """The units the story may draw from: in force, not yet a member of any partnership, read
    once and grouped by powiat."""

    def __init__(self) -> None:
        taken = PartnershipMember.objects.filter(
            organisation__territorial_unit__isnull=False
        ).values("organisation__territorial_unit")
        units = (
            TerritorialUnit.objects.in_force()
            .filter(level__in=[UnitLevel.GMINA, UnitLevel.POWIAT])
            .exclude(pk__in=taken)
            .order_by("code")
        )
        self.by_powiat: dict[str, list[TerritorialUnit]] = {}
        for unit in units:
            if unit.level == UnitLevel.POWIAT and not _is_land_powiat(unit.code):
                continue  # a city with powiat rights: the city is its gmina-level unit
            self.by_powiat.setdefault(unit.code[:4], []).append(unit)
        self.used: set[int] = set()
        self.neighbours = powiat_neighbours()

    def area(self, powiat: str) -> list[str]:
        return [powiat, *sorted(self.neighbours.get(powiat, ()))]

    def free(self, powiats: list[str], *, cities: bool) -> list[TerritorialUnit]:
        """The free units of those powiats, in that order: cities, or the other local
        governments (the powiat itself first, then its rural gminas)."""
        found = []
        for powiat in powiats:
            for unit in self.by_powiat.get(powiat, []):
                if unit.pk in self.used:
                    continue
                is_city = unit.level == UnitLevel.GMINA and unit.unit_type in CITY_TYPES
                if is_city == cities:
                    found.append(unit)
        return found


def _leader_in(register: Register, voivodeship: str, centres: list[str]):
    """The first city of the voivodeship (by TERYT code) that can lead a new area: the seat-like
    urban gmina of a land powiat that neither is nor borders another partnership's centre."""
    for powiat in sorted(register.by_powiat):
        if not powiat.startswith(voivodeship) or not _is_land_powiat(powiat):
            continue
        if any(powiat == c or c in register.neighbours.get(powiat, ()) for c in centres):
            continue
        cities = register.free([powiat], cities=True)
        urban = [unit for unit in cities if unit.unit_type == UnitType.URBAN]
        if urban or cities:
            return (urban or cities)[0]
    return None


def story_leaders(register: Register, count: int) -> list[TerritorialUnit]:
    """Leaders spread over Poland: one in every voivodeship first, then more in the voivodeships
    with the most gminas; a voivodeship's made-up partnerships of earlier loads count too. No
    leader's powiat is, or borders, the powiat of another partnership's leader."""
    leading = PartnershipMember.objects.filter(
        role=MemberRole.LEADER, organisation__territorial_unit__isnull=False
    ).values_list("organisation__territorial_unit__code", "partnership__is_illustrative")
    centres = [code[:4] for code, _illustrative in leading]
    illustrative = Counter(code[:2] for code, is_illustrative in leading if is_illustrative)
    gminas = Counter(
        powiat[:2]
        for powiat, units in register.by_powiat.items()
        for unit in units
        if unit.level == UnitLevel.GMINA
    )
    voivodeships = sorted(gminas)
    by_size = sorted(voivodeships, key=lambda code: (-gminas[code], code))
    leaders: list[TerritorialUnit] = []
    placed = Counter()
    for round_ in range(1, count + 1):
        added = False
        for voivodeship in voivodeships if round_ == 1 else by_size:
            if len(leaders) == count:
                break
            if round_ > 1 and placed[voivodeship] + illustrative[voivodeship] >= round_:
                continue
            leader = _leader_in(register, voivodeship, centres)
            if leader is not None:
                leaders.append(leader)
                register.used.add(leader.pk)
                centres.append(leader.code[:4])
                placed[voivodeship] += 1
                added = True
        if len(leaders) == count or not added:
            break
    if len(leaders) < count:
        raise StoryImpossible
    return sorted(leaders, key=lambda unit: unit.code)


def _deal(register: Register, areas: list[Area], count: int, *, cities: bool) -> None:
    """Deal `count` free units to the areas in turn, each taking the nearest free one of its
    own powiats, so that every area grows evenly and no unit joins two."""
    dealt = 0
    while dealt < count:
        progressed = False
        for area in areas:
            if dealt == count:
                break
            candidates = register.free(area.powiats, cities=cities)
            if not candidates:
                continue
            unit = candidates[0]
            register.used.add(unit.pk)
            (area.cities if cities else area.others).append(unit)
            dealt += 1
            progressed = True
        if not progressed:
            raise StoryImpossible


def story_areas(count: int, new_cities: int, new_others: int) -> list[Area]:
    """The made-up partnerships' areas: `count` leaders (cities) and, around them, the other
    new cities and local governments, drawn from the register."""
    register = Register()
    leaders = story_leaders(register, count)
    areas = [
        Area(number=index, leader=leader, powiats=register.area(leader.code[:4]))
        for index, leader in enumerate(leaders, start=1)
    ]
    _deal(register, areas, new_cities - count, cities=True)
    _deal(register, areas, new_others, cities=False)
    return areas


def _unit_organisations(units: list[TerritorialUnit]) -> dict[int, Organisation]:
    """The local government of each unit, created in one batch where the registry has none."""
    held = {
        o.territorial_unit_id: o for o in Organisation.objects.filter(territorial_unit__in=units)
    }
    kind_of = {level: kind for kind, level in LOCAL_GOVERNMENT_LEVELS.items()}
    missing = [
        Organisation(kind=kind_of[unit.level], territorial_unit=unit)
        for unit in units
        if unit.pk not in held
    ]
    for organisation in registry.organisations_bulk_create(organisations=missing):
        held[organisation.territorial_unit_id] = organisation
    return held


def _made_up_organisations(areas: list[Area], count: int) -> dict[int, list[Organisation]]:
    """`count` made-up organisations dealt to the areas in turn, each named after its area."""
    per_area: dict[int, list[Organisation]] = {area.number: [] for area in areas}
    rows = []
    for index in range(count):
        area = areas[index % len(areas)]
        number = index // len(areas) + 1
        kind, noun = MADE_UP_KINDS[index % len(MADE_UP_KINDS)]
        rows.append(
            (
                area.number,
                Organisation(
                    kind=kind,
                    name=f"{noun} nr {number} z obszaru funkcjonalnego nr {area.number} "
                    "(ilustracyjna)",
                    is_illustrative=True,
                ),
            )
        )
    created = registry.organisations_bulk_create(organisations=[row[1] for row in rows])
    for (number, _unused), organisation in zip(rows, created, strict=True):
        per_area[number].append(organisation)
    return per_area


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

    count = targets["partnerships"] - now["partnerships"]
    new_cities = targets["cities"] - now["cities"]
    new_others = (targets["local_governments"] - now["local_governments"]) - new_cities
    made_up = (targets["entities"] - targets["local_governments"]) - (
        now["entities"] - now["local_governments"]
    )
    if count <= 0 or new_cities < count or new_others < 0 or made_up < 0:
        return "no_register"  # a programme that has already outgrown the story
    try:
        areas = story_areas(count, new_cities, new_others)
    except StoryImpossible:
        # The story needs the full TERYT register (a test database or a partial register
        # has too few units).
        return "no_register"
    governments = _unit_organisations([unit for area in areas for unit in area.units])
    organisations_of = _made_up_organisations(areas, made_up)

    # Member cities of the association: the earlier made-up partnerships' city leaders and the
    # story's leaders first (so that those partnerships are led by members), then the story's
    # other cities, taken from each area in turn.
    led_needed = targets["partnerships_led_by_members"] - now["partnerships_led_by_members"]
    earlier = Partnership.objects.filter(is_illustrative=True).exclude(slug__startswith=SLUG_PREFIX)
    earlier_leaders = list(
        Organisation.objects.filter(
            partnership_memberships__partnership__in=earlier,
            partnership_memberships__role=MemberRole.LEADER,
            kind=OrganisationKind.GMINA,
            territorial_unit__unit_type__in=CITY_TYPES,
        ).exclude(memberships__association=association)
    )
    leaders = [governments[area.leader.pk] for area in areas]
    members_needed = targets["member_cities"] - now["member_cities"]
    member_cities = (earlier_leaders + leaders)[:led_needed]
    turns = max((len(area.cities) for area in areas), default=0)
    for turn in range(turns):
        for area in areas:
            if turn < len(area.cities) and len(member_cities) < members_needed:
                member_cities.append(governments[area.cities[turn].pk])
    registry.memberships_bulk_create(
        association=association,
        organisations=member_cities[:members_needed],
        joined_on=datetime.date(2005, 1, 1),
        is_illustrative=True,
    )

    programme = partnerships.funding_programme_get_or_create(EEA_FUNDING, name_en=EEA_FUNDING_EN)
    value_needed = targets["projects_value_pln"] - now["projects_value_pln"]
    share = (value_needed / count).quantize(Decimal("0.01"))
    members = []
    people_homes = []  # the organisations whose people come to the events, area by area
    for index, area in enumerate(areas):
        formed = datetime.date(2013, 1, 15) + datetime.timedelta(days=9 * index)
        partnership = partnerships.partnership_create(
            name=f"Przykład: obszar funkcjonalny nr {area.number}",
            name_en=f"Example: functional area no. {area.number}",
            slug=slug(f"{SLUG_PREFIX}{area.number:02d}"),
            area_kind="urban_functional",
            formed_on=formed,
            status="concluded",
            description=NOTE,
            description_en=NOTE_EN,
            is_illustrative=True,
        )
        partnerships.member_add(
            partnership=partnership,
            organisation=governments[area.leader.pk],
            role=MemberRole.LEADER,
            joined_on=formed,
        )
        total = share if index < count - 1 else value_needed - share * (count - 1)
        grant = (total * Decimal("0.85")).quantize(Decimal("0.01"))
        partnerships.project_save(
            partnership=partnership,
            title=f"Przykład: dokumenty strategiczne obszaru funkcjonalnego nr {area.number}",
            title_en=f"Example: strategy documents for functional area no. {area.number}",
            funding_programme=programme,
            total_value=total,
            grant=grant,
            own_contribution=total - grant,
            starts_on=formed,
            ends_on=datetime.date(2016, 4, 30),
            status="completed",
        )
        area_members = [
            *(governments[unit.pk] for unit in [*area.cities, *area.others]),
            *organisations_of[area.number],
        ]
        members += [
            PartnershipMember(
                partnership=partnership,
                organisation=organisation,
                role=MemberRole.MEMBER,
                joined_on=formed,
            )
            for organisation in area_members
        ]
        people_homes.append([governments[area.leader.pk], *area_members])
    partnerships.members_bulk_add(members=members)
    # People come from every area in turn, so that each event gathers several areas.
    homes = [
        area[turn]
        for turn in range(max(len(area) for area in people_homes))
        for area in people_homes
        if turn < len(area)
    ]
    _events_and_people(rng, homes, now, targets)
    return "added"


def _event(
    kind,
    title,
    title_en,
    day,
    *,
    days=1,
    city="",
    country="",
    series=None,
    number=None,
    real=None,
):
    """An event of one session; returns the session. real: (address name, description,
    English description) of an event the sources name; otherwise it is made up."""
    address, description, description_en = real or (
        f"przyklad-{kind}-{day:%Y%m%d}-{number or 0}".replace("_", "-"),
        EVENT_NOTE,
        EVENT_NOTE_EN,
    )
    event = activities.event_create(
        kind=kind,
        title=title,
        title_en=title_en,
        slug=address,
        description=description,
        description_en=description_en,
        starts_at=local_datetime(day, datetime.time(10)),
        ends_at=local_datetime(day + datetime.timedelta(days=days - 1), datetime.time(16)),
        venue_address="" if country else city,
        destination_city=city if country else "",
        destination_country=country,
        series=series,
        series_number=number,
        status=EventStatus.PUBLISHED,
        is_illustrative=real is None,
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
            f"Example: specialist training no. {n + 1}",
            start + datetime.timedelta(days=31 * n),
            city="Poznań",
        )
        for n in range(targets["trainings"] - now["trainings"])
    ]
    workshops = []
    cycles = 4
    sessions = targets["strategy_workshop_sessions"] - now["strategy_workshop_sessions"]
    for cycle in range(cycles):
        series = activities.series_create(
            title=f"Przykład: Warsztaty Zarządzania Strategicznego – cykl {cycle + 1}",
            title_en=f"Example: Strategic Management Workshops – cycle {cycle + 1}",
            slug=f"przyklad-wzs-cykl-{cycle + 1}",
            description=EVENT_NOTE,
            description_en=EVENT_NOTE_EN,
        )
        # The sessions dealt to the cycles as evenly as they go.
        for meeting in range(sessions // cycles + (cycle < sessions % cycles)):
            day = datetime.date(2013, 4, 8) + datetime.timedelta(days=cycle * 7 + meeting * 28)
            workshops.append(
                _event(
                    EventKind.STRATEGY_WORKSHOP,
                    "Przykład: Warsztaty Zarządzania Strategicznego, "
                    f"cykl {cycle + 1}, spotkanie {meeting + 1}",
                    f"Example: Strategic Management Workshops, cycle {cycle + 1}, "
                    f"meeting {meeting + 1}",
                    day,
                    city="Warszawa",
                    series=series,
                    number=meeting + 1,
                )
            )
    cuw = [
        _event(
            EventKind.CUW_WORKSHOP,
            f"Przykład: warsztat centrów usług wspólnych (CUW) nr {n + 1}",
            f"Example: shared service centre (CUW) workshop no. {n + 1}",
            datetime.date(2015, 3, 10) + datetime.timedelta(days=60 * n),
            city="Warszawa",
            number=n + 1,
        )
        for n in range(targets["cuw_workshops"] - now["cuw_workshops"])
    ]
    # Two conferences are facts of the reference programme: the congress at which the 2014
    # contest was decided (contest: 2014, tvtwoja.pl/?p=2229), and the closing conference
    # (programme: closing_conference). Their hours and who attended are not known: made up.
    conferences = [
        _event(
            EventKind.CONGRESS,
            "I Kongres Partnerstw Samorządowych",
            "1st Congress of Local Government Partnerships",
            datetime.date(2014, 6, 2),
            city="Poznań",
            real=(
                "i-kongres-partnerstw-samorzadowych-2014",
                "Na kongresie rozstrzygnięto konkurs „Samorządowy Lider Zarządzania – Razem dla "
                "Rozwoju” 2014 (źródło: tvtwoja.pl/?p=2229). Godziny i lista obecności w serwisie "
                "demonstracyjnym są zmyślone.",
                "The 2014 contest “Local Government Management Leader – Together for "
                "Development” was decided at the congress (source: tvtwoja.pl/?p=2229). The hours "
                "and the attendance list in this demo are made up.",
            ),
        ),
        _event(
            EventKind.CONFERENCE,
            "Konferencja podsumowująca projekt",
            "The project's closing conference",
            datetime.date(2016, 10, 18),
            city="Poznań",
            real=(
                "konferencja-podsumowujaca-projekt-2016",
                "Konferencja zamykająca projekt. Godziny i lista obecności w serwisie "
                "demonstracyjnym są zmyślone.",
                "The conference that closed the project. The hours and the attendance list in "
                "this demo are made up.",
            ),
        ),
    ]
    conferences += [
        _event(
            EventKind.CONFERENCE,
            f"Przykład: konferencja regionalna nr {n + 1}",
            f"Example: regional conference no. {n + 1}",
            datetime.date(2013, 9, 16) + datetime.timedelta(days=95 * n),
            city=CONFERENCE_CITIES[n % len(CONFERENCE_CITIES)],
            number=n + 1,
        )
        for n in range(targets["conferences"] - now["conferences"] - 2)
    ]
    visits = [
        _event(
            EventKind.STUDY_VISIT,
            f"Przykład: wizyta studyjna w Norwegii nr {n + 1}",
            f"Example: study visit to Norway no. {n + 1}",
            datetime.date(2014, 9, 1) + datetime.timedelta(days=120 * n),
            days=4,
            city="Oslo",
            country="NO",
            number=n + 1,
        )
        for n in range(targets["study_visits"] - now["study_visits"])
    ]

    # The people: the first `capacity` come to capacity building; the first 300 of them and the
    # rest come to conferences too. Everyone represents the organisation they work for, one of
    # the made-up partnerships' members; the conference-goers work for exactly as many
    # organisations as the figure of organisations at conferences needs.
    capacity = targets["capacity_building_participants"] - now["capacity_building_participants"]
    conference_only = targets["conference_participants"] - now["conference_participants"] - 300
    count = capacity + conference_only
    conference_people = [*range(300), *range(capacity, count)]
    represented = _spread(
        organisations, targets["conference_entities"] - now["conference_entities"]
    )
    home = [organisations[index % len(organisations)] for index in range(count)]
    for turn, index in enumerate(conference_people):
        home[index] = represented[turn % len(represented)]
    people = registry.people_bulk_create(
        people=[
            (
                "Uczestniczka" if n % 2 else "Uczestnik",
                f"{'Przykładowa' if n % 2 else 'Przykładowy'} {n:04d} (przykład)",
                f"{'uczestniczka' if n % 2 else 'uczestnik'}{n:04d}@example.org",
            )
            for n in range(1, count + 1)
        ],
        organisation_ids=[organisation.pk for organisation in home],
        is_illustrative=True,
    )

    def attended(session, index: int) -> Attendance:
        return Attendance(
            session=session,
            person=people[index],
            organisation=home[index],
            method=AttendanceMethod.IMPORT,
            is_illustrative=True,
        )

    rows = []
    capacity_sessions = trainings + workshops + cuw
    for index in range(capacity):
        # Everyone comes at least once; many come back.
        for session in {
            capacity_sessions[index % len(capacity_sessions)],
            rng.choice(capacity_sessions),
        }:
            rows.append(attended(session, index))
    for turn, index in enumerate(conference_people):
        rows.append(attended(conferences[turn % len(conferences)], index))
    visitors = targets["study_visit_participants"] - now["study_visit_participants"]
    for index in range(visitors):
        rows.append(attended(visits[index % len(visits)], index))
    activities.attendance_bulk_add(attendance=rows)
