"""Reads behind the public dashboard: the records each figure counts, figures over the years,
and figures by voivodeship and by kind of organisation."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Substr

from partnerstwa.indicators.computation import indicator_of, members_on, series
from partnerstwa.registry.models import Organisation, OrganisationKind, TerritorialUnit

# How each kind of records page orders its rows and what it reads beside them.
ORDER = {
    "partnerships": ("name",),
    "organisations": ("name",),
    "projects": ("partnership__name", "title"),
    "events": ("starts_at",),
    "participation": ("starts_at",),
    "editions": ("decided_on",),
}
RELATED = {"organisations": ("territorial_unit",), "projects": ("partnership",)}


def records(code: str, day: datetime.date, association: str) -> tuple[str, object]:
    """What a figure counts, as (kind of list, rows); people are counted, never listed: for
    participants the list is of events with how many people were present."""
    indicator = indicator_of(code)
    rows = indicator.records(day, association, indicator.event_kinds)
    kind = indicator.record_kind
    return kind, rows.select_related(*RELATED.get(kind, ())).order_by(*ORDER[kind])


@dataclass
class YearFigures:
    year: int
    day: datetime.date
    values: dict


def over_the_years(first_year: int, day: datetime.date, association: str) -> list[YearFigures]:
    """The indicators drawn over the years at the end of each year up to the day (the last one
    as of the day), all years in the same few queries."""
    days = [min(datetime.date(year, 12, 31), day) for year in range(first_year, day.year + 1)]
    figures = series(days, association)
    return [
        YearFigures(
            year=end.year, day=end, values={code: values[i] for code, values in figures.items()}
        )
        for i, end in enumerate(days)
    ]


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
