"""Reads behind the public dashboard: the records each figure counts, figures over the years,
and figures by voivodeship and by kind of organisation.

The figures (and the records a figure counts, page by page) are read from what indicators.snapshots
stored after the last change of the records they are computed from: computed once per change,
by the first request after it, never on every request."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Substr

from partnerstwa.activities.models import Attendance, Event, EventKind
from partnerstwa.contests.models import ContestEdition
from partnerstwa.indicators import snapshots
from partnerstwa.indicators.computation import (
    INDICATORS,
    attendance_on,
    events_on,
    indicator_of,
    members_on,
    partnerships_on,
    series,
)
from partnerstwa.indicators.models import IndicatorTarget
from partnerstwa.lib import freshness
from partnerstwa.lib.addresses import address_of
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish
from partnerstwa.lib.prepared import prepared
from partnerstwa.partnerships.models import Partnership, Project
from partnerstwa.registry import selectors as registry_selectors
from partnerstwa.registry.models import (
    AssociationMembership,
    Organisation,
    OrganisationKind,
)

# How each kind of records page orders its rows and what it reads beside them.
ORDER = {
    "partnerships": (polish("name"),),
    "organisations": (polish("name"),),
    "projects": (polish("partnership__name"), polish("title")),
    "events": ("starts_at",),
    "participation": ("starts_at",),
    "editions": ("decided_on",),
}
RELATED = {"organisations": ("territorial_unit",), "projects": ("partnership",)}
MODELS = {
    "partnerships": Partnership,
    "organisations": Organisation,
    "projects": Project,
    "events": Event,
    "participation": Event,
    "editions": ContestEdition,
}
# A records page lists this many rows a page (and says how many there are in all).
RECORDS_PAGE = 50


def default_day(today: datetime.date, programme=None) -> datetime.date:
    """The day the figures are shown as of when none is chosen: the programme's last day once
    it has ended (its results then stay as reported), today while it runs."""
    if programme is not None and programme.ends_on and programme.ends_on < today:
        return programme.ends_on
    return today


@freshness.kept("indicators")
def targets() -> dict[str, IndicatorTarget]:
    """What the programme promised for each indicator, by code (kept between changes of
    indicators; callers only read it)."""
    return {target.code: target for target in IndicatorTarget.objects.all()}


def _as_bool(condition) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _marked(code: str, kind: str, day: datetime.date, association: str, kinds):
    """When a row of the records page is to carry the illustrative mark: the record is made up,
    or it counts only through made-up records (a real city counted through a made-up
    partnership membership or association membership, an event with made-up attendance)."""
    if kind == "partnerships":
        return _as_bool(Q(is_illustrative=True))
    if kind == "projects":
        return _as_bool(Q(partnership__is_illustrative=True))
    if kind in ("events", "editions"):
        return _as_bool(Q(is_illustrative=True))
    if kind == "participation":
        made_up = Attendance.objects.filter(session__event=OuterRef("pk")).filter(
            Q(is_illustrative=True) | Q(person__is_illustrative=True)
        )
        return _as_bool(Q(is_illustrative=True) | Q(Exists(made_up)))
    # Organisations: made up themselves, or without one real record that makes them count.
    if code == "conference_entities":
        real = attendance_on(day, kinds).filter(
            organisation=OuterRef("pk"),
            is_illustrative=False,
            session__event__is_illustrative=False,
        )
        return _as_bool(Q(is_illustrative=True) | ~Q(Exists(real)))
    real = members_on(day).filter(organisation=OuterRef("pk"), partnership__is_illustrative=False)
    condition = Q(is_illustrative=True) | ~Q(Exists(real))
    if code in ("member_cities", "member_cities_share"):
        real_membership = AssociationMembership.objects.in_force_on(day).filter(
            organisation=OuterRef("pk"), association__code=association, is_illustrative=False
        )
        condition |= ~Q(Exists(real_membership))
    return _as_bool(condition)


def records(code: str, day: datetime.date, association: str) -> tuple[str, object]:
    """What a figure counts, as (kind of list, rows); people are counted, never listed: for
    participants the list is of events with how many people were present. Each row says in
    `marked` whether it is made up or counts only through made-up records."""
    indicator = indicator_of(code)
    rows = indicator.records(day, association, indicator.event_kinds)
    kind = indicator.record_kind
    marked = _marked(code, kind, day, association, indicator.event_kinds)
    return kind, (
        rows.select_related(*RELATED.get(kind, ())).annotate(marked=marked).order_by(*ORDER[kind])
    )


def _translated(name: str) -> tuple[str, ...]:
    return (name, f"{name}_pl", f"{name}_en")


# What a row of the kinds read alone shows of its record (its text in each language, for the
# fallback's lang attribute): a records page reads no other column of them. The kinds read
# with a related record (RELATED) read both whole.
SHOWN = {
    "partnerships": ("pk", "slug", "is_illustrative", "formed_on", *_translated("name")),
    "events": ("pk", "slug", "is_illustrative", "starts_at", *_translated("title")),
    "participation": ("pk", "slug", "is_illustrative", "starts_at", *_translated("title")),
    "editions": ("pk", "slug", "is_illustrative", "decided_on", *_translated("name")),
}


def _records_of_keys(model, related, shown):
    def read(keys):
        rows = model.objects.filter(OneOf(F("pk"), keys)).select_related(*related).order_by()
        return rows.only(*shown) if shown else rows

    return prepared(keys=list[int])(read)


# Where each kind's row links to: the route and the value its address takes.
LINKS = {
    "partnerships": ("partnerships:detail", lambda row: row.slug),
    "organisations": (
        "registry:unit_detail",
        lambda row: row.territorial_unit.code if row.territorial_unit else None,
    ),
    "projects": ("partnerships:detail", lambda row: row.partnership.slug),
    "events": ("activities:detail", lambda row: row.slug),
    "participation": ("activities:detail", lambda row: row.slug),
    "editions": ("contests:edition", lambda row: row.slug),
}


# The rows of a stored records page, read by key (prepared reads, lib.prepared).
_RECORDS_OF_KEYS = {
    kind: _records_of_keys(model, RELATED.get(kind, ()), SHOWN.get(kind, ()))
    for kind, model in MODELS.items()
}


def records_shown(
    code: str, day: datetime.date, association: str, *, page: int = 1
) -> tuple[str, list, int]:
    """One page of records() (RECORDS_PAGE rows, each with `marked`, and `people` for
    participation; a page past the last gives the last) and how many there are in all, as
    stored after the last change: the page reads its rows by primary key instead of filtering,
    marking and sorting every record again, and costs the same however many there are."""
    kind = indicator_of(code).record_kind
    name = f"records {code} {day.isoformat()} {association}"
    total = snapshots.stored(f"{name} total", lambda: records(code, day, association)[1].count())
    page = min(max(page, 1), max(math.ceil(total / RECORDS_PAGE), 1))
    data = snapshots.stored(
        f"{name} page {page}", lambda: _records_as_stored(code, day, association, page)
    )
    found = {row.pk: row for row in _RECORDS_OF_KEYS[kind](keys=[row[0] for row in data])}
    rows = []
    route, key = LINKS[kind]
    address = address_of(route)
    for pk, marked, *people in data:
        row = found.get(pk)
        if row is None:  # deleted since the list was stored (a moment ago)
            continue
        linked = key(row)
        row.url = address(linked) if linked else None
        row.marked = marked
        if people:
            row.people = people[0]
        rows.append(row)
    return kind, rows, total


def _records_as_stored(code: str, day: datetime.date, association: str, page: int) -> list:
    kind, rows = records(code, day, association)
    fields = ("pk", "marked", "people") if kind == "participation" else ("pk", "marked")
    start = (page - 1) * RECORDS_PAGE
    return [
        [pk, bool(marked), *rest]
        for pk, marked, *rest in rows.values_list(*fields)[start : start + RECORDS_PAGE]
    ]


def illustrative_by_indicator(day: datetime.date, association: str) -> dict[str, bool]:
    """For each indicator, whether a made-up record counts in it (a row of its records is
    marked), as stored after the last change."""
    return snapshots.stored(
        f"illustrative {day.isoformat()} {association}",
        lambda: {
            indicator.code: records(indicator.code, day, association)[1]
            .filter(marked=True)
            .exists()
            for indicator in INDICATORS
        },
    )


def includes_illustrative(day: datetime.date, association: str) -> bool:
    """Whether any made-up record counts in the figures as of the day: a partnership, a
    membership, an organisation, an event, attendance, a person or a contest edition (as
    stored after the last change)."""
    return snapshots.stored(
        f"includes_illustrative {day.isoformat()} {association}",
        lambda: _includes_illustrative(day, association),
    )


def _includes_illustrative(day: datetime.date, association: str) -> bool:
    events = events_on(day, list(EventKind.values))
    checks = [
        partnerships_on(day).filter(is_illustrative=True),
        members_on(day).filter(organisation__is_illustrative=True),
        AssociationMembership.objects.in_force_on(day).filter(
            association__code=association, is_illustrative=True
        ),
        events.filter(is_illustrative=True),
        Attendance.objects.filter(session__event__in=events).filter(
            Q(is_illustrative=True) | Q(person__is_illustrative=True)
        ),
        ContestEdition.objects.filter(decided_on__lte=day, is_illustrative=True),
    ]
    return any(check.exists() for check in checks)


@dataclass
class YearFigures:
    year: int
    day: datetime.date
    values: dict


def over_the_years(first_year: int, day: datetime.date, association: str) -> list[YearFigures]:
    """The indicators drawn over the years at the end of each year up to the day (the last one
    as of the day), all years in the same few queries; each year once, and none after the
    last one whose figures changed."""
    days = [min(datetime.date(year, 12, 31), day) for year in range(first_year, day.year + 1)]
    figures = snapshots.stored(
        f"series {first_year} {day.isoformat()} {association}",
        lambda: series(days, association),
    )
    years = [
        YearFigures(
            year=end.year, day=end, values={code: values[i] for code, values in figures.items()}
        )
        for i, end in enumerate(days)
    ]
    # Years after the last change repeat the same figures (a programme that has ended, a day
    # chosen long after it): the chart stops at the last year that changed something.
    while len(years) > 1 and years[-1].values == years[-2].values:
        years.pop()
    return years


def by_voivodeship(day: datetime.date) -> list[dict]:
    """Partnerships and member organisations by the voivodeship of the local governments (as
    stored after the last change)."""
    return snapshots.stored(f"voivodeships {day.isoformat()}", lambda: _by_voivodeship(day))


def _by_voivodeship(day: datetime.date) -> list[dict]:
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
    for code, name in registry_selectors.voivodeships():
        row = counts.get(code, {})
        result.append(
            {
                "code": code,
                "name": name,
                "partnerships": row.get("partnerships", 0),
                "local_governments": row.get("local_governments", 0),
            }
        )
    return result


def by_kind(day: datetime.date) -> list[dict]:
    """Member organisations by kind (as stored after the last change)."""
    counts = snapshots.stored(f"kinds {day.isoformat()}", lambda: _by_kind(day))
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in OrganisationKind.choices
    ]


def _by_kind(day: datetime.date) -> dict[str, int]:
    rows = (
        Organisation.objects.filter(pk__in=members_on(day).values("organisation"))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["n"] for row in rows}
