"""A campaign over a real SMTP connection: the envelope pipelined when the server offers it,
the message's bytes arriving as made, refusals recorded as for smtplib's sendmail()."""

import email
import email.policy
import smtplib

import pytest

from partnerstwa.newsletter import sending, services
from partnerstwa.newsletter.models import Delivery, DeliveryStatus
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign
from partnerstwa.newsletter.tests.smtp_server import SMTPServer


@pytest.fixture(params=[True, False], ids=["pipelining", "one-command-at-a-time"])
def server(request, settings):
    running = SMTPServer(pipelining=request.param)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", running.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.NEWSLETTER_RATE = 0
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    settings.SITE_URL = "https://partnerstwa.example.org"
    settings.DEFAULT_FROM_EMAIL = "Związek Miast Polskich <newsletter@zmp.example.org>"
    yield running
    running.stop()


def test_a_message_arrives_byte_for_byte_with_a_leading_dot_kept(server):
    data = b"Subject: test\r\n\r\n.a line that starts with a dot\r\n..and two\r\nend"
    with smtplib.SMTP("127.0.0.1", server.port) as smtp:
        sending.deliver(smtp, "newsletter@zmp.example.org", "anna@example.org", data)
        sending.deliver(smtp, "newsletter@zmp.example.org", "jan@example.org", data + b"\r\n")
    assert server.messages == [
        ("anna@example.org", data + b"\r\n"),
        ("jan@example.org", data + b"\r\n"),
    ]


def test_a_campaign_over_smtp_is_sent_once_to_each_and_refusals_are_recorded(db, server):
    for address in ("anna@example.org", "busy@example.org", "gone@example.org", "jan@example.org"):
        SubscriberFactory(email=address)
    record = campaign()
    services.campaign_start(campaign=record)
    sending.run(record.pk)
    assert sorted(to for to, _data in server.messages) == ["anna@example.org", "jan@example.org"]
    statuses = dict(Delivery.objects.values_list("address", "status"))
    assert statuses == {
        "anna@example.org": DeliveryStatus.SENT,
        "jan@example.org": DeliveryStatus.SENT,
        "busy@example.org": DeliveryStatus.PENDING,  # 451: tried again later
        "gone@example.org": DeliveryStatus.FAILED,  # 550: never again
    }
    assert "451" in Delivery.objects.get(address="busy@example.org").error
    assert "550" in Delivery.objects.get(address="gone@example.org").error
    parsed = email.message_from_bytes(server.messages[0][1], policy=email.policy.default)
    delivery = Delivery.objects.get(address=server.messages[0][0])
    assert parsed["To"] == delivery.address
    assert parsed["Message-ID"] == f"<newsletter.{record.pk}.{delivery.pk}@zmp.example.org>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/wypisz/" in parsed["List-Unsubscribe"]
    assert parsed.get_body(preferencelist=("plain",)).get_content().strip()
