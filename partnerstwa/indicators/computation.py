"""The programme's results computed from its records as of a date, each in SQL.

Evaluated as of a day D: partnerships formed on or before D (a partnership whose formation date
is unknown counts); members whose joined_on is empty or on or before D (the leader: the one
leading on D); association memberships in force on D; events starting on or before D that were
not cancelled; contest editions decided on or before D. A person is one person across attendance
rows when the e-mail matches (case and surrounding spaces ignored), otherwise when first name,
last name and the organisation they represented match.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, Count, F, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Lower, NullIf, Trim
from django.utils.translation import gettext_lazy as _

from partnerstwa.activities.models import Attendance, Event, EventKind, EventStatus
from partnerstwa.contests.models import ContestEdition
from partnerstwa.lib.dates import local_datetime
from partnerstwa.partnerships.models import MemberRole, Partnership, PartnershipMember, Project
from partnerstwa.registry.models import (
    CITY_TYPES,
    LOCAL_GOVERNMENT_KINDS,
    Organisation,
    OrganisationKind,
)

CAPACITY_BUILDING = (EventKind.TRAINING, EventKind.STRATEGY_WORKSHOP, EventKind.CUW_WORKSHOP)
CONFERENCES = (EventKind.CONFERENCE, EventKind.CONGRESS)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    definition: str
    unit: str  # "count", "share" or "pln"

    @property
    def group(self) -> str:
        return GROUP_OF[self.code]


GROUPS = {
    "partnerships": _("Partnerships"),
    "capacity": _("Capacity building"),
    "conferences": _("Conferences"),
    "other": _("Contest and study visits"),
}
GROUP_OF = {
    **dict.fromkeys(
        [
            "partnerships",
            "entities",
            "local_governments",
            "cities",
            "member_cities",
            "member_cities_share",
            "partnerships_led_by_members",
            "partnerships_led_by_members_share",
            "projects_value_pln",
        ],
        "partnerships",
    ),
    **dict.fromkeys(
        [
            "trainings",
            "strategy_workshop_sessions",
            "cuw_workshops",
            "capacity_building_participants",
        ],
        "capacity",
    ),
    **dict.fromkeys(
        ["conferences", "conference_participants", "conference_entities"], "conferences"
    ),
    **dict.fromkeys(["contest_editions", "study_visits", "study_visit_participants"], "other"),
}


INDICATORS = [
    Indicator(
        "partnerships", _("Partnerships"), _("Partnerships formed on or before the date."), "count"
    ),
    Indicator(
        "entities",
        _("Entities in partnerships"),
        _("Distinct organisations that are members of those partnerships on the date."),
        "count",
    ),
    Indicator(
        "local_governments",
        _("Local governments in partnerships"),
        _("Of those organisations, gminas, powiats and voivodeships."),
        "count",
    ),
    Indicator(
        "cities",
        _("Cities in partnerships"),
        _(
            "Of those local governments, urban and urban-rural gminas "
            "(cities with powiat rights included)."
        ),
        "count",
    ),
    Indicator(
        "member_cities",
        _("Member cities"),
        _("Of those cities, members of the programme's association on the date."),
        "count",
    ),
    Indicator(
        "member_cities_share",
        _("Share of member cities"),
        _("Member cities divided by cities in partnerships."),
        "share",
    ),
    Indicator(
        "partnerships_led_by_members",
        _("Partnerships led by member cities"),
        _("Partnerships whose leader on the date is a member city."),
        "count",
    ),
    Indicator(
        "partnerships_led_by_members_share",
        _("Share of partnerships led by member cities"),
        _("Partnerships led by member cities divided by partnerships."),
        "share",
    ),
    Indicator(
        "projects_value_pln",
        _("Value of the partnerships' projects"),
        _("Total value of the projects of those partnerships, in PLN."),
        "pln",
    ),
    Indicator(
        "trainings", _("Trainings"), _("Trainings that started on or before the date."), "count"
    ),
    Indicator(
        "strategy_workshop_sessions",
        _("Strategic management workshop sessions"),
        _("Meetings of the strategic management workshops that started on or before the date."),
        "count",
    ),
    Indicator(
        "cuw_workshops",
        _("Shared service centre workshops"),
        _("CUW workshops that started on or before the date."),
        "count",
    ),
    Indicator(
        "capacity_building_participants",
        _("Capacity-building participants"),
        _("Distinct people present at trainings, strategic workshops and CUW workshops."),
        "count",
    ),
    Indicator(
        "conferences",
        _("Conferences"),
        _("Conferences and congresses that started on or before the date."),
        "count",
    ),
    Indicator(
        "conference_participants",
        _("Conference participants"),
        _("Distinct people present at those conferences."),
        "count",
    ),
    Indicator(
        "conference_entities",
        _("Organisations at conferences"),
        _("Distinct organisations the conference participants represented."),
        "count",
    ),
    Indicator(
        "contest_editions",
        _("Contest editions"),
        _("Editions of the contest decided on or before the date."),
        "count",
    ),
    Indicator(
        "study_visits",
        _("Study visits"),
        _("Study visits that started on or before the date."),
        "count",
    ),
    Indicator(
        "study_visit_participants",
        _("Study visit participants"),
        _("Distinct people present on those study visits."),
        "count",
    ),
]
CODES = [indicator.code for indicator in INDICATORS]


def partnerships_on(day: datetime.date) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(formed_on__isnull=True) | Q(formed_on__lte=day))


def members_on(day: datetime.date) -> QuerySet[PartnershipMember]:
    return PartnershipMember.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=day), partnership__in=partnerships_on(day)
    )


def member_cities_q(association_code: str, day: datetime.date) -> Q:
    """Organisations that are cities and members of the association on the day (as a filter)."""
    return Q(
        kind=OrganisationKind.GMINA,
        territorial_unit__unit_type__in=CITY_TYPES,
        pk__in=Organisation.objects.members_of(association_code, day).values("pk"),
    )


def events_on(day: datetime.date, kinds) -> QuerySet[Event]:
    return Event.objects.filter(
        kind__in=kinds, starts_at__lte=local_datetime(day, datetime.time.max)
    ).exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])


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


def attendance_on(day: datetime.date, kinds) -> QuerySet[Attendance]:
    return Attendance.objects.filter(session__event__in=events_on(day, kinds))


def _distinct_people(day: datetime.date, kinds) -> int:
    # The key depends only on the person and the organisation, so it is built for one
    # attendance row per pair rather than for every row (people attend many sessions).
    one_row_per_pair = (
        attendance_on(day, kinds)
        .values("person", "organisation")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return (
        Attendance.objects.filter(pk__in=one_row_per_pair)
        .annotate(key=_person_key())
        .aggregate(n=Count("key", distinct=True))["n"]
    )


def _share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.000")
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def compute(day: datetime.date, association_code: str) -> dict[str, object]:
    """Every indicator as of the day: counts as int, shares as Decimal (3 places), money as
    Decimal (2 places)."""
    members = members_on(day)
    organisations = Organisation.objects.filter(pk__in=members.values("organisation"))
    counts = organisations.aggregate(
        entities=Count("pk"),
        local_governments=Count("pk", filter=Q(kind__in=LOCAL_GOVERNMENT_KINDS)),
        cities=Count(
            "pk", filter=Q(kind=OrganisationKind.GMINA, territorial_unit__unit_type__in=CITY_TYPES)
        ),
        member_cities=Count("pk", filter=member_cities_q(association_code, day)),
    )
    partnerships = partnerships_on(day).count()
    led_by_members = (
        members.filter(role=MemberRole.LEADER)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .filter(
            organisation__in=Organisation.objects.filter(member_cities_q(association_code, day))
        )
        .aggregate(n=Count("partnership", distinct=True))["n"]
    )
    value = Project.objects.filter(partnership__in=partnerships_on(day)).aggregate(
        total=Sum("total_value")
    )["total"] or Decimal("0")
    events = (
        events_on(day, list(EventKind.values)).values("kind").annotate(n=Count("pk")).order_by()
    )
    by_kind = {row["kind"]: row["n"] for row in events}
    conference_entities = (
        attendance_on(day, CONFERENCES)
        .filter(organisation__isnull=False)
        .aggregate(n=Count("organisation", distinct=True))["n"]
    )
    contest_editions = ContestEdition.objects.filter(decided_on__lte=day).count()
    return {
        "partnerships": partnerships,
        "entities": counts["entities"],
        "local_governments": counts["local_governments"],
        "cities": counts["cities"],
        "member_cities": counts["member_cities"],
        "member_cities_share": _share(counts["member_cities"], counts["cities"]),
        "partnerships_led_by_members": led_by_members,
        "partnerships_led_by_members_share": _share(led_by_members, partnerships),
        "projects_value_pln": Decimal(value).quantize(Decimal("0.01")),
        "trainings": by_kind.get(EventKind.TRAINING, 0),
        "strategy_workshop_sessions": by_kind.get(EventKind.STRATEGY_WORKSHOP, 0),
        "cuw_workshops": by_kind.get(EventKind.CUW_WORKSHOP, 0),
        "capacity_building_participants": _distinct_people(day, CAPACITY_BUILDING),
        "conferences": sum(by_kind.get(kind, 0) for kind in CONFERENCES),
        "conference_participants": _distinct_people(day, CONFERENCES),
        "conference_entities": conference_entities,
        "contest_editions": contest_editions,
        "study_visits": by_kind.get(EventKind.STUDY_VISIT, 0),
        "study_visit_participants": _distinct_people(day, (EventKind.STUDY_VISIT,)),
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
