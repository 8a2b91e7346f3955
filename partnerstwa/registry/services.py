"""Writes to the registry."""

import datetime
import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.lib import bulk
from partnerstwa.lib.text import fold
from partnerstwa.registry import population, teryt
from partnerstwa.registry.models import (
    LOCAL_GOVERNMENT_LEVELS,
    Affiliation,
    Association,
    AssociationMembership,
    Organisation,
    Person,
    PopulationFigure,
    TerritorialUnit,
    TerytImport,
    UnitLevel,
    UnitType,
)
from partnerstwa.registry.validators import compact_nip, compact_regon


class TerytImportRefused(Exception):
    pass


@dataclass
class TerytImportResult:
    state_on: datetime.date
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


_COMPARED_FIELDS = ("level", "unit_type", "name", "name_extra", "name_folded", "parent_id")


def teryt_import(
    path: Path,
    *,
    progress: Callable | None = None,
    force: bool = False,
) -> TerytImportResult:
    """Bring the register in line with one TERC file, in one transaction.

    Units absent from the file are retired, never deleted (organisations point to them);
    a unit that comes back is in force again. Unchanged units are not written at all.
    A file is a whole register: one that looks like part of one, or rewrites the loaded
    register's date with other content, is refused (TerytImportRefused) unless forced.
    """
    data = Path(path).read_bytes()
    parsed = teryt.parse(data)
    result = TerytImportResult(state_on=parsed.state_on)
    records = parsed.records
    if progress is not None:
        records = list(progress(records, total=len(records), desc=_("TERYT units")))

    with transaction.atomic():
        loaded = teryt.loaded_register()
        latest = (
            TerytImport.objects.order_by("-state_on").values_list("state_on", flat=True).first()
        )
        if latest and parsed.state_on < latest and not force:
            raise TerytImportRefused(
                _(
                    "The file shows the register as of %(file)s, older than the state already "
                    "loaded (%(latest)s); importing it would retire units in force. Nothing was "
                    "changed; repeat the command with --force to import it all the same."
                )
                % {"file": parsed.state_on, "latest": latest}
            )
        existing = {unit.code: unit for unit in TerritorialUnit.objects.select_for_update()}
        ids = {code: unit.id for code, unit in existing.items()}
        city_gminas = _city_gmina_codes(records)
        to_update = []
        in_file = set()

        for group in teryt.iter_levels(records):
            to_create = []
            for record in group:
                in_file.add(record.code)
                parent_code = record.parent_code
                if parent_code is None and record.level == UnitLevel.GMINA_PART:
                    parent_code = city_gminas.get(record.code[:4], record.code[:4])
                parent_id = None
                if parent_code is not None:
                    parent_id = ids.get(parent_code)
                    if parent_id is None or parent_code not in in_file:
                        raise teryt.TerytFormatError(
                            record.row,
                            _("the parent unit %(code)s is not in the file")
                            % {"code": parent_code},
                        )
                values = {
                    "level": record.level,
                    "unit_type": record.unit_type,
                    "name": record.name,
                    "name_extra": record.name_extra,
                    "name_folded": fold(record.name),
                    "parent_id": parent_id,
                }
                unit = existing.get(record.code)
                if unit is None:
                    to_create.append(
                        TerritorialUnit(code=record.code, valid_from=record.state_on, **values)
                    )
                    continue
                changed = any(getattr(unit, field) != value for field, value in values.items())
                if changed:
                    for field, value in values.items():
                        setattr(unit, field, value)
                    unit.valid_from = max(unit.valid_from, record.state_on)
                if unit.retired_on is not None:
                    unit.retired_on = None
                    changed = True
                if changed:
                    to_update.append(unit)
                    result.updated += 1
                else:
                    result.unchanged += 1
            created = TerritorialUnit.objects.bulk_create(to_create, batch_size=500)
            if not all(unit.pk for unit in created):
                # Backends that do not return keys from bulk inserts: read them back.
                created = TerritorialUnit.objects.filter(code__in=[u.code for u in to_create])
            ids.update({unit.code: unit.pk for unit in created})
            result.created += len(to_create)

        TerritorialUnit.objects.bulk_update(
            to_update, [*_COMPARED_FIELDS, "valid_from", "retired_on"], batch_size=500
        )
        result.retired = (
            TerritorialUnit.objects.filter(retired_on__isnull=True)
            .exclude(code__in=in_file)
            .update(retired_on=parsed.state_on)
        )
        # The rule judges what the import did, inside its transaction: a refusal undoes it.
        refusal = teryt.whole_register_refusal(
            loaded,
            state_on=result.state_on,
            created=result.created,
            updated=result.updated,
            retired=result.retired,
        )
        if refusal and not force:
            raise TerytImportRefused(refusal)
        if result.changed:
            TerytImport.objects.create(
                file_name=Path(path).name,
                file_sha256=hashlib.sha256(data).hexdigest(),
                state_on=parsed.state_on,
                created=result.created,
                updated=result.updated,
                retired=result.retired,
                unchanged=result.unchanged,
            )
    return result


