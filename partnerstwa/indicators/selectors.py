"""Reads behind the public dashboard: the records each figure counts, figures over the years,
and figures by voivodeship and by kind of organisation."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Substr

from partnerstwa.activities.models import EventKind
from partnerstwa.contests.models import ContestEdition
from partnerstwa.indicators.computation import (
    CAPACITY_BUILDING,
    CONFERENCES,
    attendance_on,
    compute,
    events_on,
    member_cities_q,
    members_on,
    partnerships_on,
)
from partnerstwa.partnerships.models import MemberRole, Partnership, Project
from partnerstwa.registry.models import (
    CITY_TYPES,
    LOCAL_GOVERNMENT_KINDS,
    Organisation,
    OrganisationKind,
    TerritorialUnit,
)

EVENT_KINDS_OF = {
    "trainings": (EventKind.TRAINING,),
    "strategy_workshop_sessions": (EventKind.STRATEGY_WORKSHOP,),
    "cuw_workshops": (EventKind.CUW_WORKSHOP,),
    "conferences": CONFERENCES,
    "study_visits": (EventKind.STUDY_VISIT,),
    "capacity_building_participants": CAPACITY_BUILDING,
    "conference_participants": CONFERENCES,
    "study_visit_participants": (EventKind.STUDY_VISIT,),
}


def _organisations(day, association, code):
    organisations = Organisation.objects.filter(pk__in=members_on(day).values("organisation"))
    if code == "conference_entities":
        organisations = Organisation.objects.filter(
            pk__in=attendance_on(day, CONFERENCES).values("organisation")
        )
    elif code == "local_governments":
        organisations = organisations.filter(kind__in=LOCAL_GOVERNMENT_KINDS)
    elif code == "cities":
        organisations = organisations.filter(
            kind=OrganisationKind.GMINA, territorial_unit__unit_type__in=CITY_TYPES
        )
    elif code in ("member_cities", "member_cities_share"):
        organisations = organisations.filter(member_cities_q(association, day))
    return organisations.select_related("territorial_unit").order_by("name")


def records(code: str, day: datetime.date, association: str) -> tuple[str, object]:
    """What a figure counts, as (kind of list, rows); people are counted, never listed: for
    participants the list is of events with how many people were present."""
    if code == "partnerships":
        return "partnerships", partnerships_on(day).order_by("name")
    if code in ("partnerships_led_by_members", "partnerships_led_by_members_share"):
        led = members_on(day).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=day),
            role=MemberRole.LEADER,
            organisation__in=Organisation.objects.filter(member_cities_q(association, day)),
        )
        return "partnerships", Partnership.objects.filter(
            pk__in=led.values("partnership")
        ).order_by("name")
    if code == "projects_value_pln":
        projects = Project.objects.filter(partnership__in=partnerships_on(day))
        return "projects", projects.select_related("partnership").order_by(
            "partnership__name", "title"
        )
    if code in (
        "entities",
        "local_governments",
        "cities",
        "member_cities",
        "member_cities_share",
        "conference_entities",
    ):
        return "organisations", _organisations(day, association, code)
    if code == "contest_editions":
        return "editions", ContestEdition.objects.filter(decided_on__lte=day).order_by("decided_on")
    if code in EVENT_KINDS_OF:
        events = events_on(day, EVENT_KINDS_OF[code]).order_by("starts_at")
        if code.endswith("participants"):
            events = events.annotate(people=Count("sessions__attendances__person", distinct=True))
            return "participation", events
        return "events", events
    raise KeyError(code)


@dataclass
class YearFigures:
    year: int
    day: datetime.date
    values: dict


def over_the_years(
    first_year: int, day: datetime.date, association: str, *, known: dict | None = None
) -> list[YearFigures]:
    """Every indicator at the end of each year up to the day (the last one as of the day);
    `known` are the figures as of the day when the caller has them already."""
    years = []
    for year in range(first_year, day.year + 1):
        end = min(datetime.date(year, 12, 31), day)
        values = known if known is not None and end == day else compute(end, association)
        years.append(YearFigures(year=year, day=end, values=values))
    return years


def by_voivodeship(day: datetime.date) -> list[dict]:
    """Partnerships and member organisations by the voivodeship of the local governments."""
    members = members_on(day).filter(organisation__territorial_unit__isnull=False)
    rows = (
        members.annotate(voivodeship=Substr("organisation__territorial_unit__code", 1, 2))
        .values("voivodeship")
        .annotate(
            partnerships=Count("partnership", distinct=True),
            local_governments=Count("organisation", distinct=True),
        )
        .order_by()
    )
    counts = {row["voivodeship"]: row for row in rows}
    result = []
    for unit in TerritorialUnit.objects.voivodeships().in_force().order_by("name"):
        row = counts.get(unit.code, {})
        result.append(
            {
                "code": unit.code,
                "name": unit.display_name,
                "partnerships": row.get("partnerships", 0),
                "local_governments": row.get("local_governments", 0),
            }
        )
    return result


def by_kind(day: datetime.date) -> list[dict]:
    rows = (
        Organisation.objects.filter(pk__in=members_on(day).values("organisation"))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["kind"]: row["n"] for row in rows}
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in OrganisationKind.choices
    ]
