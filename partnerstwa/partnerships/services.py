"""Writes to partnerships: membership and leadership, projects, deliverables, support."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerstwa.lib import bulk
from partnerstwa.lib.bounds import validate_long_text
from partnerstwa.lib.text import slug as slug_of
from partnerstwa.partnerships import selectors
from partnerstwa.partnerships.models import (
    DELIVERABLE_STATUS_ORDER,
    Deliverable,
    DeliverableStatus,
    FundingProgramme,
    MemberRole,
    Partnership,
    PartnershipMember,
    Project,
    SupportEngagement,
)
from partnerstwa.registry import selectors as registry_selectors
from partnerstwa.registry import services as registry_services
from partnerstwa.registry.models import Organisation, Person

ONE_DAY = datetime.timedelta(days=1)


def _unique_slug(name: str) -> str:
    base = slug_of(name)[:100] or "partnerstwo"
    slug, number = base, 2
    while Partnership.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def partnership_create(*, name: str, slug: str = "", **fields) -> Partnership:
    partnership = Partnership(name=name, slug=slug or _unique_slug(name), **fields)
    partnership.full_clean()
    partnership.save()
    return partnership


def partnerships_bulk_create(*, partnerships: Iterable[Partnership]) -> list[Partnership]:
    """Many new partnerships at once (imports), under partnership_create's rules, each checked
    in turn as it comes (every field valid), the address names all distinct and free (one
    query for them all)."""
    checked = []
    for partnership in partnerships:
        partnership.full_clean(validate_unique=False)
        checked.append(partnership)
    slugs = [partnership.slug for partnership in checked]
    if len(slugs) != len(set(slugs)) or Partnership.objects.filter(slug__in=slugs).exists():
        raise ValidationError({"slug": Partnership().unique_error_message(Partnership, ("slug",))})
    with transaction.atomic():
        return bulk.create(checked)


def partnership_update(*, partnership: Partnership, **fields) -> Partnership:
    for field, value in fields.items():
        setattr(partnership, field, value)
    partnership.full_clean()
    partnership.save()
    return partnership


def _overlapping(queryset, joined_on: datetime.date | None, left_on: datetime.date | None):
    """Rows whose [joined_on, left_on] period (empty ends open) meets the given period."""
    if left_on is not None:
        queryset = queryset.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=left_on))
    if joined_on is not None:
        queryset = queryset.filter(Q(left_on__isnull=True) | Q(left_on__gte=joined_on))
    return queryset


def _lock(partnership: Partnership) -> None:
    # Serialises membership changes of one partnership (SQLite: the IMMEDIATE transaction).
    Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()


def member_validate(
    *,
    partnership: Partnership,
    organisation: Organisation,
    role: str,
    joined_on: datetime.date | None,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    if joined_on and left_on and left_on < joined_on:
        raise ValidationError({"left_on": _("The leaving date cannot precede the joining date.")})
    rows = PartnershipMember.objects.filter(partnership=partnership)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    if _overlapping(rows.filter(organisation=organisation), joined_on, left_on).exists():
        raise ValidationError(
            {"organisation": _("This organisation is already a member of the partnership then.")}
        )
    if (
        role == MemberRole.LEADER
        and _overlapping(rows.filter(role=MemberRole.LEADER), joined_on, left_on).exists()
    ):
        raise ValidationError(
            {
                "role": _(
                    "The partnership already has a leader then: hand the leadership over instead."
                )
            }
        )


def member_add(
    *,
    partnership: Partnership,
    organisation: Organisation,
    role: str = MemberRole.MEMBER,
    joined_on: datetime.date | None = None,
    left_on: datetime.date | None = None,
) -> PartnershipMember:
    with transaction.atomic():
        _lock(partnership)
        member_validate(
            partnership=partnership,
            organisation=organisation,
            role=role,
            joined_on=joined_on,
            left_on=left_on,
        )
        member = PartnershipMember(
            partnership=partnership,
            organisation=organisation,
            role=role,
            joined_on=joined_on,
            left_on=left_on,
        )
        member.full_clean(validate_constraints=False)
        member.save()
    return member


def member_end(*, member: PartnershipMember, left_on: datetime.date) -> PartnershipMember:
    """An organisation leaves. The leader cannot simply leave an active partnership: the
    leadership is handed over with leader_change, so that there is a leader at every date."""
    with transaction.atomic():
        _lock(member.partnership)
        member.refresh_from_db()
        if member.left_on is not None:
            raise ValidationError(_("This organisation has already left the partnership."))
        if member.role == MemberRole.LEADER and member.partnership.status != "concluded":
            raise ValidationError(
                _("The leader cannot leave an active partnership: hand the leadership over first.")
            )
        if member.joined_on and left_on < member.joined_on:
            raise ValidationError(
                {"left_on": _("The leaving date cannot precede the joining date.")}
            )
        member.left_on = left_on
        member.save(update_fields=["left_on"])
    return member


def leader_change(
    *,
    partnership: Partnership,
    organisation: Organisation,
    on: datetime.date,
    previous_leader_stays: bool = True,
) -> PartnershipMember:
    """Hand the leadership to an organisation from a date: the previous leader's term ends the
    day before (it stays a member unless told otherwise), so exactly one leader holds each day."""
    with transaction.atomic():
        _lock(partnership)
        current = (
            PartnershipMember.objects.filter(partnership=partnership, role=MemberRole.LEADER)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
            .select_related("organisation")
            .first()
        )
        if current is not None:
            if current.organisation_id == organisation.pk:
                raise ValidationError(_("This organisation already leads the partnership."))
            if current.joined_on and current.joined_on >= on:
                raise ValidationError(
                    _(
                        "The new leader's term must start after the current leader's "
                        "began (%(date)s)."
                    )
                    % {"date": current.joined_on}
                )
            current.left_on = on - ONE_DAY
            current.save(update_fields=["left_on"])
        # The new leader's ordinary membership, if any, turns into the leadership.
        own = (
            PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
            .first()
        )
        if own is not None:
            if own.joined_on and own.joined_on >= on:
                own.delete()
            else:
                own.left_on = on - ONE_DAY
                own.save(update_fields=["left_on"])
        leader = PartnershipMember(
            partnership=partnership, organisation=organisation, role=MemberRole.LEADER, joined_on=on
        )
        leader.full_clean(validate_constraints=False)
        leader.save()
        if current is not None and previous_leader_stays:
            PartnershipMember.objects.create(
                partnership=partnership,
                organisation=current.organisation,
                role=MemberRole.MEMBER,
                joined_on=on,
            )
    return leader


def member_contact_set(
    *,
    member: PartnershipMember,
    first_name: str,
    last_name: str,
    email: str = "",
    phone: str = "",
    position: str = "",
) -> PartnershipMember:
    """Record who speaks for a member organisation in the partnership, as its coordinators
    give it.

    The e-mail, phone and position are the partnership's own fields: the form never looks an
    address up in the registry, so it answers alike whether an address is known or not. The
    name is the registry person's (see _contact_named for which person it names); a person the
    coordinators did not create keeps their record as it is (a participant linked by staff)."""
    first_name, last_name = first_name.strip(), last_name.strip()
    with transaction.atomic():
        member = PartnershipMember.objects.select_for_update().get(pk=member.pk)
        person = member.contact_person
        if person is None or (person.first_name, person.last_name) != (first_name, last_name):
            person = _contact_named(member, first_name=first_name, last_name=last_name)
            member.contact_person = person
        if member.contact_created_id == person.pk:
            registry_services.affiliation_ensure(
                person=person, organisation=member.organisation, position=position.strip()
            )
        member.contact_email = email.strip()
        member.contact_phone = phone.strip()
        member.contact_position = position.strip()
        member.full_clean(validate_constraints=False)
        member.save(
            update_fields=[
                "contact_person",
                "contact_created",
                "contact_email",
                "contact_phone",
                "contact_position",
            ]
        )
    return member


def _contact_named(member: PartnershipMember, *, first_name: str, last_name: str) -> Person:
    """The person a name typed in the contact form stands for, in this order:

    1. the one person of that name affiliated now with the member organisation: linked, never
       shown or rewritten. A second record of the same name there would make the attendance
       import's name matching fail for both ("a name that fits several people matches nobody");
    2. the person this member's coordinators created, renamed, while nothing else uses it (a
       typo corrected twice makes no second person);
    3. a new person, affiliated with the organisation, recorded as created by the coordinators.

    Every branch leads to the same answer, so the form does not tell what the registry holds."""
    created_free = selectors.member_created_contact_is_free(member)
    match = registry_selectors.person_at_organisation_by_name(
        first_name=first_name,
        last_name=last_name,
        organisation=member.organisation,
        on=timezone.localdate(),
    )
    if match is not None and not (created_free and match.pk == member.contact_created_id):
        return match
    if created_free:
        return registry_services.person_rename(
            person=member.contact_created, first_name=first_name, last_name=last_name
        )
    person = registry_services.person_create(first_name=first_name, last_name=last_name)
    member.contact_created = person
    return person


def funding_programme_get_or_create(name: str, *, name_en: str = "") -> FundingProgramme | None:
    """The funding programme of that name; an English name given fills one not yet set."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = FundingProgramme.objects.filter(name__iexact=name).first()
    if existing is not None:
        if name_en and not existing.name_en:
            existing.name_en = name_en
            existing.save(update_fields=["name_en"])
        return existing
    try:
        with transaction.atomic():
            # None, not "": the English names are unique, and many may be missing.
            return FundingProgramme.objects.create(name=name, name_en=name_en or None)
    except IntegrityError:  # created by someone else a moment ago
        return FundingProgramme.objects.get(name=name)


