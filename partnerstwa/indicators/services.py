"""Writing a checked programme data package into the records, in one transaction. Each record
is written by the services of the app that owns it; this module only matches the package's keys
to records (PackageKey) and counts what changed."""

import datetime
import functools
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from partnerstwa.activities import services as activities
from partnerstwa.activities.models import Attendance, AttendanceMethod, Event, EventStatus, Session
from partnerstwa.contests import services as contests
from partnerstwa.contests.models import ContestEdition, EditionStatus
from partnerstwa.indicators import package as pkg
from partnerstwa.indicators.models import PackageKey
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.text import compact_email
from partnerstwa.lib.text import slug as slug_of
from partnerstwa.partnerships import services as partnerships
from partnerstwa.partnerships.models import Partnership, Project
from partnerstwa.registry import services as registry
from partnerstwa.registry.models import Association, Organisation, Person
from partnerstwa.registry.validators import compact_nip, compact_regon

BATCH = 2000


class _DryRun(Exception):
    pass


class _Place:
    """The package row being written, to name it when an owning app's rule refuses it."""

    def __init__(self, located):
        self.located, self.sheet, self.row = located, "", None

    def each(self, sheet: str, rows):
        self.sheet = sheet
        for row, values in rows:
            self.row = row
            yield row, values
        self.row = None

    def error(self, error: ValidationError) -> FileRowError:
        return FileRowError(self.row, " ".join(error.messages), **self.located(self.sheet))


def _keys(kind: str) -> dict[str, int]:
    return dict(PackageKey.objects.filter(kind=kind).values_list("key", "object_id"))


def _remember(kind: str, key: str, object_id: int) -> None:
    PackageKey.objects.update_or_create(kind=kind, key=key, defaults={"object_id": object_id})


def _changed(instance, values: dict) -> dict:
    return {field: value for field, value in values.items() if getattr(instance, field) != value}


def _count(stats: Counter, name: str, changed) -> None:
    stats[f"{name}_updated" if changed else f"{name}_unchanged"] += 1


def _unique_slug(model, base: str, taken: set[str] = frozenset()) -> str:
    """A free address name; `taken`: those given to records not written yet."""
    base = slug_of(base)[:100] or "rekord"
    slug, number = base, 2
    while slug in taken or model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def programme_import(path: Path, *, dry_run: bool = False) -> Counter:
    """Import a programme data package whole, or nothing: any error rejects it (PackageRejected)
    and a dry run rolls everything back after counting what would change."""
    path = Path(path)
    package, errors = pkg.read(path)
    known = {kind: set(_keys(kind)) for kind in ("organisation", "partnership", "event")}
    errors += pkg.validate(package, known_keys=known, located=pkg.where(path))
    if errors:
        raise pkg.PackageRejected(errors)
    stats: Counter = Counter()
    place = _Place(pkg.where(path))
    try:
        with transaction.atomic():
            _write(package, stats, place)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError as error:
        raise pkg.PackageRejected([place.error(error)]) from None
    return stats


def _write(package: pkg.Package, stats: Counter, place: _Place) -> None:
    organisations = _write_organisations(package, stats, place)
    associations = dict(Association.objects.values_list("code", "pk"))
    for _row, values in place.each("memberships", package.rows["memberships"]):
        outcome = registry.membership_record(
            association_id=associations[values["association"]],
            organisation_id=organisations[values["organisation_key"]],
            joined_on=pkg.parse_date(values["joined_on"]),
            left_on=pkg.parse_date(values["left_on"]),
        )
        stats[f"memberships_{outcome}"] += 1
    partnership_keys = _write_partnerships(package, stats, place, organisations)
    _write_projects(package, stats, place, partnership_keys)
    events = _write_events(package, stats, place)
    _write_attendance(package, stats, place, events, organisations)
    _write_editions(package, stats, place)


def _write_organisations(package, stats, place) -> dict[str, int]:
    keys = _keys("organisation")
    existing = Organisation.objects.in_bulk(list(keys.values()))
    # The registry holds one organisation per unit: the package's gmina is that one.
    by_unit = {
        organisation.territorial_unit_id: organisation
        for organisation in Organisation.objects.filter(territorial_unit__in=package.units.values())
    }
    chosen: list[tuple[str, Organisation]] = []
    new: list[Organisation] = []
    for _row, values in place.each("organisations", package.rows["organisations"]):
        unit = package.units.get(values["teryt"]) if values["teryt"] else None
        fields = {
            "name": values["name"],
            "kind": values["kind"],
            "territorial_unit": unit,
            "nip": compact_nip(values["nip"]),
            "regon": compact_regon(values["regon"]),
        }
        organisation = existing.get(keys.get(values["key"]))
        if organisation is None and unit is not None:
            organisation = by_unit.get(unit.pk)
        if organisation is None:
            organisation = Organisation(**fields)  # created below, with the others, by the registry
            new.append(organisation)
            if unit is not None:
                by_unit[unit.pk] = organisation
            stats["organisations_created"] += 1
        elif organisation.pk is None:  # a unit named twice: its later row is the one kept
            changed = _changed(organisation, fields)
            for field, value in changed.items():
                setattr(organisation, field, value)
            _count(stats, "organisations", changed)
        else:
            _count(
                stats,
                "organisations",
                registry.organisation_update(organisation=organisation, **fields),
            )
        chosen.append((values["key"], organisation))
    place.row = None
    registry.organisations_bulk_create(organisations=new)
    for key, organisation in chosen:
        keys[key] = organisation.pk
        _remember("organisation", key, organisation.pk)
    return keys


