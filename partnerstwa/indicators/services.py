"""Writing a checked programme data package into the records, in one transaction. Each record
is written by the services of the app that owns it; this module only matches the package's keys
to records (PackageKey) and counts what changed."""

import datetime
import functools
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from partnerstwa.activities import services as activities
from partnerstwa.activities.models import AttendanceMethod, Event, EventStatus, Session
from partnerstwa.contests import services as contests
from partnerstwa.contests.models import ContestEdition, EditionStatus
from partnerstwa.indicators import package as pkg
from partnerstwa.indicators.models import PackageKey
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.errors import FileRowError
from partnerstwa.lib.text import compact_email
from partnerstwa.lib.text import slug as slug_of
from partnerstwa.partnerships import services as partnerships
from partnerstwa.partnerships.models import Partnership, Project
from partnerstwa.registry import selectors as registry_selectors
from partnerstwa.registry import services as registry
from partnerstwa.registry.models import Affiliation, Association, Organisation, Person
from partnerstwa.registry.validators import compact_nip, compact_regon

BATCH = 5000


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

    def items(self, sheet: str, pairs):
        """The items of (row, item) pairs, the row named while the owner checks its item."""
        self.sheet = sheet
        for row, item in pairs:
            self.row = row
            yield item
        self.row = None

    def error(self, error: ValidationError) -> FileRowError:
        return FileRowError(self.row, " ".join(error.messages), **self.located(self.sheet))


def _keys(kind: str) -> dict[str, int]:
    return dict(PackageKey.objects.filter(kind=kind).values_list("key", "object_id"))


class _Keys:
    """The package's keys of one kind and the records they stand for; what changed is written
    in bulk (PackageKey is this app's own record)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.ids = _keys(kind)
        self._rows: dict[str, int] = dict(
            PackageKey.objects.filter(kind=kind).values_list("key", "pk")
        )

    def remember(self, pairs: list[tuple[str, int]]) -> None:
        new, moved = [], []
        for key, object_id in pairs:
            if key not in self._rows:
                new.append(PackageKey(kind=self.kind, key=key, object_id=object_id))
            elif self.ids.get(key) != object_id:
                moved.append(PackageKey(pk=self._rows[key], kind=self.kind, key=key))
                moved[-1].object_id = object_id
            self.ids[key] = object_id
        for row in PackageKey.objects.bulk_create(new):
            self._rows[row.key] = row.pk
        PackageKey.objects.bulk_update(moved, ["object_id"])


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
    and a dry run rolls everything back after counting what would change.

    The tables stream in batches of BATCH rows, each checked and then written in the one
    transaction; memory holds the package's keys, never its rows. Once any error is found
    nothing more is written, the rest is only checked, and the transaction is rolled back: the
    errors named are those of the whole package, as if it had been checked before writing."""
    path = Path(path)
    stats: Counter = Counter()
    place = _Place(pkg.where(path))
    try:
        with transaction.atomic():
            errors = _stream(path, stats, place)
            if errors:
                raise pkg.PackageRejected(errors)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return stats


def _stream(path: Path, stats: Counter, place: _Place) -> list[FileRowError]:
    known = {kind: set(_keys(kind)) for kind in ("organisation", "partnership", "event")}
    checks = pkg.Checks(known_keys=known, located=pkg.where(path))
    writer = _Writer(stats, place, checks)
    refused: list[FileRowError] = []
    try:
        with pkg.Reader(path) as reader:
            checks.errors += reader.headers()
            for name in pkg.COLUMNS:
                for batch in pkg.batches(reader.rows(name), BATCH):
                    checks.rows(name, batch)
                    if checks.errors or refused:
                        continue  # nothing more is written: the package will be rejected
                    try:
                        with transaction.atomic():  # a refused batch leaves no trace
                            writer.write(name, batch)
                    except ValidationError as error:
                        refused.append(place.error(error))
                checks.finish(name)
    except FileRowError as error:
        # A file that cannot be read is the one fault named: its rows cannot be told.
        return [error]
    except OSError as error:  # a folder or file the process may not read
        return [
            FileRowError(
                None,
                _("the file cannot be opened (%(reason)s)") % {"reason": error.strerror or error},
                file=Path(error.filename or path).name,
            )
        ]
    return checks.errors or refused


