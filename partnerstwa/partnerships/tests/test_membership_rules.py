import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from partnerstwa.partnerships.models import MemberRole, PartnershipMember
from partnerstwa.partnerships.services import leader_change, member_add, member_end
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import OrganisationKind
from partnerstwa.registry.tests.factories import OrganisationFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def leaders_on(partnership, day):
    return list(
        PartnershipMember.objects.filter(partnership=partnership, role=MemberRole.LEADER)
        .active_on(day)
        .values_list("organisation__name", flat=True)
    )


def test_a_second_leader_is_refused_while_the_first_leads():
    partnership = PartnershipFactory()
    member_add(
        partnership=partnership,
        organisation=gmina_organisation("0201011"),
        role="leader",
        joined_on=D(2013, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        member_add(
            partnership=partnership,
            organisation=gmina_organisation("0201022"),
            role="leader",
            joined_on=D(2014, 1, 1),
        )
    assert "ma już wtedy lidera" in str(error.value)
    assert PartnershipMember.objects.filter(role="leader").count() == 1


def test_the_database_refuses_two_open_leaders_even_past_the_services():
    partnership = PartnershipFactory()
    member_add(partnership=partnership, organisation=gmina_organisation("0201011"), role="leader")
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(
            partnership=partnership, organisation=gmina_organisation("0201022"), role="leader"
        )


def test_leadership_handed_over_leaves_exactly_one_leader_on_every_day():
    partnership = PartnershipFactory()
    first = gmina_organisation("0201011", "Pierwsza")
    second = gmina_organisation("0201022", "Druga")
    member_add(partnership=partnership, organisation=first, role="leader", joined_on=D(2013, 1, 1))
    member_add(partnership=partnership, organisation=second, joined_on=D(2013, 1, 1))

    leader_change(partnership=partnership, organisation=second, on=D(2015, 7, 1))

    assert leaders_on(partnership, D(2015, 6, 30)) == ["Miasto Pierwsza"]
    assert leaders_on(partnership, D(2015, 7, 1)) == ["Gmina Druga"]
    # The previous leader stays on as a member; the new one is a member once, not twice.
    assert (
        PartnershipMember.objects.active_on(D(2016, 1, 1)).filter(partnership=partnership).count()
        == 2
    )
    assert set(
        PartnershipMember.objects.filter(partnership=partnership, left_on__isnull=True).values_list(
            "organisation__name", "role"
        )
    ) == {("Miasto Pierwsza", "member"), ("Gmina Druga", "leader")}


def test_a_leader_cannot_simply_leave_an_active_partnership():
    partnership = PartnershipFactory(status="active")
    leader = member_add(
        partnership=partnership, organisation=gmina_organisation("0201011"), role="leader"
    )
    with pytest.raises(ValidationError):
        member_end(member=leader, left_on=D(2016, 1, 1))
    partnership.status = "concluded"
    partnership.save()
    member_end(member=leader, left_on=D(2016, 1, 1))
    assert PartnershipMember.objects.get().left_on == D(2016, 1, 1)


def test_an_organisation_is_a_member_once_at_a_time_and_may_rejoin_after_leaving():
    partnership = PartnershipFactory()
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    first = member_add(partnership=partnership, organisation=ngo, joined_on=D(2013, 1, 1))
    with pytest.raises(ValidationError):
        member_add(partnership=partnership, organisation=ngo, joined_on=D(2014, 1, 1))
    member_end(member=first, left_on=D(2014, 6, 30))
    with pytest.raises(ValidationError):
        member_add(partnership=partnership, organisation=ngo, joined_on=D(2014, 6, 1))
    member_add(partnership=partnership, organisation=ngo, joined_on=D(2014, 7, 1))
    assert PartnershipMember.objects.filter(organisation=ngo).count() == 2


def test_the_database_refuses_the_same_organisation_twice_at_once():
    partnership = PartnershipFactory()
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    member_add(partnership=partnership, organisation=ngo)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(partnership=partnership, organisation=ngo)


def test_leaving_before_joining_is_refused_by_service_and_database():
    partnership = PartnershipFactory()
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    with pytest.raises(ValidationError):
        member_add(
            partnership=partnership,
            organisation=ngo,
            joined_on=D(2014, 1, 1),
            left_on=D(2013, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(
            partnership=partnership,
            organisation=ngo,
            joined_on=D(2014, 1, 1),
            left_on=D(2013, 1, 1),
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only (exclusion constraints); CI's PostgreSQL pass runs it with --no-skips",
)
def test_postgresql_refuses_overlapping_dated_leaders_in_the_database():
    partnership = PartnershipFactory()
    PartnershipMember.objects.create(
        partnership=partnership,
        organisation=gmina_organisation("0201011"),
        role="leader",
        joined_on=D(2013, 1, 1),
        left_on=D(2015, 12, 31),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipMember.objects.create(
            partnership=partnership,
            organisation=gmina_organisation("0201022"),
            role="leader",
            joined_on=D(2015, 1, 1),
            left_on=D(2016, 12, 31),
        )
    PartnershipMember.objects.create(
        partnership=partnership,
        organisation=gmina_organisation("0201022"),
        role="leader",
        joined_on=D(2016, 1, 1),
        left_on=D(2016, 12, 31),
    )


def test_sector_follows_from_the_kind_of_organisation():
    partnership = PartnershipFactory()
    for kind in ["gmina", "ngo", "business", "science", "public", "other"]:
        organisation = (
            gmina_organisation("0201011") if kind == "gmina" else OrganisationFactory(kind=kind)
        )
        member_add(partnership=partnership, organisation=organisation)
    sectors = dict(
        PartnershipMember.objects.with_sector().values_list("organisation__kind", "sector")
    )
    assert sectors == {
        "gmina": "public",
        "science": "public",
        "public": "public",
        "ngo": "social",
        "other": "social",
        "business": "private",
    }
