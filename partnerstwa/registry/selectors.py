"""Reads from the registry."""

import datetime
import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from partnerstwa.lib import freshness
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish
from partnerstwa.lib.prepared import prepared
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


def unit_children(unit: TerritorialUnit | None, *, on: datetime.date) -> list[TerritorialUnit]:
    """Units directly below a unit (voivodeships when unit is None), in force, with their
    organisation and its current memberships; the voivodeships also with how many powiats
    each has (the index shows it)."""
    if unit is not None:
        children = list(_children_in_force(parent=unit.pk))
        _attach_organisations(children, current_on=on, read=_organisations_listed)
        return children
    units = TerritorialUnit.objects.voivodeships().in_force()
    units = units.annotate(
        child_count=Count("children", filter=Q(children__retired_on__isnull=True), distinct=True)
    )
    # In Polish alphabetical order (a city with powiat rights among the powiats, not after).
    return list(
        units.prefetch_related(_organisations_with_memberships(on)).order_by(polish("name"), "code")
    )


# A unit's page reads through prepared reads (lib.prepared): compiled once per process and
# language, run on every request.
@prepared(parent=int)
def _children_in_force(parent):
    # In Polish alphabetical order (a city with powiat rights among the powiats, not after).
    return TerritorialUnit.objects.filter(parent=parent).in_force().order_by(polish("name"), "code")


@prepared(code=str)
def _unit_by_code(code):
    return TerritorialUnit.objects.filter(code=code).select_related("parent__parent__parent")


@prepared(units=list[int])
def _organisations_of(units):
    return Organisation.objects.filter(OneOf(F("territorial_unit"), units))


@prepared(units=list[int])
def _organisations_listed(units):
    """What the list of units below a unit shows of each one's organisation: a voivodeship's
    powiats or a powiat's gminas (up to a few dozen) read every column of them before."""
    return Organisation.objects.filter(OneOf(F("territorial_unit"), units)).only(
        "territorial_unit", "name", "is_illustrative"
    )


@prepared(organisations=list[int])
def _memberships_of(organisations):
    return (
        AssociationMembership.objects.filter(OneOf(F("organisation"), organisations))
        .select_related("association")
        .order_by("association__code", "-joined_on")
    )


@prepared(organisations=list[int], on=datetime.date)
def _memberships_in_force(organisations, on):
    return (
        AssociationMembership.objects.filter(OneOf(F("organisation"), organisations))
        .in_force_on(on)
        .select_related("association")
    )


def _attach_organisations(
    units: list[TerritorialUnit], *, current_on=None, read=_organisations_of
) -> None:
    """Each unit's `organisation_list` (read with `read`: every column by default), each
    organisation with its `current_memberships` on the day `current_on` or, without it, every
    membership as `membership_list`."""
    by_unit = {unit.pk: unit for unit in units}
    for unit in units:
        unit.organisation_list = []
    organisations = {}
    for organisation in read(units=list(by_unit)):
        by_unit[organisation.territorial_unit_id].organisation_list.append(organisation)
        organisations[organisation.pk] = organisation
        organisation.current_memberships, organisation.membership_list = [], []
    if not organisations:
        return
    if current_on is None:
        for membership in _memberships_of(organisations=list(organisations)):
            organisations[membership.organisation_id].membership_list.append(membership)
    else:
        for membership in _memberships_in_force(organisations=list(organisations), on=current_on):
            organisations[membership.organisation_id].current_memberships.append(membership)


def unit_get(code: str) -> TerritorialUnit:
    """One unit with its ancestors, organisation and memberships (raises DoesNotExist)."""
    unit = _unit_by_code.get(code=code)
    _attach_organisations([unit])
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
        .order_by(polish("name"), "code")
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


@freshness.kept("registry")
def registry_summary(*, on: datetime.date, association_code: str) -> RegistrySummary:
    """The register's counts as of a day: counts over every unit and organisation, so kept
    between changes of the registry rather than counted again on each request."""
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


def people_by_email(emails: Iterable[str]) -> dict[str, int]:
    """The people of the register with these addresses (given in lower case, as imports
    compact them): {address in lower case: person id}. One query for the thousands of a batch
    (lib.bulk.OneOf); the unique index on the address in lower case serves it."""
    return {
        email.lower(): pk
        # Not empty: the condition of that index.
        for pk, email in Person.objects.exclude(email="")
        .filter(OneOf(Lower("email"), emails))
        .order_by()
        .values_list("pk", "email")
    }


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


