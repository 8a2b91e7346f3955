"""Writing a checked programme data package into the records, in one transaction."""

import datetime
import functools
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from partnerstwa.activities.models import Attendance, AttendanceMethod, Event, EventStatus, Session
from partnerstwa.contests.models import ContestEdition, EditionStatus
from partnerstwa.indicators import package as pkg
from partnerstwa.indicators.models import PackageKey
from partnerstwa.lib.dates import local_datetime
from partnerstwa.lib.text import compact_email
from partnerstwa.partnerships.models import MemberRole, Partnership, PartnershipMember, Project
from partnerstwa.partnerships.services import funding_programme_get_or_create
from partnerstwa.registry.models import (
    Affiliation,
    Association,
    AssociationMembership,
    Organisation,
    Person,
)
from partnerstwa.registry.validators import compact_nip, compact_regon

BATCH = 2000


class _DryRun(Exception):
    pass


def _keys(kind: str) -> dict[str, int]:
    return dict(PackageKey.objects.filter(kind=kind).values_list("key", "object_id"))


def _remember(kind: str, key: str, object_id: int) -> None:
    PackageKey.objects.update_or_create(kind=kind, key=key, defaults={"object_id": object_id})


def _save_if_changed(instance, values: dict, stats: Counter, name: str) -> None:
    changed = [field for field, value in values.items() if getattr(instance, field) != value]
    if changed:
        for field in changed:
            setattr(instance, field, values[field])
        instance.save(update_fields=changed)
        stats[f"{name}_updated"] += 1
    else:
        stats[f"{name}_unchanged"] += 1


def _unique_slug(model, base: str) -> str:
    base = slugify(base)[:100] or "rekord"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
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
    try:
        with transaction.atomic():
            _write(package, stats)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return stats


def _write(package: pkg.Package, stats: Counter) -> None:
    organisations = _write_organisations(package, stats)
    associations = dict(Association.objects.values_list("code", "pk"))
    for _row, values in package.rows["memberships"]:
        membership, created = AssociationMembership.objects.get_or_create(
            association_id=associations[values["association"]],
            organisation_id=organisations[values["organisation_key"]],
            joined_on=pkg.parse_date(values["joined_on"]),
            defaults={"left_on": pkg.parse_date(values["left_on"])},
        )
        if created:
            stats["memberships_created"] += 1
        else:
            _save_if_changed(
                membership, {"left_on": pkg.parse_date(values["left_on"])}, stats, "memberships"
            )
    partnerships = _write_partnerships(package, stats, organisations)
    _write_projects(package, stats, partnerships)
    events = _write_events(package, stats)
    _write_attendance(package, stats, events, organisations)
    _write_editions(package, stats)


def _write_organisations(package, stats) -> dict[str, int]:
    keys = _keys("organisation")
    existing = Organisation.objects.in_bulk(list(keys.values()))
    # The registry holds one organisation per unit: the package's gmina is that one.
    by_unit = {
        organisation.territorial_unit_id: organisation
        for organisation in Organisation.objects.filter(territorial_unit__in=package.units.values())
    }
    for _row, values in package.rows["organisations"]:
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
            organisation = Organisation.objects.create(**fields)  # validate() requires a name
            if unit is not None:
                by_unit[unit.pk] = organisation
            stats["organisations_created"] += 1
        else:
            _save_if_changed(organisation, fields, stats, "organisations")
        keys[values["key"]] = organisation.pk
        _remember("organisation", values["key"], organisation.pk)
    return keys


def _write_partnerships(package, stats, organisations) -> dict[str, int]:
    keys = _keys("partnership")
    existing = Partnership.objects.in_bulk(list(keys.values()))
    for _row, values in package.rows["partnerships"]:
        fields = {"name": values["name"], "formed_on": pkg.parse_date(values["formed_on"])}
        partnership = existing.get(keys.get(values["key"]))
        if partnership is None:
            partnership = Partnership.objects.create(
                slug=_unique_slug(Partnership, values["name"]), **fields
            )
            stats["partnerships_created"] += 1
        else:
            _save_if_changed(partnership, fields, stats, "partnerships")
        keys[values["key"]] = partnership.pk
        _remember("partnership", values["key"], partnership.pk)
    rows = package.rows["partnership_members"]
    # Demote before promoting, so that a new leader never meets the old one in the database.
    for _row, values in sorted(rows, key=lambda item: item[1]["role"] == "leader"):
        partnership_id = keys[values["partnership_key"]]
        organisation_id = organisations[values["organisation_key"]]
        fields = {"role": values["role"], "joined_on": pkg.parse_date(values["joined_on"])}
        member = PartnershipMember.objects.filter(
            partnership_id=partnership_id, organisation_id=organisation_id, left_on__isnull=True
        ).first()
        if values["role"] == MemberRole.LEADER and (
            member is None or member.role != MemberRole.LEADER
        ):
            PartnershipMember.objects.filter(
                partnership_id=partnership_id, role=MemberRole.LEADER, left_on__isnull=True
            ).update(role=MemberRole.MEMBER)
        if member is None:
            PartnershipMember.objects.create(
                partnership_id=partnership_id, organisation_id=organisation_id, **fields
            )
            stats["partnership_members_created"] += 1
        else:
            _save_if_changed(member, fields, stats, "partnership_members")
    return keys


