"""A suppressed address is never mailed again, by a campaign or by any other e-mail of the
system (lib.mail.send_once consults the list through lib.suppression)."""

from django.core import mail

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.lib import suppression
from partnerstwa.lib.mail import send_once
from partnerstwa.newsletter import selectors, sending, services
from partnerstwa.newsletter.models import Delivery, SuppressionReason
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign


def test_suppression_ignores_the_letters_case_and_keeps_the_addresses_as_given(db):
    services.address_suppress(address="Anna@Example.org", reason=SuppressionReason.HARD_BOUNCE)
    assert selectors.is_suppressed("anna@example.ORG")
    assert selectors.suppressed(["ANNA@example.org", "jan@example.org"]) == {"ANNA@example.org"}
    assert suppression.allowed(["jan@example.org", "anna@example.org"]) == ["jan@example.org"]
    assert not services.address_suppress(address="anna@example.org", reason="complaint")


def test_a_suppressed_address_is_left_out_of_a_campaign(db, settings):
    settings.NEWSLETTER_RATE = 0
    SubscriberFactory(email="kept@example.org")
    SubscriberFactory(email="bounced@example.org")
    services.address_suppress(address="bounced@example.org", reason=SuppressionReason.HARD_BOUNCE)
    record = campaign()
    services.campaign_start(campaign=record)
    sending.run(record.pk)
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]
    assert list(Delivery.objects.values_list("address", flat=True)) == ["kept@example.org"]


def test_an_address_suppressed_after_the_start_is_not_mailed(db, settings):
    settings.NEWSLETTER_RATE = 0
    SubscriberFactory(email="complains@example.org")
    record = campaign()
    services.campaign_start(campaign=record)
    services.address_suppress(address="complains@example.org", reason="complaint")
    sending.run(record.pk)
    assert mail.outbox == []
    assert Delivery.objects.get().status == "skipped"


def test_send_once_mails_no_suppressed_address(db):
    services.address_suppress(address="gone@example.org", reason=SuppressionReason.COMPLAINT)
    assert not send_once("task-1", "Temat", "Treść", ["Gone@example.org"])
    assert send_once("task-2", "Temat", "Treść", ["gone@example.org", "jan@example.org"])
    assert [m.to for m in mail.outbox] == [["jan@example.org"]]


def test_an_event_registration_email_is_not_sent_to_a_suppressed_address(
    db, django_capture_on_commit_callbacks
):
    services.address_suppress(address="anna.nowak1@example.org", reason="hard_bounce")
    training = event()
    with django_capture_on_commit_callbacks(execute=True):
        register(training, 1)
        register(training, 2)
    assert [m.to for m in mail.outbox] == [["anna.nowak2@example.org"]]
