"""Findings 2 and 3 of issue 9, existing data: migration 0008 gives the contacts entered before
0006 their partnership's own e-mail, phone and position, and gives their coordinators back the
right to correct the names they entered, while a shared person's address stays private.

The migration's own function runs on rows shaped as 0006 left them. It is called with today's
models rather than through the migration executor: later migrations (translated fields) change
the tables, so the models of 0007 can no longer create the rows the factories make; the function
reads and writes only fields that every later state keeps."""

import importlib

from django.apps import apps
from django.db import migrations

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.selectors import member_contact_is_own
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Affiliation, Person

MIGRATION = importlib.import_module(
    "partnerstwa.partnerships.migrations.0008_member_contact_own_fields_filled"
)


def _migrate_to_0008() -> None:
    MIGRATION.fill_contact_fields(apps, None)


def _contact(member: PartnershipMember, person: Person) -> None:
    """The contact as 0006 left it: linked, nothing of the partnership's own filled in."""
    PartnershipMember.objects.filter(pk=member.pk).update(
        contact_person=person,
        contact_created=None,
        contact_email="",
        contact_phone="",
        contact_position="",
    )


def _own_fields(member: PartnershipMember) -> tuple:
    member.refresh_from_db()
    return (
        member.contact_created_id,
        member.contact_email,
        member.contact_phone,
        member.contact_position,
    )


def test_finding_2_migration_0008_fills_only_contacts_nothing_else_uses(db):
    partnership = PartnershipFactory()
    organisation = gmina_organisation("0201011")
    other_organisation = gmina_organisation("0201022")
    own = member_add(partnership=partnership, organisation=organisation, role="leader")
    shared_by_registration = member_add(partnership=partnership, organisation=other_organisation)
    in_two = member_add(partnership=PartnershipFactory(), organisation=organisation)
    in_two_elsewhere = member_add(partnership=PartnershipFactory(), organisation=organisation)
    kept = member_add(partnership=PartnershipFactory(), organisation=other_organisation)
    without = member_add(partnership=PartnershipFactory(), organisation=other_organisation)

    # Entered by a coordinator before 0006: affiliated with the member organisation only.
    entered = Person.objects.create(
        first_name="Jan", last_name="Nowak", email="jan@example.org", phone="600 000 001"
    )
    Affiliation.objects.create(person=entered, organisation=organisation, position="Wójt")
    _contact(own, entered)
    # A participant: registered for an event, linked by staff.
    participant = register(
        event(), first_name="Zofia", last_name="Obca", email="zofia@example.org", phone="600100200"
    ).person
    Affiliation.objects.create(person=participant, organisation=other_organisation, position="X")
    _contact(shared_by_registration, participant)
    # The contact of two members.
    twice = Person.objects.create(first_name="Ewa", last_name="Dwa", email="ewa@example.org")
    _contact(in_two, twice)
    _contact(in_two_elsewhere, twice)
    # A coordinator already wrote the partnership's own e-mail after 0006.
    renamed = Person.objects.create(first_name="Piotr", last_name="Nowy", email="stary@example.org")
    _contact(kept, renamed)
    PartnershipMember.objects.filter(pk=kept.pk).update(contact_email="nowy@example.org")

    _migrate_to_0008()

    assert _own_fields(own) == (entered.pk, "jan@example.org", "600 000 001", "Wójt")
    assert _own_fields(shared_by_registration) == (None, "", "", "")
    assert _own_fields(in_two) == (None, "", "", "")
    assert _own_fields(in_two_elsewhere) == (None, "", "", "")
    assert _own_fields(kept) == (renamed.pk, "nowy@example.org", "", "")
    assert _own_fields(without) == (None, "", "", "")
    # The coordinators may correct the name they entered again; a shared person stays shared.
    assert member_contact_is_own(own)
    assert not member_contact_is_own(shared_by_registration)
    # The registry's records are read, never written.
    participant.refresh_from_db()
    assert (participant.email, participant.phone) == ("zofia@example.org", "600100200")


def test_finding_2_migration_0008_reverses_as_a_no_op(db):
    member = member_add(
        partnership=PartnershipFactory(), organisation=gmina_organisation("0201011")
    )
    entered = Person.objects.create(first_name="Jan", last_name="Nowak", email="jan@example.org")
    _contact(member, entered)
    _migrate_to_0008()
    filled = _own_fields(member)
    (operation,) = MIGRATION.Migration.operations
    assert operation.reverse_code is migrations.RunPython.noop
    assert _own_fields(member) == filled == (entered.pk, "jan@example.org", "", "")
