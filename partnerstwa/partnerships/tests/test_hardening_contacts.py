"""Findings 2 and 3 of issue 9: a coordinator's contact form never rewrites, shows or probes a
person of the registry it did not create."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.services import member_add, support_engagement_create
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(client):
    partnership = PartnershipFactory(name="Własne", slug="wlasne")
    coordinator = get_user_model().objects.create_user("koordynator", password="x")
    partnership.coordinators.add(coordinator)
    client.force_login(coordinator)
    leader = member_add(
        partnership=partnership, organisation=gmina_organisation("0201011"), role="leader"
    )
    member = member_add(partnership=partnership, organisation=gmina_organisation("0201022"))
    return {"partnership": partnership, "leader": leader, "member": member}


@pytest.fixture
def participant():
    """Someone the registry knows from elsewhere: registered for an event."""
    registration = register(
        event(), first_name="Zofia", last_name="Obca", email="zofia@example.org", phone="600100200"
    )
    return registration.person


def _url(member: PartnershipMember) -> str:
    return reverse("partnerships:member_contact", args=[member.partnership.slug, member.pk])


def _link_by_staff(member: PartnershipMember, person: Person) -> None:
    member.contact_person = person
    member.save(update_fields=["contact_person"])


def _identity(person: Person) -> tuple:
    person.refresh_from_db()
    return (person.first_name, person.last_name, person.email, person.phone)


def test_finding_2_a_staff_linked_participant_is_never_rewritten(client, own, participant):
    member = own["leader"]
    _link_by_staff(member, participant)
    before = _identity(participant)
    response = client.post(
        _url(member),
        {"first_name": "Ktoś", "last_name": "Inny", "email": "napastnik@example.org"},
    )
    assert response.status_code == 302
    assert _identity(participant) == before
    member.refresh_from_db()
    assert member.contact_person != participant
    assert (member.contact_person.first_name, member.contact_person.last_name) == ("Ktoś", "Inny")
    assert member.contact_email == "napastnik@example.org"


def test_finding_2_the_coordinator_never_sees_a_shared_persons_email(client, own, participant):
    member = own["leader"]
    _link_by_staff(member, participant)
    form = client.get(_url(member)).content.decode()
    overview = client.get(reverse("partnerships:edit", args=["wlasne"])).content.decode()
    for page in (form, overview):
        assert "zofia@example.org" not in page
        assert "600100200" not in page
    assert "Zofia Obca" in overview  # who speaks for the member is no secret


def test_finding_2_keeping_a_linked_persons_name_changes_only_the_partnerships_fields(
    client, own, participant
):
    member = own["leader"]
    _link_by_staff(member, participant)
    before = _identity(participant)
    response = client.post(
        _url(member),
        {
            "first_name": "Zofia",
            "last_name": "Obca",
            "email": "sekretariat@example.org",
            "phone": "71 000 00 00",
            "position": "Sekretarz",
        },
    )
    assert response.status_code == 302
    assert _identity(participant) == before
    assert not participant.affiliations.exists()
    member.refresh_from_db()
    assert member.contact_person == participant
    assert (member.contact_email, member.contact_phone, member.contact_position) == (
        "sekretariat@example.org",
        "71 000 00 00",
        "Sekretarz",
    )


def test_finding_2_a_coordinator_renames_the_contact_they_created(client, own):
    member = own["leader"]
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowak"})
    member.refresh_from_db()
    created = member.contact_person
    form = client.get(_url(member)).content.decode()
    assert 'value="Jan"' in form
    client.post(_url(member), {"first_name": "Janusz", "last_name": "Nowak"})
    member.refresh_from_db()
    assert member.contact_person == created
    assert _identity(created)[:2] == ("Janusz", "Nowak")


def test_finding_2_a_created_contact_is_not_rewritten_once_used_elsewhere(client, own):
    member = own["leader"]
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowak"})
    member.refresh_from_db()
    created = member.contact_person
    support_engagement_create(
        partnership=own["partnership"],
        date=datetime.date(2015, 1, 1),
        expert=created,
        hours=Decimal("2"),
        form="consulting",
        topic="Temat",
    )
    client.post(_url(member), {"first_name": "Janusz", "last_name": "Kowalski"})
    assert _identity(created)[:2] == ("Jan", "Nowak")
    member.refresh_from_db()
    assert member.contact_person != created


def test_finding_2_a_contact_created_in_one_partnership_is_shared_once_linked_in_another(
    client, own
):
    member = own["leader"]
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowak"})
    member.refresh_from_db()
    created = member.contact_person
    other = member_add(partnership=PartnershipFactory(), organisation=gmina_organisation("0201033"))
    _link_by_staff(other, created)
    client.post(_url(member), {"first_name": "Janusz", "last_name": "Kowalski"})
    assert _identity(created)[:2] == ("Jan", "Nowak")


def test_finding_2_another_members_contact_is_not_the_coordinators_own(client, own):
    """A person the coordinator created for one member, linked by staff to another member of
    the same partnership, is not rewritten through the second member's form either."""
    client.post(_url(own["leader"]), {"first_name": "Jan", "last_name": "Nowak"})
    own["leader"].refresh_from_db()
    created = own["leader"].contact_person
    _link_by_staff(own["member"], created)
    client.post(_url(own["member"]), {"first_name": "Janusz", "last_name": "Kowalski"})
    assert _identity(created)[:2] == ("Jan", "Nowak")


def _answer(client, member, email: str) -> tuple:
    response = client.post(
        _url(member), {"first_name": "Ktoś", "last_name": "Inny", "email": email}, follow=True
    )
    page = response.content.decode().replace(email, "ADRES")
    return response.redirect_chain, page.count("ADRES"), response.status_code


def test_finding_3_the_contact_form_answers_alike_for_a_known_and_an_unknown_address(
    client, own, participant
):
    known = _answer(client, own["leader"], "ZOFIA@example.org")
    unknown = _answer(client, own["member"], "nikt@example.org")
    assert known == unknown
    assert _identity(participant) == ("Zofia", "Obca", "zofia@example.org", "600100200")
    assert Person.objects.filter(email__iexact="zofia@example.org").count() == 1
