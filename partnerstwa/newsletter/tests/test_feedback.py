"""The bounce and complaint webhook (django-anymail's normalised events) and what it does."""

import base64
import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from partnerstwa.lib.mail import send_once
from partnerstwa.newsletter import selectors, sending, services
from partnerstwa.newsletter.models import SuppressedAddress, SuppressionReason
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign

URL = reverse("newsletter:feedback")
SECRET = "anymail:s3kret-value"


@pytest.fixture(autouse=True)
def secret(settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = SECRET
    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    settings.NEWSLETTER_RATE = 0


def _post(events, *, credentials: str = SECRET):
    client = Client(enforce_csrf_checks=True)
    token = base64.b64encode(credentials.encode()).decode()
    return client.post(
        URL,
        json.dumps(events),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )


def test_a_hard_bounce_suppresses_the_address_for_campaigns_and_every_other_email(db):
    SubscriberFactory(email="gone@example.org")
    SubscriberFactory(email="kept@example.org")
    response = _post({"event_type": "bounced", "recipient": "Gone@example.org"})
    assert response.status_code == 200 and response.json()["done"] == ["suppressed"]
    assert SuppressedAddress.objects.get().reason == SuppressionReason.HARD_BOUNCE
    # A later campaign leaves it out ...
    record = campaign()
    services.campaign_start(campaign=record)
    sending.run(record.pk)
    # ... and so does any other e-mail of the system.
    send_once("event-mail", "Wydarzenie", "Treść", ["gone@example.org"])
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]


def test_a_complaint_suppresses_the_address(db):
    _post([{"event_type": "complained", "recipient": "angry@example.org"}])
    assert selectors.is_suppressed("angry@example.org")
    assert SuppressedAddress.objects.get().reason == SuppressionReason.COMPLAINT


def test_soft_bounces_suppress_only_at_the_limit_in_a_row(db):
    subscriber = SubscriberFactory(email="full@example.org")
    soft = {"event_type": "deferred", "recipient": "full@example.org"}
    assert _post([soft, soft]).json()["done"] == ["counted", "counted"]
    _post({"event_type": "delivered", "recipient": "full@example.org"})
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 0 and not selectors.is_suppressed("full@example.org")
    assert _post([soft, soft, soft]).json()["done"] == ["counted", "counted", "suppressed"]
    assert SuppressedAddress.objects.get().reason == SuppressionReason.SOFT_BOUNCES


def test_the_webhook_refuses_a_wrong_or_missing_secret_and_changes_nothing(db):
    event = {"event_type": "bounced", "recipient": "someone@example.org"}
    assert _post(event, credentials="anymail:wrong").status_code == 401
    assert Client().post(URL, json.dumps(event), content_type="application/json").status_code == (
        401
    )
    assert not SuppressedAddress.objects.exists()


def test_the_webhook_is_off_without_a_secret(db, settings):
    settings.NEWSLETTER_WEBHOOK_SECRET = ""
    assert _post({"event_type": "bounced", "recipient": "a@example.org"}).status_code == 404
    assert not SuppressedAddress.objects.exists()


@pytest.mark.parametrize(
    "body", ["not json", json.dumps({"recipient": "a@example.org"}), json.dumps([1, 2])]
)
def test_a_malformed_payload_is_refused_and_changes_nothing(db, body):
    token = base64.b64encode(SECRET.encode()).decode()
    response = Client().post(
        URL, body, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {token}"
    )
    assert response.status_code == 400
    assert not SuppressedAddress.objects.exists()