# Words that name an office or the kind of a local government rather than the place: "Urząd
# Miasta Koszalina" and "Miasto Koszalin" are one organisation. Folded (no diacritics).
_OFFICE_WORDS = {
    "urzad": None,
    "urzedu": None,
    "miasta": OrganisationKind.GMINA,
    "miasto": OrganisationKind.GMINA,
    "miejski": OrganisationKind.GMINA,
    "gminy": OrganisationKind.GMINA,
    "gmina": OrganisationKind.GMINA,
    "gminny": OrganisationKind.GMINA,
    "gminne": OrganisationKind.GMINA,
    "miejska": OrganisationKind.GMINA,
    "miejskiej": OrganisationKind.GMINA,
    "miejskie": OrganisationKind.GMINA,
    "miejsko": OrganisationKind.GMINA,
    "wiejska": OrganisationKind.GMINA,
    "wiejskiej": OrganisationKind.GMINA,
    "starostwo": OrganisationKind.POWIAT,
    "starostwa": OrganisationKind.POWIAT,
    "powiatowe": OrganisationKind.POWIAT,
    "powiat": OrganisationKind.POWIAT,
    "powiatu": OrganisationKind.POWIAT,
    "marszalkowski": OrganisationKind.VOIVODESHIP,
    "wojewodztwo": OrganisationKind.VOIVODESHIP,
    "wojewodztwa": OrganisationKind.VOIVODESHIP,
    "i": None,
    "w": None,
    "we": None,
    "na": None,
    "m": None,
    "st": None,
    "um": OrganisationKind.GMINA,
    "ug": OrganisationKind.GMINA,
    "umig": OrganisationKind.GMINA,
}
# Endings of Polish inflection and of place adjectives, longest first: "Koszalina" and
# "Koszalin", "Bolesławcu" and "bolesławiecki" meet at their stems.
_ENDINGS = sorted(
    ["owskiego", "ieckiego", "eckiego", "skiego", "ckiego", "owski", "iecki", "ecki", "ski",
     "cki", "ego", "ej", "ow", "em", "ie", "a", "u", "y", "i"],
    key=len,
    reverse=True,
)  # fmt: skip
# How alike two stemmed names must be to suggest one for the other (difflib's ratio).
_SUGGESTION_THRESHOLD = 0.75


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _place_key(name: str) -> tuple[str, set[str]]:
    """The stemmed place words of an organisation's name, and the kinds its office words say."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(name)).split()
    kinds = {_OFFICE_WORDS[word] for word in words if _OFFICE_WORDS.get(word)}
    place = [_stem(word) for word in words if word not in _OFFICE_WORDS]
    return " ".join(place), kinds


def organisation_suggestions(
    names: Iterable[str], *, limit: int = 3
) -> dict[str, list[Organisation]]:
    """For each typed name that matches no organisation exactly, the registry organisations
    closest to it, best first: office words ("Urząd Miasta", "Starostwo Powiatowe w") are set
    aside and the place's inflection stemmed ("Koszalina" -> "Koszalin"), so "Urząd Miasta
    Koszalina" suggests "Miasto Koszalin". One query, however many names."""
    wanted = {name: _place_key(name) for name in dict.fromkeys(names) if name.strip()}
    wanted = {name: key for name, key in wanted.items() if key[0]}
    if not wanted:
        return {}
    candidates = []
    for organisation in Organisation.objects.only("pk", "name", "short_name", "kind"):
        for text in {organisation.name, organisation.short_name} - {""}:
            place, _kinds = _place_key(text)
            if place:
                candidates.append((place, organisation))
    found = {}
    for name, (place, kinds) in wanted.items():
        scored: dict[int, tuple[float, Organisation]] = {}
        matcher = difflib.SequenceMatcher(b=place, autojunk=False)
        for candidate, organisation in candidates:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < _SUGGESTION_THRESHOLD:
                continue
            if matcher.quick_ratio() < _SUGGESTION_THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio < _SUGGESTION_THRESHOLD:
                continue
            # The office words break ties: a starostwo is a powiat, a town hall a gmina.
            score = ratio + (0.05 if organisation.kind in kinds else 0)
            if score > scored.get(organisation.pk, (0, None))[0]:
                scored[organisation.pk] = (score, organisation)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))
        found[name] = [organisation for _score, organisation in ranked[:limit]]
    return found


def illustrative_records() -> list[QuerySet]:
    """This app's made-up (demo) records, one queryset per model: the portal asks whether any
    exists, for every app at once in one query, to show the site-wide demo notice."""
    return [
        Organisation.objects.filter(is_illustrative=True),
        AssociationMembership.objects.filter(is_illustrative=True),
        Person.objects.filter(is_illustrative=True),
    ]


@freshness.kept("registry")
def voivodeships() -> list[tuple[str, str]]:
    """(TERC code, name shown) of every voivodeship in force, in Polish alphabetical order: the
    filters' choices and the voivodeship names lists show (callers do not change the list)."""
    units = TerritorialUnit.objects.voivodeships().in_force().order_by(polish("name"))
    return [(unit.code, unit.display_name) for unit in units]
