"""Segments narrowed to an event's registrants or partnerships' members' contacts: only those
who subscribed (confirmed, not unsubscribed, not suppressed), matched by address whatever its
letters' case."""

import datetime

import pytest

from partnerstwa.activities.services import registration_cancel
from partnerstwa.activities.tests.factories import event, register
from partnerstwa.newsletter import selectors, services
from partnerstwa.newsletter.models import Delivery
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign, topic
from partnerstwa.partnerships.models import PartnershipMember
from partnerstwa.partnerships.services import member_add
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.registry.tests.factories import OrganisationFactory


def _member(partnership, email: str, **fields) -> PartnershipMember:
    member = member_add(partnership=partnership, organisation=OrganisationFactory(), **fields)
    PartnershipMember.objects.filter(pk=member.pk).update(contact_email=email)
    return member


def _segment(record) -> list[str]:
    return sorted(selectors.segment(record).values_list("email", flat=True))


@pytest.fixture
def workshop(db):
    record = event()
    register(record, 1, email="Anna.Nowak@Example.org")  # subscribed as anna.nowak@example.org
    register(record, 2, email="pending@example.org")
    register(record, 3, email="left@example.org")
    register(record, 4, email="gone@example.org")
    register(record, 5, email="not-subscribed@example.org")
    register(record, 6, email="english@example.org")
    register(record, 7, email="other-topic@example.org")
    cancelled = register(record, 8, email="cancelled@example.org")
    registration_cancel(registration_id=cancelled.pk)
    return record


def _subscribers() -> None:
    SubscriberFactory(email="anna.nowak@example.org", topics=[topic("events")])
    SubscriberFactory(email="pending@example.org", topics=[topic("events")], status="pending")
    SubscriberFactory(email="left@example.org", topics=[topic("events")], status="unsubscribed")
    SubscriberFactory(email="gone@example.org", topics=[topic("events")])
    services.address_suppress(address="GONE@example.org", reason="hard_bounce")
    SubscriberFactory(email="english@example.org", topics=[topic("events")], language="en")
    SubscriberFactory(email="other-topic@example.org", topics=[topic("contest")])
    SubscriberFactory(email="cancelled@example.org", topics=[topic("events")])
    SubscriberFactory(email="bystander@example.org", topics=[topic("events")])
    SubscriberFactory(email="Coordinator@Gmina.example.org", topics=[topic("events")])
    SubscriberFactory(email="former@example.org", topics=[topic("events")])


def test_an_event_segment_is_its_consenting_registrants_whatever_the_case_of_the_address(
    workshop,
):
    _subscribers()
    record = campaign(topics=[topic("events")], language="pl")
    record.events.set([workshop])
    record.save()
    # pending, unsubscribed, suppressed, not subscribed, English, other topic and cancelled out
    assert _segment(record) == ["anna.nowak@example.org"]


def test_an_event_segment_without_topics_or_language_takes_every_consenting_registrant(
    workshop,
):
    _subscribers()
    record = campaign()
    record.events.set([workshop])
    record.save()
    assert _segment(record) == [
        "anna.nowak@example.org",
        "english@example.org",
        "other-topic@example.org",
    ]


def test_a_partnership_segment_is_the_consenting_contacts_of_its_current_members(db):
    _subscribers()
    partnership = PartnershipFactory()
    _member(partnership, "coordinator@gmina.example.org")
    _member(partnership, "pending@example.org")
    _member(partnership, "gone@example.org")
    _member(partnership, "former@example.org", left_on=datetime.date(2020, 1, 1))
    _member(PartnershipFactory(), "bystander@example.org")  # another partnership's contact
    record = campaign(topics=[topic("events")])
    record.partnerships.set([partnership])
    record.save()
    assert _segment(record) == ["Coordinator@Gmina.example.org"]


def test_events_and_partnerships_together_take_either_audience_within_topics_and_language(
    workshop,
):
    _subscribers()
    partnership = PartnershipFactory()
    _member(partnership, "coordinator@gmina.example.org")
    _member(partnership, "other-topic@example.org")  # a contact, but not of this topic
    record = campaign(topics=[topic("events")], language="pl")
    record.events.set([workshop])
    record.partnerships.set([partnership])
    record.save()
    assert _segment(record) == ["Coordinator@Gmina.example.org", "anna.nowak@example.org"]
    assert selectors.segment_size(record) == 2


def test_a_person_both_registrant_and_contact_gets_one_delivery(
    workshop, django_capture_on_commit_callbacks
):
    _subscribers()
    partnership = PartnershipFactory()
    _member(partnership, "ANNA.NOWAK@example.org")
    record = campaign()
    record.events.set([workshop])
    record.partnerships.set([partnership])
    record.save()
    services.campaign_start(campaign=record)
    assert (
        list(Delivery.objects.values_list("address", flat=True)).count("anna.nowak@example.org")
        == 1
    )


def test_a_segment_naming_an_event_without_consenting_registrants_is_empty(db):
    SubscriberFactory(email="subscriber@example.org")
    quiet = event()
    register(quiet, 1, email="someone@example.org")
    record = campaign()
    record.events.set([quiet])
    record.save()
    assert _segment(record) == [] and services.campaign_start(campaign=record) == 0
