"""Issue 10, item 1: the bulk paths the import and the demo use live in the owning apps and hold
the rules the owners' one-by-one services hold. (Here, beside the import that needs them.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerstwa.activities.models import Event
from partnerstwa.activities.services import events_bulk_create
from partnerstwa.partnerships.models import MemberRole, PartnershipMember
from partnerstwa.partnerships.services import member_add, members_bulk_add, members_record
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Association, AssociationMembership, Organisation
from partnerstwa.registry.services import (
    memberships_bulk_create,
    organisations_bulk_create,
    people_bulk_create,
)
from partnerstwa.registry.tests.factories import OrganisationFactory, gmina

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_batch_of_members_with_a_second_leader_is_refused_whole():
    partnership = PartnershipFactory()
    leader, other, third = (gmina_organisation(c) for c in ("0201011", "0201022", "0201043"))
    member_add(partnership=partnership, organisation=leader, role=MemberRole.LEADER)
    batch = [
        PartnershipMember(partnership=partnership, organisation=other, role=MemberRole.MEMBER),
        PartnershipMember(partnership=partnership, organisation=third, role=MemberRole.LEADER),
    ]
    with pytest.raises(ValidationError) as refused:
        members_bulk_add(members=batch)
    assert list(refused.value.message_dict) == ["role"]
    assert partnership.members.count() == 1


def test_a_batch_naming_one_organisation_twice_at_one_time_is_refused_whole():
    partnership = PartnershipFactory()
    organisation = gmina_organisation("0201011")
    batch = [
        PartnershipMember(
            partnership=partnership, organisation=organisation, joined_on=D(2013, 1, 1)
        ),
        PartnershipMember(
            partnership=partnership, organisation=organisation, joined_on=D(2014, 1, 1)
        ),
    ]
    with pytest.raises(ValidationError) as refused:
        members_bulk_add(members=batch)
    assert list(refused.value.message_dict) == ["organisation"]
    assert not partnership.members.exists()


def test_a_new_leader_from_a_package_takes_over_and_the_previous_one_stays_a_member():
    partnership = PartnershipFactory()
    first, second = gmina_organisation("0201011"), gmina_organisation("0201022")
    outcomes = members_record(
        partnership=partnership, rows=[(first, MemberRole.LEADER, None), (second, "member", None)]
    )
    assert outcomes == ["created", "created"]
    outcomes = members_record(
        partnership=partnership, rows=[(first, "member", None), (second, MemberRole.LEADER, None)]
    )
    assert outcomes == ["updated", "updated"]
    roles = dict(partnership.members.values_list("organisation_id", "role"))
    assert roles == {first.pk: MemberRole.MEMBER, second.pk: MemberRole.LEADER}


def test_a_package_member_meeting_an_earlier_term_of_its_organisation_is_refused():
    partnership = PartnershipFactory()
    organisation = gmina_organisation("0201011")
    member_add(
        partnership=partnership,
        organisation=organisation,
        joined_on=D(2013, 1, 1),
        left_on=D(2016, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        members_record(partnership=partnership, rows=[(organisation, "member", D(2015, 1, 1))])
    assert list(refused.value.message_dict) == ["organisation"]
    assert partnership.members.count() == 1


def test_organisations_in_bulk_get_one_per_unit_and_the_customary_name():
    unit = gmina("0201011")
    (created,) = organisations_bulk_create(
        organisations=[Organisation(kind="gmina", territorial_unit=unit, nip="779-101-13-27")]
    )
    assert (created.name, created.nip) == ("Miasto Bolesławiec", "7791011327")
    with pytest.raises(ValidationError) as refused:
        organisations_bulk_create(organisations=[Organisation(kind="gmina", territorial_unit=unit)])
    assert list(refused.value.message_dict) == ["territorial_unit"]
    with pytest.raises(ValidationError):  # a unit belongs to local governments only
        organisations_bulk_create(
            organisations=[
                Organisation(kind="ngo", name="Fundacja", territorial_unit=gmina("0201022"))
            ]
        )
    assert Organisation.objects.count() == 1


def test_memberships_in_bulk_refuse_an_organisation_already_a_member_then():
    zmp = Association.objects.get(code="ZMP")
    organisation = OrganisationFactory()
    memberships_bulk_create(association=zmp, organisations=[organisation], joined_on=D(2005, 1, 1))
    with pytest.raises(ValidationError):
        memberships_bulk_create(
            association=zmp, organisations=[organisation], joined_on=D(2010, 1, 1)
        )
    assert AssociationMembership.objects.filter(organisation=organisation).count() == 1


def test_people_in_bulk_are_checked_and_affiliated():
    organisation = OrganisationFactory()
    (person,) = people_bulk_create(
        people=[(" Anna ", "Nowak", "anna@example.org")], organisation_ids=[organisation.pk]
    )
    assert (
        person.first_name,
        list(person.affiliations.values_list("organisation", flat=True)),
    ) == (
        "Anna",
        [organisation.pk],
    )
    with pytest.raises(ValidationError):
        people_bulk_create(people=[("Jan", "Kowalski", "not an address")], organisation_ids=[None])


def test_events_in_bulk_get_the_defaults_and_distinct_address_names():
    start = datetime.datetime(2014, 5, 12, 10, tzinfo=datetime.UTC)
    (event,) = events_bulk_create(
        events=[
            Event(
                kind="training", title="Szkolenie", slug="szkolenie", starts_at=start, ends_at=start
            )
        ]
    )
    assert (event.sessions.count(), event.questions.count()) == (1, 4)
    with pytest.raises(ValidationError) as refused:
        events_bulk_create(
            events=[
                Event(
                    kind="training", title="Inne", slug="szkolenie", starts_at=start, ends_at=start
                )
            ]
        )
    assert list(refused.value.message_dict) == ["slug"]
    assert Event.objects.count() == 1