class _Writer:
    """Writes each checked batch through the owning apps' services, keeping between batches
    only the maps from the package's keys to records."""

    def __init__(self, stats: Counter, place: _Place, checks: pkg.Checks):
        self.stats, self.place, self.checks = stats, place, checks
        self.organisations = _Keys("organisation")
        self.partnerships = _Keys("partnership")
        self.projects = _Keys("project")
        self.events = _Keys("event")
        self.editions = _Keys("contest_edition")
        self.by_unit: dict[int, Organisation] = {}
        self.associations = dict(Association.objects.values_list("code", "pk"))
        self.programmes = functools.cache(partnerships.funding_programme_get_or_create)
        self.sessions: dict[str, int] = {}  # event key -> its first session
        self.people: dict[tuple, int] = {}  # people named without an e-mail, once found
        self.slugs: set[str] = set()  # events' address names taken
        self.partnership_slugs: set[str] = set()

    def write(self, name: str, batch) -> None:
        getattr(self, f"write_{name}")(batch)
        self.place.row = None

    def write_organisations(self, batch) -> None:
        stats, keys = self.stats, self.organisations
        units = {self.checks.units[v["teryt"]].pk for _r, v in batch if v["teryt"]}
        wanted = units - set(self.by_unit)
        if wanted:
            # The registry holds one organisation per unit: the package's gmina is that one.
            self.by_unit.update(
                (organisation.territorial_unit_id, organisation)
                for organisation in Organisation.objects.filter(territorial_unit__in=wanted)
            )
        existing = Organisation.objects.in_bulk(
            [keys.ids[v["key"]] for _r, v in batch if v["key"] in keys.ids]
        )
        chosen: list[tuple[str, Organisation]] = []
        new: list[Organisation] = []
        for _row, values in self.place.each("organisations", batch):
            unit = self.checks.units.get(values["teryt"]) if values["teryt"] else None
            fields = {
                "name": values["name"],
                "kind": values["kind"],
                "territorial_unit": unit,
                "nip": compact_nip(values["nip"]),
                "regon": compact_regon(values["regon"]),
            }
            organisation = existing.get(keys.ids.get(values["key"]))
            if organisation is None and unit is not None:
                organisation = self.by_unit.get(unit.pk)
            if organisation is None:
                organisation = Organisation(**fields)  # created below, with the others
                new.append(organisation)
                if unit is not None:
                    self.by_unit[unit.pk] = organisation
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
        self.place.row = None
        registry.organisations_bulk_create(organisations=new)
        keys.remember([(key, organisation.pk) for key, organisation in chosen])

    def write_memberships(self, batch) -> None:
        organisations = self.organisations.ids
        outcomes = registry.memberships_record(
            organisation_ids={organisations[v["organisation_key"]] for _r, v in batch},
            rows=(
                (
                    self.associations[values["association"]],
                    organisations[values["organisation_key"]],
                    pkg.parse_date(values["joined_on"]),
                    pkg.parse_date(values["left_on"]),
                )
                for _row, values in self.place.each("memberships", batch)
            ),
        )
        self.stats.update(f"memberships_{outcome}" for outcome in outcomes)

    def write_partnerships(self, batch) -> None:
        keys = self.partnerships
        existing = Partnership.objects.in_bulk(
            [keys.ids[v["key"]] for _r, v in batch if v["key"] in keys.ids]
        )
        bases = {
            v["key"]: slug_of(v["name"])[:100] or "rekord"
            for _r, v in batch
            if v["key"] not in keys.ids
        }
        # Most new partnerships' first choice of address is free: one query tells which are not.
        self.partnership_slugs.update(
            Partnership.objects.filter(OneOf(F("slug"), list(bases.values()))).values_list(
                "slug", flat=True
            )
        )
        chosen, new = [], []
        for row, values in self.place.each("partnerships", batch):
            fields = {"name": values["name"], "formed_on": pkg.parse_date(values["formed_on"])}
            partnership = existing.get(keys.ids.get(values["key"]))
            if partnership is None:
                slug = bases[values["key"]]
                if slug in self.partnership_slugs:
                    slug = _unique_slug(Partnership, slug, self.partnership_slugs)
                self.partnership_slugs.add(slug)
                partnership = Partnership(slug=slug, **fields)
                new.append((row, partnership))  # created below, with the others, by partnerships
                self.stats["partnerships_created"] += 1
            else:
                changed = _changed(partnership, fields)
                if changed:
                    partnerships.partnership_update(partnership=partnership, **changed)
                _count(self.stats, "partnerships", changed)
            chosen.append((values["key"], partnership))
        partnerships.partnerships_bulk_create(partnerships=self.place.items("partnerships", new))
        keys.remember([(key, partnership.pk) for key, partnership in chosen])

    def write_partnership_members(self, batch) -> None:
        keys, organisations = self.partnerships.ids, self.organisations.ids
        instances = Partnership.objects.in_bulk({keys[v["partnership_key"]] for _r, v in batch})
        members = Organisation.objects.in_bulk(
            {organisations[v["organisation_key"]] for _r, v in batch}
        )
        # Demote before promoting, so that a new leader never meets the old one in the database.
        leaders_last = sorted(batch, key=lambda item: item[1]["role"] == "leader")
        by_partnership: dict[int, list] = {}
        for row in leaders_last:
            by_partnership.setdefault(keys[row[1]["partnership_key"]], []).append(row)
        results = partnerships.members_record_many(
            groups=[
                (
                    instances[partnership_id],
                    (
                        (
                            members[organisations[values["organisation_key"]]],
                            values["role"],
                            pkg.parse_date(values["joined_on"]),
                        )
                        for _row, values in self.place.each("partnership_members", group)
                    ),
                )
                for partnership_id, group in by_partnership.items()
            ]
        )
        self.stats.update(
            f"partnership_members_{outcome}" for outcomes in results for outcome in outcomes
        )

    def write_projects(self, batch) -> None:
        keys, owners_by_key = self.projects, self.partnerships.ids
        existing = Project.objects.in_bulk(
            [keys.ids[v["key"]] for _r, v in batch if v["key"] in keys.ids]
        )
        owners = Partnership.objects.in_bulk(
            {owners_by_key[v["partnership_key"]] for _r, v in batch}
        )
        chosen, new = [], []
        for row, values in self.place.each("projects", batch):
            total = pkg.parse_pln(values["total_value_pln"])
            grant = pkg.parse_pln(values["grant_pln"])
            partnership = owners[owners_by_key[values["partnership_key"]]]
            fields = {
                "title": values["title"],
                "funding_programme": self.programmes(values["funding_programme"]),
                "total_value": total,
                "grant": grant,
                "own_contribution": total - grant
                if total is not None and grant is not None
                else None,
                "starts_on": pkg.parse_date(values["starts_on"]),
                "ends_on": pkg.parse_date(values["ends_on"]),
            }
            project = existing.get(keys.ids.get(values["key"]))
            if project is None:
                project = Project(partnership=partnership, **fields)
                new.append((row, project))  # created below, with the others, by partnerships
                self.stats["projects_created"] += 1
            else:
                # A project moved to another partnership in the package moves with it.
                changed = _changed(project, {"partnership_id": partnership.pk, **fields})
                if changed:
                    project.partnership = partnership
                    partnerships.project_save(partnership=partnership, project=project, **fields)
                _count(self.stats, "projects", changed)
            chosen.append((values["key"], project))
        partnerships.projects_bulk_create(projects=self.place.items("projects", new))
        keys.remember([(key, project.pk) for key, project in chosen])

    def write_events(self, batch) -> None:
        """Events, each with one session spanning it (the package gives dates, not hours)."""
        keys = self.events
        existing = Event.objects.in_bulk(
            [keys.ids[v["key"]] for _r, v in batch if v["key"] in keys.ids]
        )
        bases = {
            v["key"]: slug_of(f"{v['key']}-{v['title']}"[:90])[:100] or "rekord"
            for _r, v in batch
            if v["key"] not in keys.ids
        }
        # Most new events' first choice of address is free: one query tells which are not.
        self.slugs.update(
            Event.objects.filter(OneOf(F("slug"), list(bases.values()))).values_list(
                "slug", flat=True
            )
        )
        chosen: list[tuple[str, Event]] = []
        new: list[Event] = []
        for _row, values in self.place.each("events", batch):
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
            event = existing.get(keys.ids.get(values["key"]))
            if event is None:
                slug = bases[values["key"]]
                if slug in self.slugs:
                    slug = _unique_slug(Event, slug, self.slugs)
                event = Event(slug=slug, status=EventStatus.PUBLISHED, **fields)
                new.append(event)  # created below, with the others, by activities
                self.slugs.add(slug)
                self.stats["events_created"] += 1
            else:
                changed = _changed(event, fields)
                if changed:
                    event = activities.event_update(event=event, **changed)
                _count(self.stats, "events", changed)
                self.sessions[values["key"]] = activities.event_single_session_align(event=event).pk
            chosen.append((values["key"], event))
        self.place.row = None
        activities.events_bulk_create(events=new)
        first_sessions = dict(
            Session.objects.filter(OneOf(F("event_id"), [event.pk for event in new]), number=1)
            .order_by()
            .values_list("event_id", "pk")
        )
        for key, event in chosen:
            self.sessions.setdefault(key, first_sessions.get(event.pk))
        keys.remember([(key, event.pk) for key, event in chosen])

    def _sessions_of(self, event_keys: set[str]) -> dict[str, int]:
        """First sessions of the events the batch names, including those of earlier imports."""
        missing = {key: self.events.ids[key] for key in event_keys if key not in self.sessions}
        if missing:
            first: dict[int, int] = {}
            for event_id, session_id in (
                Session.objects.filter(event_id__in=set(missing.values()))
                .order_by("-number")
                .values_list("event_id", "pk")
            ):
                first[event_id] = session_id
            for key, event_id in missing.items():
                self.sessions[key] = first.get(event_id)
        return self.sessions

    def write_attendance(self, batch) -> None:
        self.place.sheet = "attendance"
        _write_attendance(
            batch,
            self.stats,
            self._sessions_of({v["event_key"] for _r, v in batch}),
            self.organisations.ids,
            self.people,
        )

    def write_contest_editions(self, batch) -> None:
        keys = self.editions
        existing = ContestEdition.objects.in_bulk(
            [keys.ids[v["key"]] for _r, v in batch if v["key"] in keys.ids]
        )
        chosen = []
        for _row, values in self.place.each("contest_editions", batch):
            decided = pkg.parse_date(values["decided_on"])
            fields = {"name": values["name"], "decided_on": decided}
            edition = existing.get(keys.ids.get(values["key"]))
            if edition is None:
                edition = contests.edition_create(
                    slug=_unique_slug(ContestEdition, values["name"]),
                    year=decided.year,
                    status=EditionStatus.PUBLISHED,
                    **fields,
                )
                self.stats["contest_editions_created"] += 1
            else:
                _count(
                    self.stats,
                    "contest_editions",
                    contests.edition_update(edition=edition, **fields),
                )
            chosen.append((values["key"], edition.pk))
        keys.remember(chosen)