def _write_partnerships(package, stats, place, organisations) -> dict[str, int]:
    keys = _keys("partnership")
    existing = Partnership.objects.in_bulk(list(keys.values()))
    for _row, values in place.each("partnerships", package.rows["partnerships"]):
        fields = {"name": values["name"], "formed_on": pkg.parse_date(values["formed_on"])}
        partnership = existing.get(keys.get(values["key"]))
        if partnership is None:
            partnership = partnerships.partnership_create(
                slug=_unique_slug(Partnership, values["name"]), **fields
            )
            stats["partnerships_created"] += 1
        else:
            changed = _changed(partnership, fields)
            if changed:
                partnerships.partnership_update(partnership=partnership, **changed)
            _count(stats, "partnerships", changed)
        existing[partnership.pk] = partnership
        keys[values["key"]] = partnership.pk
        _remember("partnership", values["key"], partnership.pk)
    rows = package.rows["partnership_members"]
    instances = Partnership.objects.in_bulk(set(keys.values()) - set(existing)) | existing
    members = Organisation.objects.in_bulk({organisations[v["organisation_key"]] for _r, v in rows})
    # Demote before promoting, so that a new leader never meets the old one in the database.
    leaders_last = sorted(rows, key=lambda item: item[1]["role"] == "leader")
    by_partnership: dict[int, list] = {}
    for row in leaders_last:
        by_partnership.setdefault(keys[row[1]["partnership_key"]], []).append(row)
    for partnership_id, group in by_partnership.items():
        outcomes = partnerships.members_record(
            partnership=instances[partnership_id],
            rows=(
                (
                    members[organisations[values["organisation_key"]]],
                    values["role"],
                    pkg.parse_date(values["joined_on"]),
                )
                for _row, values in place.each("partnership_members", group)
            ),
        )
        stats.update(f"partnership_members_{outcome}" for outcome in outcomes)
    return keys


def _write_projects(package, stats, place, partnership_keys) -> None:
    programmes = functools.cache(partnerships.funding_programme_get_or_create)  # one per name
    keys = _keys("project")
    existing = Project.objects.in_bulk(list(keys.values()))
    owners = Partnership.objects.in_bulk(set(partnership_keys.values()))
    for _row, values in place.each("projects", package.rows["projects"]):
        total, grant = pkg.parse_pln(values["total_value_pln"]), pkg.parse_pln(values["grant_pln"])
        partnership = owners[partnership_keys[values["partnership_key"]]]
        fields = {
            "title": values["title"],
            "funding_programme": programmes(values["funding_programme"]),
            "total_value": total,
            "grant": grant,
            "own_contribution": total - grant if total is not None and grant is not None else None,
            "starts_on": pkg.parse_date(values["starts_on"]),
            "ends_on": pkg.parse_date(values["ends_on"]),
        }
        project = existing.get(keys.get(values["key"]))
        if project is None:
            project = partnerships.project_save(partnership=partnership, **fields)
            stats["projects_created"] += 1
        else:
            # A project moved to another partnership in the package moves with it.
            changed = _changed(project, {"partnership_id": partnership.pk, **fields})
            if changed:
                project.partnership = partnership
                partnerships.project_save(partnership=partnership, project=project, **fields)
            _count(stats, "projects", changed)
        _remember("project", values["key"], project.pk)


def _write_events(package, stats, place) -> dict[str, int]:
    """Events, each with one session spanning it (the package gives dates, not hours)."""
    keys = _keys("event")
    existing = Event.objects.in_bulk(list(keys.values()))
    session_of: dict[str, int] = {}
    chosen: list[tuple[str, Event]] = []
    new: list[Event] = []
    taken: set[str] = set()
    for _row, values in place.each("events", package.rows["events"]):
        starts = pkg.parse_date(values["starts_on"])
        ends = pkg.parse_date(values["ends_on"]) or starts
        country = values["country"].upper()
        abroad = country and country != "PL"
        fields = {
            "kind": values["kind"],
            "title": values["title"],
            "starts_at": local_datetime(starts),
            "ends_at": local_datetime(ends, datetime.time(23, 59, 59)),
            "venue_address": "" if abroad else values["city"],
            "destination_city": values["city"] if abroad else "",
            "destination_country": country if abroad else "",
        }
        event = existing.get(keys.get(values["key"]))
        if event is None:
            slug_base = f"{values['key']}-{values['title']}"[:90]
            event = Event(
                slug=_unique_slug(Event, slug_base, taken), status=EventStatus.PUBLISHED, **fields
            )
            new.append(event)  # created below, with the others, by activities
            taken.add(event.slug)
            stats["events_created"] += 1
        else:
            changed = _changed(event, fields)
            if changed:
                event = activities.event_update(event=event, **changed)
            _count(stats, "events", changed)
            session_of[values["key"]] = activities.event_single_session_align(event=event).pk
        chosen.append((values["key"], event))
    place.row = None
    activities.events_bulk_create(events=new)
    first_sessions = dict(
        Session.objects.filter(event__in=new, number=1).values_list("event_id", "pk")
    )
    for key, event in chosen:
        keys[key] = event.pk
        session_of.setdefault(key, first_sessions.get(event.pk))
        _remember("event", key, event.pk)
    for key, event_id in keys.items():
        if key not in session_of:
            session_of[key] = (
                Session.objects.filter(event_id=event_id)
                .order_by("number")
                .values_list("pk", flat=True)
                .first()
            )
    return session_of


