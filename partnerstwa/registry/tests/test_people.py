"""People in the registry: who else uses a person's record (finding 2 of issue 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.registry.selectors import person_used_elsewhere
from partnerstwa.registry.services import affiliation_ensure, person_create, person_rename
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_person_is_used_by_nothing():
    person = person_create(first_name="Jan", last_name="Nowak")
    assert not person_used_elsewhere(person)


def test_any_record_pointing_to_a_person_counts_unless_left_out():
    person = person_create(first_name="Jan", last_name="Nowak")
    organisation = OrganisationFactory(kind="ngo")
    affiliation_ensure(person=person, organisation=organisation, position="Prezes")
    assert person_used_elsewhere(person)
    assert not person_used_elsewhere(
        person, besides={"registry.Affiliation.person": Q(organisation=organisation)}
    )


def test_a_registered_participant_is_used_elsewhere():
    person = register(event()).person
    assert person_used_elsewhere(person)


def test_a_rename_refuses_a_line_break_and_changes_nothing():
    person = person_create(first_name="Jan", last_name="Nowak")
    with pytest.raises(ValidationError):
        person_rename(person=person, first_name="Jan\nBcc: x@example.org", last_name="Nowak")
    person.refresh_from_db()
    assert person.first_name == "Jan"