class _NewPeople:
    """People the batch needs that the register lacks, created together by the registry."""

    def __init__(self):
        self.people: list[int] = []  # the new people's keys, in the order added
        self.waiting: list[tuple[str, str, str]] = []
        self.organisation_ids: list[int | None] = []

    def add(self, first_name: str, last_name: str, email: str, organisation_id) -> int:
        self.waiting.append((first_name, last_name, email))
        self.organisation_ids.append(organisation_id)
        return len(self.waiting) - 1

    def create(self) -> None:
        if self.waiting:
            self.people = registry.people_bulk_add(
                people=self.waiting, organisation_ids=self.organisation_ids
            )


def _people_by_name(batch, organisations, known_people) -> dict[tuple, set[int]]:
    """The register's candidates for the batch's rows without an e-mail whose name is not met
    yet: (first name, last name, organisation id) folded -> people of that name affiliated with
    that organisation or, with none, people with neither an organisation nor an e-mail. Two
    queries for the batch (names compared folded in Python: SQLite folds only ASCII)."""
    wanted = set()
    for _row, values in batch:
        if not values["email"]:
            key = values["organisation_key"]
            organisation_id = organisations.get(key) if key else None
            name_key = (
                values["first_name"].casefold(),
                values["last_name"].casefold(),
                organisation_id,
            )
            if name_key not in known_people:
                wanted.add(name_key)
    found: dict[tuple, set[int]] = {}
    organisation_ids = {key[2] for key in wanted if key[2] is not None}
    if organisation_ids:
        for organisation_id, person_id, first, last in Affiliation.objects.filter(
            organisation_id__in=organisation_ids
        ).values_list("organisation_id", "person_id", "person__first_name", "person__last_name"):
            key = (first.casefold(), last.casefold(), organisation_id)
            if key in wanted:
                found.setdefault(key, set()).add(person_id)
    if any(key[2] is None for key in wanted):
        for person_id, first, last in (
            Person.objects.filter(email="", affiliations__isnull=True)
            .order_by()
            .values_list("pk", "first_name", "last_name")
        ):
            key = (first.casefold(), last.casefold(), None)
            if key in wanted:
                found.setdefault(key, set()).add(person_id)
    return found