def project_amounts(
    *, total_value: Decimal | None, grant: Decimal | None, own_contribution: Decimal | None
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Check the amounts add up; when two are known the third follows from them."""
    known = [v for v in (total_value, grant, own_contribution) if v is not None]
    if len(known) == 3 and grant + own_contribution != total_value:
        raise ValidationError(
            {
                "total_value": _(
                    "The grant (%(grant)s) and the own contribution (%(own)s) add up to %(sum)s, "
                    "not to the total value %(total)s."
                )
                % {
                    "grant": grant,
                    "own": own_contribution,
                    "sum": grant + own_contribution,
                    "total": total_value,
                }
            }
        )
    if len(known) == 2:
        if total_value is None:
            total_value = grant + own_contribution
        elif grant is None:
            grant = total_value - own_contribution
        else:
            own_contribution = total_value - grant
        if min(total_value, grant, own_contribution) < 0:
            raise ValidationError({"grant": _("The grant cannot exceed the total value.")})
    return total_value, grant, own_contribution


def project_save(*, partnership: Partnership, project: Project | None = None, **fields) -> Project:
    project = project or Project(partnership=partnership)
    if project.partnership_id != partnership.pk:
        raise ValidationError(_("This project belongs to another partnership."))
    fields["total_value"], fields["grant"], fields["own_contribution"] = project_amounts(
        total_value=fields.get("total_value"),
        grant=fields.get("grant"),
        own_contribution=fields.get("own_contribution"),
    )
    for field, value in fields.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    return project


def projects_bulk_create(*, projects: Iterable[Project]) -> list[Project]:
    """Many new projects at once (imports), each under project_save's rules, checked in turn
    as they come: the amounts add up (the third worked out from two), every field valid. The
    partnerships and funding programmes are records the caller holds, and the table's check
    constraints (amounts, dates) hold in the database: a query per project for each would cost
    more than the import (IntegrityError: the caller has checked the dates)."""
    checked = []
    for project in projects:
        project.total_value, project.grant, project.own_contribution = project_amounts(
            total_value=project.total_value,
            grant=project.grant,
            own_contribution=project.own_contribution,
        )
        project.full_clean(
            exclude=["partnership", "funding_programme"],
            validate_unique=False,
            validate_constraints=False,
        )
        checked.append(project)
    with transaction.atomic():
        return bulk.create(checked)


def deliverable_validate_status(*, previous: str | None, new: str) -> None:
    if previous is None:
        return
    order = [str(status) for status in DELIVERABLE_STATUS_ORDER]
    if order.index(new) < order.index(previous):
        raise ValidationError(
            {
                "status": _(
                    "A document moves forward only: planned, in progress, adopted; "
                    "not back to “%(status)s”."
                )
                % {"status": DeliverableStatus(new).label}
            }
        )


def deliverable_save(
    *, partnership: Partnership, deliverable: Deliverable | None = None, **fields
) -> Deliverable:
    previous = deliverable.status if deliverable is not None and deliverable.pk else None
    old_file = ""
    if deliverable is not None and deliverable.pk:
        old_file = Deliverable.objects.filter(pk=deliverable.pk).values_list("file", flat=True)[0]
    deliverable = deliverable or Deliverable(partnership=partnership)
    if deliverable.partnership_id != partnership.pk:
        raise ValidationError(_("This document belongs to another partnership."))
    project = fields.get("project")
    if project is not None and project.partnership_id != partnership.pk:
        raise ValidationError({"project": _("Choose a project of this partnership.")})
    deliverable_validate_status(previous=previous, new=fields.get("status", deliverable.status))
    for field, value in fields.items():
        setattr(deliverable, field, value)
    if deliverable.status == DeliverableStatus.ADOPTED:
        missing = {}
        if not deliverable.adopted_on:
            missing["adopted_on"] = _("Give the date the document was adopted.")
        if not deliverable.adopting_resolution:
            missing["adopting_resolution"] = _("Give the reference of the adopting resolution.")
        if missing:
            raise ValidationError(missing)
    else:
        deliverable.adopted_on = None
    deliverable.full_clean()
    with transaction.atomic():
        deliverable.save()
        if old_file and old_file != deliverable.file.name:
            # A replaced or cleared file leaves the disk once the change is committed.
            transaction.on_commit(lambda: deliverable.file.storage.delete(old_file))
    return deliverable


def deliverable_delete(*, deliverable: Deliverable) -> None:
    with transaction.atomic():
        name, storage = deliverable.file.name, deliverable.file.storage
        deliverable.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def support_engagement_create(*, partnership: Partnership, **fields) -> SupportEngagement:
    engagement = SupportEngagement(partnership=partnership, **fields)
    engagement.full_clean()
    engagement.save()
    return engagement


def support_notes_update(*, engagement: SupportEngagement, notes: str) -> SupportEngagement:
    validate_long_text(notes)
    engagement.notes = notes
    engagement.save(update_fields=["notes"])
    return engagement


# The partnership and the organisation are instances the caller holds: no query re-checks them.
_HELD = ["partnership", "organisation"]


def members_bulk_add(*, members: list[PartnershipMember]) -> list[PartnershipMember]:
    """Many new members at once (the demo): the rules of member_add — each partnership locked,
    no organisation twice in one partnership at a time, one leader at a time — checked for the
    whole batch in a few queries."""
    with transaction.atomic():
        partnership_ids = {member.partnership_id for member in members}
        list(Partnership.objects.select_for_update().filter(pk__in=partnership_ids).values("pk"))
        held: dict[int, list[tuple]] = {}
        for partnership_id, *period in PartnershipMember.objects.filter(
            partnership_id__in=partnership_ids
        ).values_list("partnership_id", "organisation_id", "role", "joined_on", "left_on"):
            held.setdefault(partnership_id, []).append(tuple(period))
        for member in members:
            if member.left_on and member.joined_on and member.left_on < member.joined_on:
                raise ValidationError(
                    {"left_on": _("The leaving date cannot precede the joining date.")}
                )
            rows = held.setdefault(member.partnership_id, [])
            for organisation_id, role, joined_on, left_on in rows:
                meets = (
                    left_on is None or member.joined_on is None or left_on >= member.joined_on
                ) and (member.left_on is None or joined_on is None or joined_on <= member.left_on)
                if meets and organisation_id == member.organisation_id:
                    raise ValidationError(
                        {
                            "organisation": _(
                                "This organisation is already a member of the partnership then."
                            )
                        }
                    )
                if meets and role == member.role == MemberRole.LEADER:
                    raise ValidationError(
                        {
                            "role": _(
                                "The partnership already has a leader then: hand the leadership "
                                "over instead."
                            )
                        }
                    )
            member.full_clean(validate_unique=False, validate_constraints=False)
            rows.append((member.organisation_id, member.role, member.joined_on, member.left_on))
        return bulk.create(members)  # recorded in the audit trail, as bulk_create is not


def members_record(
    *, partnership: Partnership, rows: Iterable[tuple[Organisation, str, datetime.date | None]]
) -> list[str]:
    """Organisations' current memberships of one partnership as an outside record states
    them: see members_record_many."""
    (outcomes,) = members_record_many(groups=[(partnership, rows)])
    return outcomes


def members_record_many(
    *,
    groups: Iterable[tuple[Partnership, Iterable[tuple[Organisation, str, datetime.date | None]]]],
) -> list[list[str]]:
    """Organisations' current memberships as an outside record (the programme package) states
    them, per partnership each (organisation, role, joined_on) in turn: "created", "updated"
    or "unchanged". The package gives roles, not terms, so a new leader takes over the current
    one, who stays a member: one leader at a time, under the partnerships' locks as
    leader_change holds them, and member_add's rules for a new member (the fields' own checks,
    each distinct value once) — in a few queries for all the partnerships together."""
    groups = list(groups)
    ids = [partnership.pk for partnership, _rows in groups]
    checks = bulk.FieldChecks(PartnershipMember, ["role", "joined_on"])
    with transaction.atomic():
        # Serialises membership changes of these partnerships (SQLite: the IMMEDIATE transaction).
        list(Partnership.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        held: dict[int, list[PartnershipMember]] = {pk: [] for pk in ids}
        for member in PartnershipMember.objects.filter(partnership_id__in=ids).order_by("pk"):
            held[member.partnership_id].append(member)
        changed: dict[int, tuple[PartnershipMember, set[str]]] = {}
        new: list[PartnershipMember] = []
        results = [
            _members_apply(partnership, held[partnership.pk], rows, checks, changed, new)
            for partnership, rows in groups
        ]
        for member, fields in changed.values():
            member.save(update_fields=sorted(fields))
        bulk.create(new)
    return results


def _members_apply(partnership, members, rows, checks, changed, new) -> list[str]:
    """members_record_many's rules for one partnership's rows, on its members in hand."""
    outcomes = []

    def touch(member: PartnershipMember, *fields: str) -> None:
        if member.pk is not None:
            changed.setdefault(member.pk, (member, set()))[1].update(fields)

    for organisation, role, joined_on in rows:
        current = [m for m in members if m.left_on is None]
        member = next((m for m in current if m.organisation_id == organisation.pk), None)
        if role == MemberRole.LEADER and (member is None or member.role != MemberRole.LEADER):
            for other in current:
                if other.role == MemberRole.LEADER:
                    other.role = MemberRole.MEMBER
                    touch(other, "role")
        if member is None:
            # member_validate's rules, on the rows in hand (this organisation has no open row)
            meeting = [
                m
                for m in members
                if joined_on is None or m.left_on is None or m.left_on >= joined_on
            ]
            if any(m.organisation_id == organisation.pk for m in meeting):
                raise ValidationError(
                    {
                        "organisation": _(
                            "This organisation is already a member of the partnership then."
                        )
                    }
                )
            if role == MemberRole.LEADER and any(m.role == MemberRole.LEADER for m in meeting):
                raise ValidationError(
                    {
                        "role": _(
                            "The partnership already has a leader then: hand the leadership "
                            "over instead."
                        )
                    }
                )
            values = checks.clean({"role": role, "joined_on": joined_on})
            member = PartnershipMember(partnership=partnership, organisation=organisation, **values)
            members.append(member)
            new.append(member)
            outcomes.append("created")
            continue
        fields = [
            name
            for name, value in (("role", role), ("joined_on", joined_on))
            if getattr(member, name) != value
        ]
        if fields:
            values = checks.clean({"role": role, "joined_on": joined_on})
            member.role, member.joined_on = values["role"], values["joined_on"]
            touch(member, *fields)
        outcomes.append("updated" if fields else "unchanged")
    return outcomes