def _city_gmina_codes(records: list[teryt.TercRecord]) -> dict[str, str]:
    """Powiat code -> the urban gmina of a city with powiat rights (parent of its districts)."""
    cities = {}
    for record in records:
        if record.level == UnitLevel.GMINA and record.unit_type == UnitType.URBAN:
            cities.setdefault(record.code[:4], record.code)
    return cities


def default_organisation_name(unit: TerritorialUnit) -> str:
    """The customary name of the local government of a unit ("Gmina Brwinów", "Powiat nyski").

    These are Polish proper names, the same whatever the interface language."""
    if unit.level == UnitLevel.VOIVODESHIP:
        return f"Województwo {unit.display_name}"
    if unit.level == UnitLevel.POWIAT:
        if unit.is_city_with_powiat_rights:
            return f"Miasto {unit.name}"
        return f"Powiat {unit.name}"
    if unit.unit_type == UnitType.URBAN:
        return f"Miasto {unit.name}"
    return f"Gmina {unit.name}"


def organisation_create(
    *,
    kind: str,
    name: str = "",
    territorial_unit: TerritorialUnit | None = None,
    short_name: str = "",
    nip: str = "",
    regon: str = "",
    krs: str = "",
    address: str = "",
    website: str = "",
    email: str = "",
    is_illustrative: bool = False,
) -> Organisation:
    if not name and territorial_unit is not None:
        name = default_organisation_name(territorial_unit)
    organisation = Organisation(
        kind=kind,
        name=name,
        short_name=short_name,
        territorial_unit=territorial_unit,
        nip=compact_nip(nip),
        regon=compact_regon(regon),
        krs=krs.strip(),
        address=address,
        website=website,
        email=email,
        is_illustrative=is_illustrative,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def unit_organisation(unit: TerritorialUnit) -> Organisation:
    """The local government of a unit: the registry holds one per unit, created when absent."""
    existing = Organisation.objects.filter(territorial_unit=unit).first()
    if existing:
        return existing
    kind = next(kind for kind, level in LOCAL_GOVERNMENT_LEVELS.items() if level == unit.level)
    return organisation_create(kind=kind, territorial_unit=unit)


def membership_create(
    *,
    association: Association,
    organisation: Organisation,
    joined_on: datetime.date,
    left_on: datetime.date | None = None,
) -> AssociationMembership:
    with transaction.atomic():
        # Lock the organisation so two overlapping memberships cannot both pass the check.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        membership = AssociationMembership(
            association=association, organisation=organisation, joined_on=joined_on, left_on=left_on
        )
        membership.full_clean()
        membership.save()
    return membership


def person_create(
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    is_illustrative: bool = False,
) -> Person:
    person = Person(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        is_illustrative=is_illustrative,
    )
    person.full_clean()
    person.save()
    return person


def person_rename(*, person: Person, first_name: str, last_name: str) -> Person:
    """Correct a person's name. Callers decide whose record they may correct (a coordinator:
    only the one their form created, while nothing else uses it)."""
    person.first_name, person.last_name = first_name.strip(), last_name.strip()
    person.full_clean()
    person.save(update_fields=["first_name", "last_name", "updated_at"])
    return person


def affiliation_ensure(
    *, person: Person, organisation: Organisation, position: str | None = None
) -> Affiliation:
    """The person's open affiliation with the organisation, created when absent; the position
    is set when given."""
    affiliation, _created = Affiliation.objects.get_or_create(
        person=person, organisation=organisation, ended_on=None
    )
    if position is not None and affiliation.position != position:
        affiliation.position = position
        affiliation.full_clean()
        affiliation.save(update_fields=["position"])
    return affiliation


@dataclass
class PopulationImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    left_out: int = 0