def _write_attendance(batch, stats, sessions, organisations, known_people) -> None:
    """One batch of attendance rows. A person is matched by e-mail (one query for the batch),
    otherwise by name and organisation (two queries for the batch; a name once matched is
    remembered for the whole import)."""
    emails = {compact_email(v["email"]) for _r, v in batch if v["email"]}
    # A person is the id of one already in the register or the index of a new one.
    people: dict[str, int | tuple] = registry_selectors.people_by_email(emails)
    named = _people_by_name(batch, organisations, known_people)
    pending: dict[tuple, list[tuple]] = {}
    new_people = _NewPeople()
    new_attendance = []
    named_new = []  # keys of people by name who are created with this batch
    for _row, values in batch:
        email = compact_email(values["email"])
        organisation_id = (
            organisations.get(values["organisation_key"]) if values["organisation_key"] else None
        )
        name_key = (
            values["first_name"].casefold(),
            values["last_name"].casefold(),
            organisation_id,
        )
        person = people.get(email) if email else known_people.get(name_key)
        if person is None and not email:
            matches = [*named.get(name_key, ()), *pending.get(name_key, ())]
            person = matches[0] if len(matches) == 1 else None
        if person is None:
            person = (
                new_people.add(values["first_name"], values["last_name"], email, organisation_id),
            )
            stats["people_created"] += 1
            if email == "" or organisation_id is not None:
                # A candidate for later rows naming them without an e-mail.
                pending.setdefault(name_key, []).append(person)
        if email:
            people[email] = person
        else:
            known_people[name_key] = person
            if isinstance(person, tuple):
                named_new.append(name_key)
        new_attendance.append((sessions[values["event_key"]], person, organisation_id))
    new_people.create()
    created = new_people.people
    for key in named_new:
        person = known_people[key]
        if isinstance(person, tuple):
            known_people[key] = created[person[0]]
    added = activities.attendance_bulk_record(
        rows=[
            (
                session_id,
                created[person[0]] if isinstance(person, tuple) else person,
                organisation_id,
            )
            for session_id, person, organisation_id in new_attendance
        ],
        method=AttendanceMethod.IMPORT,
    )
    stats["attendance_created"] += added
    if len(new_attendance) > added:
        stats["attendance_unchanged"] += len(new_attendance) - added
