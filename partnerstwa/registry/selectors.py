"""Reads from the registry."""

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from partnerstwa.lib.text import case_variants, fold
from partnerstwa.registry.models import (
    CITY_TYPES,
    LOCAL_GOVERNMENT_KINDS,
    Affiliation,
    Association,
    AssociationMembership,
    Organisation,
    OrganisationKind,
    Person,
    TerritorialUnit,
    TerytImport,
    UnitLevel,
)


def _organisations_with_memberships(on: datetime.date) -> Prefetch:
    memberships = AssociationMembership.objects.in_force_on(on).select_related("association")
    return Prefetch(
        "organisations",
        queryset=Organisation.objects.prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="current_memberships")
        ),
        to_attr="organisation_list",
    )


def unit_children(unit: TerritorialUnit | None, *, on: datetime.date) -> QuerySet[TerritorialUnit]:
    """Units directly below a unit (voivodeships when unit is None), in force, with their
    organisation and its current memberships; the voivodeships also with how many powiats
    each has (the index shows it)."""
    units = TerritorialUnit.objects.voivodeships() if unit is None else unit.children.all()
    units = units.in_force()
    if unit is None:
        units = units.annotate(
            child_count=Count(
                "children", filter=Q(children__retired_on__isnull=True), distinct=True
            )
        )
    return units.prefetch_related(_organisations_with_memberships(on)).order_by("code")


def unit_get(code: str) -> TerritorialUnit:
    """One unit with its ancestors, organisation and memberships (raises DoesNotExist)."""
    memberships = AssociationMembership.objects.select_related("association").order_by(
        "association__code", "-joined_on"
    )
    unit = (
        TerritorialUnit.objects.select_related("parent__parent__parent")
        .prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.prefetch_related(
                    Prefetch("memberships", queryset=memberships, to_attr="membership_list")
                ),
                to_attr="organisation_list",
            )
        )
        .get(code=code)
    )
    return unit


def unit_ancestors(unit: TerritorialUnit) -> list[TerritorialUnit]:
    ancestors = []
    parent = unit.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    return list(reversed(ancestors))


def unit_search(query: str, *, on: datetime.date) -> QuerySet[TerritorialUnit]:
    """Units in force whose name contains the query, Polish diacritics and case ignored."""
    folded = fold(query)
    if not folded:
        return TerritorialUnit.objects.none()
    return (
        TerritorialUnit.objects.in_force()
        .filter(name_folded__contains=folded)
        .exclude(level=UnitLevel.GMINA_PART)
        .select_related("parent__parent")
        .prefetch_related(_organisations_with_memberships(on))
        .order_by("name_folded", "code")
    )


@dataclass(frozen=True)
class RegistrySummary:
    voivodeships: int
    powiats: int
    gminas: int
    organisations: int
    local_governments: int
    cities: int
    associations: int
    programme_association: Association | None
    programme_association_members: int


def registry_summary(*, on: datetime.date, association_code: str) -> RegistrySummary:
    units = TerritorialUnit.objects.in_force().aggregate(
        voivodeships=Count("pk", filter=Q(level=UnitLevel.VOIVODESHIP)),
        powiats=Count("pk", filter=Q(level=UnitLevel.POWIAT)),
        gminas=Count("pk", filter=Q(level=UnitLevel.GMINA)),
    )
    organisations = Organisation.objects.aggregate(
        organisations=Count("pk"),
        local_governments=Count("pk", filter=Q(kind__in=LOCAL_GOVERNMENT_KINDS)),
        cities=Count(
            "pk",
            filter=Q(kind=OrganisationKind.GMINA, territorial_unit__unit_type__in=CITY_TYPES),
        ),
    )
    association = Association.objects.filter(code=association_code).first()
    members = 0
    if association is not None:
        members = Organisation.objects.members_of(association_code, on).count()
    return RegistrySummary(
        **units,
        **organisations,
        associations=Association.objects.count(),
        programme_association=association,
        programme_association_members=members,
    )


def organisation_by_name(name: str) -> Organisation | None:
    """The one organisation with this name (or short name), case and spacing ignored; None when
    there is none or several share it ("Gmina Świdnica" is two gminas) — never a guess."""
    wanted = " ".join(name.split())
    if not wanted:
        return None
    folded = wanted.casefold()
    variants = case_variants(wanted)
    candidates = Organisation.objects.filter(name__in=variants) | Organisation.objects.filter(
        short_name__in=variants
    )
    by_name = [o for o in candidates if " ".join(o.name.split()).casefold() == folded]
    if not by_name:
        by_name = [o for o in candidates if " ".join(o.short_name.split()).casefold() == folded]
    matches = {organisation.pk: organisation for organisation in by_name}
    return next(iter(matches.values())) if len(matches) == 1 else None


def person_used_elsewhere(person: Person, *, besides: Mapping[str, Q] | None = None) -> bool:
    """Whether any record points to the person, apart from the rows `besides` describes
    ("app.Model.field" -> a Q of the rows to leave out). Every relation to Person counts,
    ones added later included: registrations, attendance, certificates, jury seats,
    affiliations, other partnerships' contacts."""
    besides = besides or {}
    for relation in Person._meta.related_objects:
        model, field = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{field: person})
        leave_out = besides.get(f"{model._meta.label}.{field}")
        if leave_out is not None:
            rows = rows.exclude(leave_out)
        if rows.exists():
            return True
    return False


def _name_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def person_at_organisation_by_name(
    *, first_name: str, last_name: str, organisation: Organisation, on: datetime.date
) -> Person | None:
    """The one person of this first and last name with an affiliation in force on `on` with
    the organisation, letter case and spacing ignored as the attendance import compares names;
    None when nobody or several fit (a name several people share stands for none of them)."""
    wanted = (_name_key(first_name), _name_key(last_name))
    if not all(wanted):
        return None
    in_force = (
        Affiliation.objects.filter(organisation=organisation)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=on))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
    )
    # Compared in Python: SQLite folds only ASCII letters ("Łukasz" vs "łukasz").
    names = Person.objects.filter(pk__in=in_force.values("person_id")).values_list(
        "pk", "first_name", "last_name"
    )
    matches = [pk for pk, first, last in names if (_name_key(first), _name_key(last)) == wanted]
    return Person.objects.get(pk=matches[0]) if len(matches) == 1 else None


def latest_teryt_imports(*, limit: int = 3) -> list[TerytImport]:
    """The register's latest imports that changed something (its audit trail), newest first."""
    return list(TerytImport.objects.order_by("-imported_at", "-pk")[:limit])