def _write_projects(package, stats, partnerships) -> None:
    programmes = functools.cache(funding_programme_get_or_create)  # one lookup per name
    keys = _keys("project")
    existing = Project.objects.in_bulk(list(keys.values()))
    for _row, values in package.rows["projects"]:
        total, grant = pkg.parse_pln(values["total_value_pln"]), pkg.parse_pln(values["grant_pln"])
        fields = {
            "partnership_id": partnerships[values["partnership_key"]],
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
            project = Project.objects.create(**fields)
            stats["projects_created"] += 1
        else:
            _save_if_changed(project, fields, stats, "projects")
        _remember("project", values["key"], project.pk)


def _write_events(package, stats) -> dict[str, int]:
    """Events, each with one session spanning it (the package gives dates, not hours)."""
    keys = _keys("event")
    existing = Event.objects.in_bulk(list(keys.values()))
    session_of: dict[str, int] = {}
    for _row, values in package.rows["events"]:
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
            event = Event.objects.create(
                slug=_unique_slug(Event, f"{values['key']}-{values['title']}"[:90]),
                status=EventStatus.PUBLISHED,
                **fields,
            )
            stats["events_created"] += 1
        else:
            _save_if_changed(event, fields, stats, "events")
        session, _created = Session.objects.get_or_create(
            event=event, number=1, defaults={"starts_at": event.starts_at, "ends_at": event.ends_at}
        )
        if (session.starts_at, session.ends_at) != (
            event.starts_at,
            event.ends_at,
        ) and event.sessions.count() == 1:
            Session.objects.filter(pk=session.pk).update(
                starts_at=event.starts_at, ends_at=event.ends_at
            )
        keys[values["key"]] = event.pk
        session_of[values["key"]] = session.pk
        _remember("event", values["key"], event.pk)
    for key, event_id in keys.items():
        if key not in session_of:
            session_of[key] = (
                Session.objects.filter(event_id=event_id)
                .order_by("number")
                .values_list("pk", flat=True)
                .first()
            )
    return session_of


def _write_attendance(package, stats, sessions, organisations) -> None:
    rows = package.rows["attendance"]
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        emails = {compact_email(v["email"]) for _r, v in batch if v["email"]}
        people = {
            person.email.lower(): person
            for person in Person.objects.annotate(lower=Lower("email")).filter(lower__in=emails)
        }
        by_name: dict[tuple, Person] = {}
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
                person = Person.objects.create(
                    first_name=values["first_name"], last_name=values["last_name"], email=email
                )
                if organisation_id is not None:
                    Affiliation.objects.create(person=person, organisation_id=organisation_id)
                stats["people_created"] += 1
            if email:
                people[email] = person
            else:
                by_name[name_key] = person
            new_attendance.append(
                Attendance(
                    session_id=sessions[values["event_key"]],
                    person=person,
                    organisation_id=organisation_id,
                    method=AttendanceMethod.IMPORT,
                )
            )
        present = set(
            Attendance.objects.filter(
                session_id__in={a.session_id for a in new_attendance},
                person__in=[a.person for a in new_attendance],
            ).values_list("session_id", "person_id")
        )
        fresh = []
        for attendance in new_attendance:
            pair = (attendance.session_id, attendance.person.pk)
            if pair in present:
                stats["attendance_unchanged"] += 1
            else:
                present.add(pair)
                fresh.append(attendance)
        Attendance.objects.bulk_create(fresh)
        stats["attendance_created"] += len(fresh)


def _write_editions(package, stats) -> None:
    keys = _keys("contest_edition")
    existing = ContestEdition.objects.in_bulk(list(keys.values()))
    for _row, values in package.rows["contest_editions"]:
        decided = pkg.parse_date(values["decided_on"])
        fields = {"name": values["name"], "decided_on": decided}
        edition = existing.get(keys.get(values["key"]))
        if edition is None:
            edition = ContestEdition.objects.create(
                slug=_unique_slug(ContestEdition, values["name"]),
                year=decided.year,
                status=EditionStatus.PUBLISHED,
                **fields,
            )
            stats["contest_editions_created"] += 1
        else:
            _save_if_changed(edition, fields, stats, "contest_editions")
        _remember("contest_edition", values["key"], edition.pk)