class _NewPeople:
    """People the batch needs that the register lacks, created together by the registry."""

    def __init__(self):
        self.people: list[Person] = []
        self.waiting: list[tuple[str, str, str]] = []
        self.organisation_ids: list[int | None] = []
        self.names: set[tuple[str, str]] = set()

    def add(self, first_name: str, last_name: str, email: str, organisation_id) -> int:
        self.waiting.append((first_name, last_name, email))
        self.organisation_ids.append(organisation_id)
        self.names.add((first_name.casefold(), last_name.casefold()))
        return len(self.people) + len(self.waiting) - 1

    def waiting_named(self, first_name: str, last_name: str) -> bool:
        return (first_name.casefold(), last_name.casefold()) in self.names

    def create(self) -> None:
        if self.waiting:
            self.people += registry.people_bulk_create(
                people=self.waiting, organisation_ids=self.organisation_ids
            )
            self.waiting, self.organisation_ids, self.names = [], [], set()


def _write_attendance(package, stats, place, sessions, organisations) -> None:
    rows = package.rows["attendance"]
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        place.sheet = "attendance"
        emails = {compact_email(v["email"]) for _r, v in batch if v["email"]}
        # A person is a Person already in the register or the index of a new one.
        people: dict[str, Person | int] = {
            person.email.lower(): person
            for person in Person.objects.annotate(lower=Lower("email")).filter(lower__in=emails)
        }
        by_name: dict[tuple, Person | int] = {}
        new_people = _NewPeople()
        new_attendance = []
        for _row, values in batch:
            email = compact_email(values["email"])
            organisation_id = (
                organisations.get(values["organisation_key"])
                if values["organisation_key"]
                else None
            )
            name_key = (
                values["first_name"].casefold(),
                values["last_name"].casefold(),
                organisation_id,
            )
            person = people.get(email) if email else by_name.get(name_key)
            if person is None and not email:
                if new_people.waiting_named(values["first_name"], values["last_name"]):
                    new_people.create()  # the register must hold everyone of that name met so far
                candidates = Person.objects.filter(
                    first_name__iexact=values["first_name"], last_name__iexact=values["last_name"]
                )
                if organisation_id is not None:
                    candidates = candidates.filter(affiliations__organisation_id=organisation_id)
                else:
                    candidates = candidates.filter(affiliations__isnull=True, email="")
                found = list(candidates.distinct()[:2])
                person = found[0] if len(found) == 1 else None
            if person is None:
                person = new_people.add(
                    values["first_name"], values["last_name"], email, organisation_id
                )
                stats["people_created"] += 1
            if email:
                people[email] = person
            else:
                by_name[name_key] = person
            new_attendance.append((sessions[values["event_key"]], person, organisation_id))
        new_people.create()
        added = activities.attendance_bulk_add(
            attendance=[
                Attendance(
                    session_id=session_id,
                    person=new_people.people[person] if isinstance(person, int) else person,
                    organisation_id=organisation_id,
                    method=AttendanceMethod.IMPORT,
                )
                for session_id, person, organisation_id in new_attendance
            ]
        )
        stats["attendance_created"] += added
        if len(new_attendance) > added:
            stats["attendance_unchanged"] += len(new_attendance) - added


def _write_editions(package, stats, place) -> None:
    keys = _keys("contest_edition")
    existing = ContestEdition.objects.in_bulk(list(keys.values()))
    for _row, values in place.each("contest_editions", package.rows["contest_editions"]):
        decided = pkg.parse_date(values["decided_on"])
        fields = {"name": values["name"], "decided_on": decided}
        edition = existing.get(keys.get(values["key"]))
        if edition is None:
            edition = contests.edition_create(
                slug=_unique_slug(ContestEdition, values["name"]),
                year=decided.year,
                status=EditionStatus.PUBLISHED,
                **fields,
            )
            stats["contest_editions_created"] += 1
        else:
            _count(stats, "contest_editions", contests.edition_update(edition=edition, **fields))
        _remember("contest_edition", values["key"], edition.pk)
