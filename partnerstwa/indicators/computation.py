"""The programme's results computed from its records as of a date, each in SQL, and the one
registry of indicators (INDICATORS) that the dashboard, the records pages, the open data, the
donor report and the chart over the years all read.

Evaluated as of a day D: partnerships formed on or before D (a partnership whose formation date
is unknown counts); members whose joined_on is empty or on or before D (the leader: the one
leading on D); association memberships in force on D; events starting on or before D that were
not cancelled; contest editions decided on or before D. A person is one person across attendance
rows when the e-mail matches (case and surrounding spaces ignored), otherwise when first name,
last name and the organisation they represented match.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import CharField, Count, DateField, F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Lower, NullIf, Trim
from django.utils.translation import gettext_lazy as _

from partnerstwa.activities.models import Attendance, Event, EventKind, EventStatus
from partnerstwa.contests.models import ContestEdition
from partnerstwa.indicators import snapshots
from partnerstwa.lib.dates import local_datetime
from partnerstwa.partnerships.models import MemberRole, Partnership, PartnershipMember, Project
from partnerstwa.registry.models import (
    CITY_TYPES,
    LOCAL_GOVERNMENT_KINDS,
    Organisation,
    OrganisationKind,
    Person,
    membership_in_force,
)

CAPACITY_BUILDING = (EventKind.TRAINING, EventKind.STRATEGY_WORKSHOP, EventKind.CUW_WORKSHOP)
CONFERENCES = (EventKind.CONFERENCE, EventKind.CONGRESS)
LOCAL_GOVERNMENTS = Q(kind__in=LOCAL_GOVERNMENT_KINDS)
CITIES = Q(kind=OrganisationKind.GMINA, territorial_unit__unit_type__in=CITY_TYPES)


# What is counted as of a day: the figures aggregate these, the records pages list them.


def partnerships_on(day: datetime.date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(formed_on__isnull=True) | Q(formed_on__lte=day))


def members_on(day: datetime.date) -> QuerySet[PartnershipMember]:
    return PartnershipMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=day), partnership__in=partnerships_on(day)
    )


def member_cities_q(association_code: str, day: datetime.date) -> Q:
    """Organisations that are cities and members of the association on the day (as a filter)."""
    return CITIES & Q(membership_in_force(association_code, day))


def leaders_from_member_cities(day: datetime.date, association: str) -> QuerySet:
    """The members leading a partnership on the day that are member cities. Plain joins and one
    EXISTS: nested IN subqueries let PostgreSQL pick a plan that ran for minutes on fresh data."""
    return (
        members_on(day)
        .filter(role=MemberRole.LEADER)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .filter(
            organisation__kind=OrganisationKind.GMINA,
            organisation__territorial_unit__unit_type__in=CITY_TYPES,
        )
        .filter(membership_in_force(association, day, organisation="organisation_id"))
    )


def events_on(day: datetime.date, kinds) -> QuerySet[Event]:
    return Event.objects.filter(
        kind__in=kinds, starts_at__lte=local_datetime(day, datetime.time.max)
    ).exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])


def attendance_on(day: datetime.date, kinds) -> QuerySet[Attendance]:
    return Attendance.objects.filter(session__event__in=events_on(day, kinds))


def member_organisations(day: datetime.date) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=members_on(day).values("organisation"))


# The records behind each figure, as (day, association, the indicator's event kinds) -> rows.
RecordsOf = Callable[[datetime.date, str, tuple], QuerySet]


def partnerships_listed(day, association, kinds) -> QuerySet[Partnership]:
    return partnerships_on(day)


def partnerships_led_by_members_listed(day, association, kinds) -> QuerySet[Partnership]:
    leaders = leaders_from_member_cities(day, association)
    return Partnership.objects.filter(pk__in=leaders.values("partnership"))


def projects_listed(day, association, kinds) -> QuerySet[Project]:
    return Project.objects.filter(partnership__in=partnerships_on(day))


def organisations_listed(where: Callable[[datetime.date, str], Q]) -> RecordsOf:
    return lambda day, association, kinds: member_organisations(day).filter(where(day, association))


def organisations_present_listed(day, association, kinds) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=attendance_on(day, kinds).values("organisation"))


def events_listed(day, association, kinds) -> QuerySet[Event]:
    return events_on(day, kinds)


def participation_listed(day, association, kinds) -> QuerySet[Event]:
    # How many people were present at each event; the people themselves are never listed.
    return events_on(day, kinds).annotate(
        people=Count("sessions__attendances__person", distinct=True)
    )


def editions_listed(day, association, kinds) -> QuerySet[ContestEdition]:
    return ContestEdition.objects.filter(decided_on__lte=day)


# The figures over the years: one query for every day at once, a conditional aggregate per day
# over the day each record starts counting from.
SeriesOf = Callable[[Sequence[datetime.date], str, tuple], list]
EARLIEST = Value(datetime.date.min, output_field=DateField())


def _per_day(rows: QuerySet, days: Sequence[datetime.date], count) -> list:
    """count(day) is the aggregate of the rows as of the day; one query for all the days."""
    totals = rows.aggregate(**{f"day_{i}": count(day) for i, day in enumerate(days)})
    return [totals[f"day_{i}"] for i in range(len(days))]


def partnerships_series(days, association, kinds) -> list[int]:
    return _per_day(
        Partnership.objects.all(),
        days,
        lambda day: Count("pk", filter=Q(formed_on__isnull=True) | Q(formed_on__lte=day)),
    )


def entities_series(days, association, kinds) -> list[int]:
    # An organisation counts from the first day it is a member of a formed partnership.
    since = (
        PartnershipMember.objects.values("organisation")
        .annotate(
            since=Min(
                Greatest(
                    Coalesce("joined_on", EARLIEST), Coalesce("partnership__formed_on", EARLIEST)
                )
            )
        )
        .order_by()
    )
    return _per_day(since, days, lambda day: Count("organisation", filter=Q(since__lte=day)))


def people_series(days, association, kinds) -> list[int]:
    # A person counts from the start of the first event they attended (as the key says who
    # they are); the key depends only on the person and the organisation, so grouping by the
    # pair and the key together keeps one row per pair.
    since = (
        attendance_on(max(days), kinds)
        .values("person", "organisation")
        .annotate(since=Min("session__event__starts_at"), key=_person_key())
        .order_by()
    )
    return _per_day(
        since,
        days,
        lambda day: Count(
            "key", distinct=True, filter=Q(since__lte=local_datetime(day, datetime.time.max))
        ),
    )


@dataclass(frozen=True)
class Indicator:
    """One indicator, declared once: everything that shows, lists, reports or charts it reads
    this declaration."""

    code: str
    group: str  # a key of GROUPS
    name: str
    definition: str
    unit: str  # "count", "share" or "pln"
    record_kind: str  # what its records page lists: partnerships, organisations, projects,
    # events, participation (events with how many people were present) or editions
    records: RecordsOf
    event_kinds: tuple[str, ...] = ()  # the events it counts, or whose attendance it counts
    series: SeriesOf | None = None  # set: drawn on the dashboard's chart over the years


GROUPS = {
    "partnerships": _("Partnerships"),
    "capacity": _("Capacity building"),
    "conferences": _("Conferences"),
    "other": _("Contest and study visits"),
}

_member_cities = organisations_listed(lambda day, association: member_cities_q(association, day))

INDICATORS = [
    Indicator(
        "partnerships",
        "partnerships",
        _("Partnerships"),
        _("Partnerships formed on or before the date."),
        "count",
        "partnerships",
        partnerships_listed,
        series=partnerships_series,
    ),
    Indicator(
        "entities",
        "partnerships",
        _("Entities in partnerships"),
        _("Distinct organisations that are members of those partnerships on the date."),
        "count",
        "organisations",
        organisations_listed(lambda day, association: Q()),
        series=entities_series,
    ),
    Indicator(
        "local_governments",
        "partnerships",
        _("Local governments in partnerships"),
        _("Of those organisations, gminas, powiats and voivodeships."),
        "count",
        "organisations",
        organisations_listed(lambda day, association: LOCAL_GOVERNMENTS),
    ),
    Indicator(
        "cities",
        "partnerships",
        _("Cities in partnerships"),
        _(
            "Of those local governments, urban and urban-rural gminas "
            "(cities with powiat rights included)."
        ),
        "count",
        "organisations",
        organisations_listed(lambda day, association: CITIES),
    ),
    Indicator(
        "member_cities",
        "partnerships",
        _("Member cities"),
        _("Of those cities, members of the programme's association on the date."),
        "count",
        "organisations",
        _member_cities,
    ),
    Indicator(
        "member_cities_share",
        "partnerships",
        _("Share of member cities"),
        _("Member cities divided by cities in partnerships."),
        "share",
        "organisations",
        _member_cities,
    ),
    Indicator(
        "partnerships_led_by_members",
        "partnerships",
        _("Partnerships led by member cities"),
        _("Partnerships whose leader on the date is a member city."),
        "count",
        "partnerships",
        partnerships_led_by_members_listed,
    ),
    Indicator(
        "partnerships_led_by_members_share",
        "partnerships",
        _("Share of partnerships led by member cities"),
        _("Partnerships led by member cities divided by partnerships."),
        "share",
        "partnerships",
        partnerships_led_by_members_listed,
    ),
    Indicator(
        "projects_value_pln",
        "partnerships",
        _("Value of the partnerships' projects"),
        _("Total value of the projects of those partnerships, in PLN."),
        "pln",
        "projects",
        projects_listed,
    ),
    Indicator(
        "trainings",
        "capacity",
        _("Trainings"),
        _("Trainings that started on or before the date."),
        "count",
        "events",
        events_listed,
        event_kinds=(EventKind.TRAINING,),
    ),
    Indicator(
        "strategy_workshop_sessions",
        "capacity",
        _("Strategic management workshop sessions"),
        _("Meetings of the strategic management workshops that started on or before the date."),
        "count",
        "events",
        events_listed,
        event_kinds=(EventKind.STRATEGY_WORKSHOP,),
    ),
    Indicator(
        "cuw_workshops",
        "capacity",
        _("Shared service centre workshops"),
        _("CUW workshops that started on or before the date."),
        "count",
        "events",
        events_listed,
        event_kinds=(EventKind.CUW_WORKSHOP,),
    ),
    Indicator(
        "capacity_building_participants",
        "capacity",
        _("Capacity-building participants"),
        _("Distinct people present at trainings, strategic workshops and CUW workshops."),
        "count",
        "participation",
        participation_listed,
        event_kinds=CAPACITY_BUILDING,
        series=people_series,
    ),
    Indicator(
        "conferences",
        "conferences",
        _("Conferences"),
        _("Conferences and congresses that started on or before the date."),
        "count",
        "events",
        events_listed,
        event_kinds=CONFERENCES,
    ),
    Indicator(
        "conference_participants",
        "conferences",
        _("Conference participants"),
        _("Distinct people present at those conferences."),
        "count",
        "participation",
        participation_listed,
        event_kinds=CONFERENCES,
        series=people_series,
    ),
    Indicator(
        "conference_entities",
        "conferences",
        _("Organisations at conferences"),
        _("Distinct organisations the conference participants represented."),
        "count",
        "organisations",
        organisations_present_listed,
        event_kinds=CONFERENCES,
    ),
    Indicator(
        "contest_editions",
        "other",
        _("Contest editions"),
        _("Editions of the contest decided on or before the date."),
        "count",
        "editions",
        editions_listed,
    ),
    Indicator(
        "study_visits",
        "other",
        _("Study visits"),
        _("Study visits that started on or before the date."),
        "count",
        "events",
        events_listed,
        event_kinds=(EventKind.STUDY_VISIT,),
    ),
    Indicator(
        "study_visit_participants",
        "other",
        _("Study visit participants"),
        _("Distinct people present on those study visits."),
        "count",
        "participation",
        participation_listed,
        event_kinds=(EventKind.STUDY_VISIT,),
    ),
]
CODES = [indicator.code for indicator in INDICATORS]


def indicator_of(code: str) -> Indicator:
    """The declaration of the indicator with the code (KeyError when there is none)."""
    for indicator in INDICATORS:
        if indicator.code == code:
            return indicator
    raise KeyError(code)


def _person_key():
    """The identity of a person across attendance rows, as an SQL expression."""
    email = NullIf(Lower(Trim(F("person__email"))), Value(""))
    by_name = Concat(
        Lower(Trim(F("person__first_name"))),
        Value("|"),
        Lower(Trim(F("person__last_name"))),
        Value("|"),
        Coalesce(Cast("organisation_id", CharField()), Value("")),
        output_field=CharField(),
    )
    return Coalesce(email, by_name, output_field=CharField())


# The person's key (_person_key()) written for the pairs' query below, as both databases read it.
PERSON_KEY_SQL = (
    "COALESCE(NULLIF(LOWER(TRIM(person.email)), ''), "
    "LOWER(TRIM(person.first_name)) || '|' || LOWER(TRIM(person.last_name)) || '|' "
    "|| COALESCE(CAST(pair.organisation_id AS TEXT), ''))"
)


def _distinct_people(day: datetime.date, kinds) -> int:
    """The people present, one per _person_key(). The key depends only on the person and the
    organisation, so it is built for the distinct (person, organisation) pairs of the
    attendance rows (integers, cheap to compare) rather than for every row: the ORM cannot
    join a query's rows in FROM, so the pairs' query is the ORM's and the count around it is
    written out (PostgreSQL ran the ORM's semi-join through the rows' primary keys at 2.5x)."""
    pairs = attendance_on(day, kinds).values("person_id", "organisation_id").distinct().order_by()
    sql, params = pairs.query.sql_with_params()
    person = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT {PERSON_KEY_SQL}) FROM ({sql}) pair "
            f"JOIN {person} person ON person.id = pair.person_id",
            params,
        )
        return cursor.fetchone()[0]


def _share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.000")
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def compute(day: datetime.date, association_code: str) -> dict[str, object]:
    """Every indicator as of the day: counts as int, shares as Decimal (3 places), money as
    Decimal (2 places). Read from the figures stored after the last change of the records
    they are computed from; computed (calculate()) and stored by the first call after it."""
    stored = snapshots.stored(
        f"figures {day.isoformat()} {association_code}",
        lambda: _as_stored(calculate(day, association_code)),
    )
    return _from_stored(stored)


def _as_stored(values: dict[str, object]) -> dict[str, object]:
    # Decimals as their exact text: JSON numbers would lose the grosze of a large sum.
    return {code: value if isinstance(value, int) else str(value) for code, value in values.items()}


def _from_stored(stored: dict[str, object]) -> dict[str, object]:
    return {
        indicator.code: (
            int(stored[indicator.code])
            if indicator.unit == "count"
            else Decimal(stored[indicator.code])
        )
        for indicator in INDICATORS
    }


def calculate(day: datetime.date, association_code: str) -> dict[str, object]:
    """compute() from the records themselves, every time (what is stored, and what the
    benchmark times)."""
    counts = member_organisations(day).aggregate(
        entities=Count("pk"),
        local_governments=Count("pk", filter=LOCAL_GOVERNMENTS),
        cities=Count("pk", filter=CITIES),
        member_cities=Count("pk", filter=member_cities_q(association_code, day)),
    )
    partnerships = partnerships_on(day).count()
    led_by_members = leaders_from_member_cities(day, association_code).aggregate(
        n=Count("partnership", distinct=True)
    )["n"]
    value = projects_listed(day, association_code, ()).aggregate(total=Sum("total_value"))[
        "total"
    ] or Decimal("0")
    events = (
        events_on(day, list(EventKind.values)).values("kind").annotate(n=Count("pk")).order_by()
    )
    by_kind = {row["kind"]: row["n"] for row in events}
    conference_entities = (
        attendance_on(day, indicator_of("conference_entities").event_kinds)
        .filter(organisation__isnull=False)
        .aggregate(n=Count("organisation", distinct=True))["n"]
    )
    contest_editions = editions_listed(day, association_code, ()).count()
    values = {
        "partnerships": partnerships,
        "entities": counts["entities"],
        "local_governments": counts["local_governments"],
        "cities": counts["cities"],
        "member_cities": counts["member_cities"],
        "member_cities_share": _share(counts["member_cities"], counts["cities"]),
        "partnerships_led_by_members": led_by_members,
        "partnerships_led_by_members_share": _share(led_by_members, partnerships),
        "projects_value_pln": Decimal(value).quantize(Decimal("0.01")),
        "conference_entities": conference_entities,
        "contest_editions": contest_editions,
    }
    # Events are counted, and their participants, by the kinds each indicator declares.
    for indicator in INDICATORS:
        if indicator.record_kind == "events":
            values[indicator.code] = sum(by_kind.get(kind, 0) for kind in indicator.event_kinds)
    for indicator in INDICATORS:
        if indicator.record_kind == "participation":
            values[indicator.code] = _distinct_people(day, indicator.event_kinds)
    return {indicator.code: values[indicator.code] for indicator in INDICATORS}


def series(days: Sequence[datetime.date], association_code: str) -> dict[str, list]:
    """The indicators drawn over the years, each as its values on the days (in their order):
    a fixed number of queries however many days."""
    if not days:
        return {indicator.code: [] for indicator in INDICATORS if indicator.series}
    return {
        indicator.code: indicator.series(days, association_code, indicator.event_kinds)
        for indicator in INDICATORS
        if indicator.series
    }


def as_json(values: dict[str, object], day: datetime.date) -> dict[str, object]:
    """Counts as integers, shares as fractions rounded to three decimals, money as a string."""
    report: dict[str, object] = {"as_of": day.isoformat()}
    for indicator in INDICATORS:
        value = values[indicator.code]
        if indicator.unit == "share":
            report[indicator.code] = float(value)
        elif indicator.unit == "pln":
            report[indicator.code] = f"{value:.2f}"
        else:
            report[indicator.code] = int(value)
    return report