def population_import(path: Path, *, skip_absent_units: bool = False) -> PopulationImportResult:
    """Load GUS population figures (idempotent; the whole file or nothing). Rows of units the
    register does not know refuse the file, or are left out and counted when asked."""
    parsed = population.parse_file(Path(path).read_bytes(), skip_absent_units=skip_absent_units)
    rows = parsed.rows
    result = PopulationImportResult(left_out=len(parsed.left_out))
    with transaction.atomic():
        existing = {(f.unit_code, f.year): f for f in PopulationFigure.objects.select_for_update()}
        to_create, to_update = [], []
        for row in rows:
            values = {
                "pre_working": row.pre_working,
                "working": row.working,
                "post_working": row.post_working,
                "total": row.total,
            }
            figure = existing.get((row.unit_code, row.year))
            if figure is None:
                to_create.append(PopulationFigure(unit_code=row.unit_code, year=row.year, **values))
            elif any(getattr(figure, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(figure, k, v)
                to_update.append(figure)
            else:
                result.unchanged += 1
        PopulationFigure.objects.bulk_create(to_create, batch_size=1000)
        PopulationFigure.objects.bulk_update(
            to_update, ["pre_working", "working", "post_working", "total"], batch_size=1000
        )
    result.created, result.updated = len(to_create), len(to_update)
    return result


def organisation_update(*, organisation: Organisation, **fields) -> list[str]:
    """Change an organisation's fields; returns the fields that changed (none: nothing saved)."""
    if "nip" in fields:
        fields["nip"] = compact_nip(fields["nip"])
    if "regon" in fields:
        fields["regon"] = compact_regon(fields["regon"])
    changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
    if changed:
        for name in changed:
            setattr(organisation, name, fields[name])
        organisation.full_clean()
        organisation.save(update_fields=changed)
    return changed


def memberships_record(
    *,
    organisation_ids: Collection[int],
    rows: Iterable[tuple[int, int, datetime.date, datetime.date | None]],
) -> list[str]:
    """Memberships as an outside record states them, each (association id, organisation id,
    joining day, leaving day or None; one membership per association, organisation and joining
    day): "created", "updated" (its leaving day) or "unchanged", in turn. A new membership
    meets membership_create's rules (the fields' own checks, no overlap with another of the
    same organisation and association) on the rows in hand: a few queries for all of them.
    organisation_ids: every organisation the rows name, locked and read before the rows are
    (which are taken one by one, so that a caller can tell which one a refusal is about)."""
    checks = bulk.FieldChecks(AssociationMembership, ["joined_on", "left_on"])
    with transaction.atomic():
        # Lock the organisations so two overlapping memberships cannot both pass the check.
        list(
            Organisation.objects.select_for_update()
            .filter(pk__in=organisation_ids)
            .values_list("pk")
        )
        held: dict[tuple[int, int], list[AssociationMembership]] = {}
        for membership in AssociationMembership.objects.filter(
            organisation_id__in=organisation_ids
        ).order_by("pk"):
            held.setdefault((membership.association_id, membership.organisation_id), []).append(
                membership
            )
        outcomes, new = [], []

        def refuse_overlap(group, joined_on, left_on, itself=None) -> None:
            # membership_validate_no_overlap's rule, on the rows in hand (new ones included)
            if any(
                (m.left_on is None or m.left_on >= joined_on)
                and (left_on is None or m.joined_on <= left_on)
                for m in group
                if m is not itself
            ):
                raise ValidationError(
                    _("This organisation is already a member of the association in that period.")
                )

        for association_id, organisation_id, joined_on, left_on in rows:
            if organisation_id not in organisation_ids:
                raise ValueError(f"organisation {organisation_id} is not in organisation_ids")
            group = held.setdefault((association_id, organisation_id), [])
            membership = next((m for m in group if m.joined_on == joined_on), None)
            if membership is None:
                values = checks.clean({"joined_on": joined_on, "left_on": left_on})
                refuse_overlap(group, joined_on, left_on)
                membership = AssociationMembership(
                    association_id=association_id, organisation_id=organisation_id, **values
                )
                group.append(membership)
                new.append(membership)
                outcomes.append("created")
            elif membership.left_on == left_on:
                outcomes.append("unchanged")
            else:
                membership.left_on = left_on
                refuse_overlap(group, joined_on, left_on, itself=membership)
                membership.full_clean(exclude=["association", "organisation"])
                if membership.pk is not None:
                    membership.save(update_fields=["left_on"])
                outcomes.append("updated")
        bulk.create(new)
    return outcomes


def memberships_bulk_create(
    *,
    association: Association,
    organisations: list[Organisation],
    joined_on: datetime.date,
    is_illustrative: bool = False,
) -> list[AssociationMembership]:
    """Many organisations join an association on one day (the demo); none may be a member
    then already (the rule membership_create checks one by one)."""
    with transaction.atomic():
        ids = [organisation.pk for organisation in organisations]
        list(Organisation.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        overlapping = AssociationMembership.objects.filter(
            association=association, organisation_id__in=ids
        ).filter(Q(left_on__isnull=True) | Q(left_on__gte=joined_on))
        if overlapping.exists():
            raise ValidationError(
                _("This organisation is already a member of the association in that period.")
            )
        memberships = [
            AssociationMembership(
                association=association,
                organisation=organisation,
                joined_on=joined_on,
                is_illustrative=is_illustrative,
            )
            for organisation in organisations
        ]
        for membership in memberships:
            membership.full_clean(validate_unique=False, validate_constraints=False)
        return bulk.create(memberships)  # recorded in the audit trail, as bulk_create is not


def people_bulk_create(
    *,
    people: list[tuple[str, str, str]],
    organisation_ids: list[int | None],
    is_illustrative: bool = False,
) -> list[Person]:
    """Many people at once (imports, the demo), each with an open affiliation with the
    organisation beside it (None: none). Names and addresses are checked as person_create
    checks them (the fields' own checks, each distinct value once); the first refused person
    refuses the batch (ValidationError), and an address already in the register refuses it
    too (IntegrityError: the unique index decides, one query per person would cost more)."""
    rows, same = _people_rows(people, is_illustrative)
    keys = _people_insert(rows, same, organisation_ids)
    names = [field.attname for field in Person._meta.concrete_fields]
    people_made = []
    for key, row in zip(keys, rows, strict=True):
        values = {"id": key, **same, **dict(zip(_PERSON_GIVEN, row, strict=True))}
        people_made.append(Person.from_db("default", names, [values[name] for name in names]))
    return people_made


def people_bulk_add(
    *,
    people: list[tuple[str, str, str]],
    organisation_ids: list[int | None],
    is_illustrative: bool = False,
) -> list[int]:
    """people_bulk_create, the same checks and writes, for a caller that needs only the new
    people's keys (in the order given): an import of many thousands builds no instance each."""
    rows, same = _people_rows(people, is_illustrative)
    return _people_insert(rows, same, organisation_ids)


# The columns a person's row gives; every other column of the table is the same for the batch
# (a new field must be given in _people_rows).
_PERSON_GIVEN = ["first_name", "last_name", "email"]


def _people_rows(people: list[tuple[str, str, str]], is_illustrative: bool) -> tuple[list, dict]:
    checks = bulk.FieldChecks(Person, _PERSON_GIVEN)
    bulk.FieldChecks(Person, ["is_illustrative"]).clean({"is_illustrative": is_illustrative})
    now = timezone.now()
    rows = []
    for first_name, last_name, email in people:
        values = checks.clean(
            {
                "first_name": first_name.strip(),
                "last_name": last_name.strip(),
                "email": email.strip(),
            }
        )
        rows.append((values["first_name"], values["last_name"], values["email"]))
    same = {"phone": "", "created_at": now, "updated_at": now, "is_illustrative": is_illustrative}
    columns = {field.name for field in Person._meta.concrete_fields if not field.primary_key}
    if columns != {*_PERSON_GIVEN, *same}:
        raise RuntimeError(
            f"people_bulk_create gives no value for {columns - {*_PERSON_GIVEN, *same}}"
        )
    return rows, same


def _people_insert(rows: list, same: dict, organisation_ids: list[int | None]) -> list[int]:
    with transaction.atomic():
        keys = bulk.insert(Person, _PERSON_GIVEN, rows, same=same, returning=True)
        bulk.insert(
            Affiliation,
            ["person", "organisation"],
            (
                (key, organisation_id)
                for key, organisation_id in zip(keys, organisation_ids, strict=True)
                if organisation_id is not None
            ),
            same={"position": ""},
        )
    return keys


def organisations_bulk_create(*, organisations: list[Organisation]) -> list[Organisation]:
    """Many new organisations at once (imports): the rules of organisation_create — the
    customary name of a local government, NIP and REGON as digits, a unit of the right level
    for a local government only, one organisation per unit — checked for the whole batch."""
    units = [o.territorial_unit_id for o in organisations if o.territorial_unit_id is not None]
    if (
        len(units) != len(set(units))
        or Organisation.objects.filter(territorial_unit__in=units).exists()
    ):
        raise ValidationError(
            {"territorial_unit": _("This territorial unit already has an organisation.")}
        )
    for organisation in organisations:
        if not organisation.name and organisation.territorial_unit is not None:
            organisation.name = default_organisation_name(organisation.territorial_unit)
        organisation.nip = compact_nip(organisation.nip)
        organisation.regon = compact_regon(organisation.regon)
        organisation.krs = organisation.krs.strip()
        # The unit is one the caller holds; clean() checks its level.
        organisation.clean_fields(exclude=["territorial_unit"])
        organisation.clean()
    return bulk.create(organisations)  # recorded in the audit trail, as bulk_create is not
