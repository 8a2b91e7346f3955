"""people_bulk_add: people_bulk_create's checks and writes, giving back only the new keys."""

import pytest
from django.core.exceptions import ValidationError

from partnerstwa.registry.models import Affiliation, Person
from partnerstwa.registry.services import people_bulk_add
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_people_added_in_bulk_give_back_their_keys_in_order_with_their_affiliations():
    organisation = OrganisationFactory()

    keys = people_bulk_add(
        people=[("Anna", " Nowak ", "anna@example.org"), ("Jan", "Kos", "")],
        organisation_ids=[organisation.pk, None],
    )

    stored = dict(Person.objects.values_list("pk", "last_name"))
    assert [stored[key] for key in keys] == ["Nowak", "Kos"]
    assert list(Affiliation.objects.values_list("person", "organisation")) == [
        (keys[0], organisation.pk)
    ]


def test_a_person_refused_in_a_bulk_add_refuses_the_batch_whole():
    with pytest.raises(ValidationError) as refused:
        people_bulk_add(
            people=[("Anna", "Nowak", ""), ("Jan", "Kos", "not an address")],
            organisation_ids=[None, None],
        )

    assert list(refused.value.message_dict) == ["email"]
    assert not Person.objects.exists()
