import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerstwa.registry.models import Association, AssociationMembership, Organisation
from partnerstwa.registry.services import membership_create
from partnerstwa.registry.tests.factories import MembershipFactory, OrganisationFactory

D = datetime.date


@pytest.mark.django_db
def test_the_four_programme_associations_are_seeded():
    assert set(Association.objects.values_list("code", flat=True)) >= {"ZMP", "ZPP", "ZGWRP", "KS"}


@pytest.mark.django_db
def test_members_on_a_date_count_joining_and_leaving_days_inclusively(django_assert_num_queries):
    zmp = Association.objects.get(code="ZMP")
    joined_later = OrganisationFactory()
    left_earlier = OrganisationFactory()
    current = OrganisationFactory()
    leaves_that_day = OrganisationFactory()
    other_association = OrganisationFactory()
    MembershipFactory(association=zmp, organisation=joined_later, joined_on=D(2015, 1, 2))
    MembershipFactory(
        association=zmp, organisation=left_earlier, joined_on=D(2000, 1, 1), left_on=D(2014, 12, 31)
    )
    MembershipFactory(association=zmp, organisation=current, joined_on=D(2015, 1, 1))
    MembershipFactory(
        association=zmp,
        organisation=leaves_that_day,
        joined_on=D(2001, 1, 1),
        left_on=D(2015, 1, 1),
    )
    MembershipFactory(
        association=Association.objects.get(code="ZPP"), organisation=other_association
    )

    with django_assert_num_queries(1):
        members = set(Organisation.objects.members_of("ZMP", D(2015, 1, 1)))

    assert members == {current, leaves_that_day}


@pytest.mark.django_db
def test_an_organisation_cannot_hold_two_overlapping_memberships_of_one_association():
    zmp = Association.objects.get(code="ZMP")
    organisation = OrganisationFactory()
    membership_create(
        association=zmp, organisation=organisation, joined_on=D(2010, 1, 1), left_on=D(2012, 1, 1)
    )
    membership_create(association=zmp, organisation=organisation, joined_on=D(2013, 1, 1))

    with pytest.raises(ValidationError) as error:
        membership_create(
            association=zmp,
            organisation=organisation,
            joined_on=D(2011, 6, 1),
            left_on=D(2011, 7, 1),
        )
    assert "już członkiem" in str(error.value)
    with pytest.raises(ValidationError):
        membership_create(association=zmp, organisation=organisation, joined_on=D(2020, 1, 1))
    assert AssociationMembership.objects.count() == 2


@pytest.mark.django_db
def test_leaving_before_joining_is_refused_by_the_form_and_the_database():
    zmp = Association.objects.get(code="ZMP")
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        membership_create(
            association=zmp,
            organisation=organisation,
            joined_on=D(2010, 1, 1),
            left_on=D(2009, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AssociationMembership.objects.create(
            association=zmp,
            organisation=organisation,
            joined_on=D(2010, 1, 1),
            left_on=D(2009, 1, 1),
        )
