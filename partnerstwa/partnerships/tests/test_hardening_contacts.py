"""Findings 2 and 3 of issue 9: a coordinator's contact form never rewrites, shows or probes a
person of the registry it did not create."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.services import member_add, support_engagement_create
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.registry.models import Affiliation, Person

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


# Duplicates: a second person of the same name at the same organisation makes the attendance
# import's name matching fail for both ("a name that fits several people matches nobody").


def _colleague(member: PartnershipMember, **fields) -> Person:
    """Someone the registry knows at the member organisation, with details of their own."""
    person = Person.objects.create(
        **{
            "first_name": "Anna",
            "last_name": "Kowalska",
            "email": "anna.k@example.org",
            "phone": "600 999 999",
            **fields,
        }
    )
    Affiliation.objects.create(
        person=person,
        organisation=member.organisation,
        position="Skarbnik",
        started_on=datetime.date(2015, 1, 1),
    )
    return person


def _affiliations(person: Person) -> list:
    return list(person.affiliations.values_list("organisation_id", "position", "ended_on"))


def test_finding_2_typing_the_name_of_a_person_of_the_organisation_links_them(
    client, own, participant
):
    member = own["leader"]
    _link_by_staff(member, participant)
    colleague = _colleague(member)
    before, affiliations, people = (
        _identity(colleague),
        _affiliations(colleague),
        Person.objects.count(),
    )
    response = client.post(
        _url(member),
        {
            "first_name": "anna",
            "last_name": "KOWALSKA ",
            "email": "sekretariat@example.org",
            "position": "Sekretarz",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.contact_person == colleague
    assert Person.objects.count() == people
    assert _identity(colleague) == before
    assert _affiliations(colleague) == affiliations
    assert _identity(participant) == ("Zofia", "Obca", "zofia@example.org", "600100200")
    assert (member.contact_email, member.contact_position) == (
        "sekretariat@example.org",
        "Sekretarz",
    )
    form = client.get(_url(member)).content.decode()
    assert "anna.k@example.org" not in form and "600 999 999" not in form


def test_finding_2_a_new_name_typed_twice_makes_one_person(client, own, participant):
    member = own["leader"]
    _link_by_staff(member, participant)
    people = Person.objects.count()
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowk"})
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowak"})
    assert Person.objects.count() == people + 1
    member.refresh_from_db()
    assert str(member.contact_person) == "Jan Nowak"


def test_finding_2_a_contact_replaced_by_a_colleague_is_taken_up_again(client, own):
    """The person the coordinators created stays theirs after they named a colleague instead:
    a new name later renames it rather than adding a third record."""
    member = own["leader"]
    client.post(_url(member), {"first_name": "Jan", "last_name": "Nowak"})
    member.refresh_from_db()
    created = member.contact_person
    colleague = _colleague(member)
    client.post(_url(member), {"first_name": "Anna", "last_name": "Kowalska"})
    member.refresh_from_db()
    assert member.contact_person == colleague
    people = Person.objects.count()
    client.post(_url(member), {"first_name": "Piotr", "last_name": "Zieliński"})
    member.refresh_from_db()
    assert member.contact_person == created
    assert Person.objects.count() == people
    assert _identity(created)[:2] == ("Piotr", "Zieliński")
    assert _identity(colleague)[:2] == ("Anna", "Kowalska")


def test_finding_2_a_name_two_people_share_at_the_organisation_links_neither(client, own):
    member = own["leader"]
    first = _colleague(member)
    second = _colleague(member, email="anna.k2@example.org")
    client.post(_url(member), {"first_name": "Anna", "last_name": "Kowalska"})
    member.refresh_from_db()
    assert member.contact_person not in (first, second)
    assert member.contact_created == member.contact_person


def test_finding_2_a_namesake_no_longer_at_the_organisation_is_not_linked(client, own):
    member = own["leader"]
    former = _colleague(member)
    former.affiliations.update(ended_on=datetime.date(2016, 12, 31))
    elsewhere = _colleague(own["member"], email="anna.k3@example.org")
    client.post(_url(member), {"first_name": "Anna", "last_name": "Kowalska"})
    member.refresh_from_db()
    assert member.contact_person not in (former, elsewhere)
    assert member.contact_created == member.contact_person


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _answer_then_undo(client, member, data: dict) -> tuple:
    """What the coordinator is answered (every redirect and the page it ends on) and whom the
    member's contact became; then the database as it was, so the same request can be asked of
    another registry."""
    savepoint = transaction.savepoint()
    response = client.post(_url(member), data, follow=True)
    answer = (
        response.status_code,
        response.redirect_chain,
        _CSRF.sub("", response.content.decode()),
    )
    member.refresh_from_db()
    contact = member.contact_person
    transaction.savepoint_rollback(savepoint)
    return answer, contact


def test_finding_3_linking_a_colleague_and_creating_a_contact_answer_alike(
    client, own, participant
):
    member = own["leader"]
    _link_by_staff(member, participant)
    data = {"first_name": "Anna", "last_name": "Kowalska", "email": "sekretariat@example.org"}
    colleague = _colleague(member)
    linked, contact = _answer_then_undo(client, member, data)
    assert contact == colleague
    colleague.affiliations.update(ended_on=datetime.date(2016, 12, 31))
    created, contact = _answer_then_undo(client, member, data)
    assert contact != colleague
    assert linked[0] == 200
    assert linked == created


def test_finding_3_the_form_reads_the_same_for_a_linked_registry_person_and_an_own_contact(
    client, own, participant
):
    """A note shown only for registry people told the coordinator the name had been known."""
    shared, created = own["leader"], own["member"]
    _link_by_staff(shared, participant)
    client.post(_url(created), {"first_name": "Nowa", "last_name": "Osoba", "email": ""})

    def note(member):
        page = client.get(_url(member)).content.decode()
        return re.search(r"</h1>\s*(.*?)<form", page[page.index("<main") :], re.S).group(1)

    assert note(shared) == note(created)
    assert "Zmiana imienia lub nazwiska wskaże inną osobę do kontaktu" in note(shared)
