"""Sending a campaign: headers, segment, throttle, retries, and a killed worker resumed."""

import email
import email.policy
import itertools
from unittest import mock

import pytest
from django.core import mail
from django.db.models import F

from partnerstwa.newsletter import sending, services
from partnerstwa.newsletter.models import CampaignStatus, Delivery, DeliveryStatus
from partnerstwa.newsletter.tests import backends
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign, topic


@pytest.fixture(autouse=True)
def flaky(settings):
    settings.EMAIL_BACKEND = "partnerstwa.newsletter.tests.backends.FlakyBackend"
    settings.NEWSLETTER_RATE = 0
    settings.SITE_URL = "https://partnerstwa.example.org"
    settings.DEFAULT_FROM_EMAIL = "Związek Miast Polskich <newsletter@zmp.example.org>"
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "wypisz@zmp.example.org"
    backends.reset()
    yield
    backends.reset()


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def _start(record, capture) -> None:
    with capture(execute=True):
        services.campaign_start(campaign=record)


def test_a_sent_message_carries_the_unsubscribe_headers_sender_date_id_and_both_parts(
    db, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(email="anna@example.org", language="en")
    _start(campaign(), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    parsed = _parsed(mail.outbox[0])
    delivery = Delivery.objects.get()
    assert parsed["From"] == "Związek Miast Polskich <newsletter@zmp.example.org>"
    assert parsed["To"] == "anna@example.org"
    assert parsed["Subject"] == "Programme news"
    assert parsed["Date"] is not None and parsed["Date"].datetime is not None
    assert parsed["Message-ID"] == (
        f"<newsletter.{delivery.campaign_id}.{delivery.pk}@zmp.example.org>"
    )
    one_click, mailto = [part.strip(" <>") for part in parsed["List-Unsubscribe"].split(",")]
    assert one_click.startswith("https://partnerstwa.example.org/newsletter/wypisz/")
    assert mailto.startswith("mailto:wypisz@zmp.example.org?subject=unsubscribe")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    page = parsed.get_body(preferencelist=("html",)).get_content()
    assert "Join our workshops (https://partnerstwa.example.org/wydarzenia/)" in text
    assert one_click in text and one_click in page  # the visible unsubscribe link
    assert "/newsletter/ustawienia/" in text
    assert 'href="https://partnerstwa.example.org/wydarzenia/"' in page
    assert subscriber.pk and delivery.status == DeliveryStatus.SENT


def test_each_subscriber_reads_their_language_and_english_falls_back_to_polish(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="pl@example.org", language="pl")
    SubscriberFactory(email="en@example.org", language="en")
    _start(campaign(subject_en="", body_en=""), django_capture_on_commit_callbacks)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"pl@example.org": "Nowości programu", "en@example.org": "Nowości programu"}
    english = _parsed(next(m for m in mail.outbox if m.to == ["en@example.org"]))
    page = english.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="pl">' in page  # the Polish body is marked as Polish
    assert "Unsubscribe" in page  # the footer in the reader's language


def test_the_segment_is_confirmed_subscribers_of_its_topics_and_language(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="events-pl@example.org", topics=[topic("events")])
    SubscriberFactory(email="events-en@example.org", topics=[topic("events")], language="en")
    SubscriberFactory(email="both@example.org", topics=[topic("events"), topic("contest")])
    SubscriberFactory(email="contest@example.org", topics=[topic("contest")])
    SubscriberFactory(email="pending@example.org", topics=[topic("events")], status="pending")
    SubscriberFactory(email="left@example.org", topics=[topic("events")], status="unsubscribed")
    _start(campaign(topics=[topic("events")], language="pl"), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["both@example.org", "events-pl@example.org"]
    assert Delivery.objects.count() == 2  # one per recipient, even with two matching topics


def test_starting_a_campaign_twice_makes_no_second_delivery(db, django_capture_on_commit_callbacks):
    SubscriberFactory.create_batch(3)
    record = campaign()
    _start(record, django_capture_on_commit_callbacks)
    assert services.campaign_start(campaign=record) == 0
    assert Delivery.objects.count() == 3 and len(mail.outbox) == 3
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED and record.finished_at


@pytest.fixture
def fake_time(monkeypatch):
    """The throttle's clock and sleep: time moves only when it sleeps. `sent` holds the moment of
    each message handed to the server."""
    now = [1_800_000_000.0]
    sent: list[float] = []
    pauses: list[float] = []
    monkeypatch.setattr(sending, "clock", lambda: now[0])

    def sleep(seconds):
        pauses.append(round(seconds, 6))
        now[0] += seconds

    monkeypatch.setattr(sending, "sleep", sleep)
    send = sending.Sender._send

    def recorded(self, connection, row):
        sent.append(now[0])
        return send(self, connection, row)

    monkeypatch.setattr(sending.Sender, "_send", recorded)
    return now, sent, pauses


def test_one_worker_alone_sends_at_the_whole_configured_rate(db, settings, fake_time):
    settings.NEWSLETTER_RATE = 10
    settings.NEWSLETTER_WORKERS = 2  # the limit is not split: a worker alone may use all of it
    _now, _sent, pauses = fake_time
    SubscriberFactory.create_batch(4)
    record = campaign()
    services.campaign_start(campaign=record)  # no on-commit here: the deliveries only
    sending.run(record.pk)
    assert len(mail.outbox) == 4
    assert pauses == [0.1, 0.1, 0.1]  # none before the first message


def test_the_rate_holds_over_all_workers_together_wherever_they_run(db, settings, fake_time):
    settings.NEWSLETTER_RATE = 10
    settings.NEWSLETTER_WORKERS = 2
    settings.NEWSLETTER_BATCH_SIZE = 5
    now, sent, _pauses = fake_time
    SubscriberFactory.create_batch(15)
    record = campaign()
    services.campaign_start(campaign=record)
    # Three workers (two tasks and a resumed one) on three machines start at the same moment:
    # each takes a batch; the clock they share is the database's row.
    start = now[0]
    for _worker in range(3):
        now[0] = start
        sending.Sender(record).batch()
    assert len(mail.outbox) == 15 and len({m.to[0] for m in mail.outbox}) == 15
    moments = sorted(sent)
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(moments)]
    assert min(gaps) >= 0.1  # never two messages closer than 1/rate, whoever sends them
    for first in moments:  # no one-second window holds more than the rate
        assert sum(1 for m in moments if first <= m < first + 1) <= 10
    assert moments[-1] - moments[0] >= 1.4  # 15 messages at 10 a second


def test_send_moments_are_reserved_a_second_s_worth_at_a_time_not_per_message(
    db, settings, fake_time, monkeypatch
):
    settings.NEWSLETTER_RATE = 10
    reservations = []
    reserve = sending.reserve

    def counted(count, rate):
        reservations.append(count)
        return reserve(count, rate)

    monkeypatch.setattr(sending, "reserve", counted)
    SubscriberFactory.create_batch(25)
    record = campaign()
    services.campaign_start(campaign=record)
    sending.run(record.pk)
    assert len(mail.outbox) == 25 and reservations == [10, 10, 5]


def test_a_temporary_failure_is_retried_later_and_a_permanent_one_is_recorded_once(db, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    SubscriberFactory(email="busy@example.org")
    SubscriberFactory(email="gone@example.org")
    SubscriberFactory(email="fine@example.org")
    backends.FAILURES["busy@example.org"] = [backends.temporary(), backends.temporary()]
    backends.FAILURES["gone@example.org"] = [backends.permanent()]
    record = campaign()
    services.campaign_start(campaign=record)

    sending.run(record.pk)
    assert [m.to[0] for m in mail.outbox] == ["fine@example.org"]
    busy = Delivery.objects.get(address="busy@example.org")
    assert (busy.status, busy.attempts) == (DeliveryStatus.PENDING, 1)
    assert "451" in busy.error and busy.next_attempt_at
    gone = Delivery.objects.get(address="gone@example.org")
    assert (gone.status, gone.attempts) == (DeliveryStatus.FAILED, 1) and "550" in gone.error
    record.refresh_from_db()
    assert record.status == CampaignStatus.SENDING  # not every delivery has an outcome

    sending.run(record.pk)  # too early: the back-off has not passed
    assert len(mail.outbox) == 1

    def due():
        Delivery.objects.filter(address="busy@example.org").update(
            next_attempt_at=F("next_attempt_at") - sending.backoff(5)
        )

    due()
    sending.run(record.pk)  # second temporary failure
    due()
    sending.run(record.pk)
    busy.refresh_from_db()
    assert (busy.status, busy.attempts) == (DeliveryStatus.SENT, 3)
    assert sorted(m.to[0] for m in mail.outbox) == ["busy@example.org", "fine@example.org"]
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED


def test_the_back_off_doubles(settings):
    settings.NEWSLETTER_RETRY_SECONDS = 60
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def _kill_and_resume(record, *, at: int, after_accept: bool) -> None:
    backends.KILL.update(at=at, after_accept=after_accept)
    with pytest.raises(backends.Killed):
        sending.run(record.pk)
    backends.KILL.update(at=None)
    sending.run(record.pk)  # a restarted worker at once: the claimed rows are another's
    # ... until their lease ends.
    Delivery.objects.filter(status=DeliveryStatus.SENDING).update(
        claimed_at=F("claimed_at") - sending.lease()
    )
    sending.run(record.pk)


def test_a_worker_killed_mid_batch_is_resumed_with_no_duplicate_and_no_loss(db, settings):
    settings.NEWSLETTER_BATCH_SIZE = 4
    SubscriberFactory.create_batch(10)
    record = campaign()
    services.campaign_start(campaign=record)
    _kill_and_resume(record, at=3, after_accept=False)  # killed before the 3rd was taken
    addresses = [m.to[0] for m in mail.outbox]
    assert len(addresses) == 10 and len(set(addresses)) == 10
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 10
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED


def test_a_message_taken_before_the_kill_is_sent_again_with_the_same_message_id(db, settings):
    settings.NEWSLETTER_BATCH_SIZE = 4
    SubscriberFactory.create_batch(6)
    record = campaign()
    services.campaign_start(campaign=record)
    _kill_and_resume(record, at=2, after_accept=True)  # the server took it, no record made
    addresses = [m.to[0] for m in mail.outbox]
    assert len(addresses) == 7 and len(set(addresses)) == 6
    twice = next(a for a in addresses if addresses.count(a) == 2)
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox if m.to == [twice]}
    assert len(ids) == 1  # mail programs show it once
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 6


def test_one_smtp_connection_is_opened_per_batch(db, settings):
    settings.NEWSLETTER_BATCH_SIZE = 5
    SubscriberFactory.create_batch(12)
    record = campaign()
    services.campaign_start(campaign=record)
    backends.FlakyBackend.opened = 0
    sending.run(record.pk)
    assert len(mail.outbox) == 12 and backends.FlakyBackend.opened == 3


def test_a_subscriber_who_left_after_the_start_is_skipped(db):
    stays, leaves = SubscriberFactory(), SubscriberFactory()
    record = campaign()
    services.campaign_start(campaign=record)
    services.unsubscribe(subscriber=leaves)
    sending.run(record.pk)
    assert [m.to[0] for m in mail.outbox] == [stays.email]
    assert Delivery.objects.get(subscriber=leaves).status == DeliveryStatus.SKIPPED
    record.refresh_from_db()
    assert record.status == CampaignStatus.FINISHED


def test_a_test_send_goes_to_the_chosen_addresses_in_both_languages(
    db, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_send_test(campaign=campaign(), addresses=["redakcja@example.org"])
    assert sorted(m.subject for m in mail.outbox) == [
        "[Test] Nowości programu",
        "[Test] Programme news",
    ]
    assert not Delivery.objects.exists()


def test_a_message_made_from_the_language_template_equals_one_made_whole(db):
    from partnerstwa.newsletter import rendering

    subscriber = SubscriberFactory(email="anna@example.org")
    rendered = rendering.render(campaign(), "pl")
    # Links are signed with the time: both made in the same second.
    same_second = mock.patch("django.core.signing.time.time", return_value=1_800_000_000)
    same_second.start()
    whole = rendering.message(
        rendered, to=subscriber.email, subscriber_id=subscriber.pk, message_id="<x@example.org>"
    )
    fast = rendering.from_template(
        rendering.template(rendered),
        to=subscriber.email,
        subscriber_id=subscriber.pk,
        message_id="<x@example.org>",
    )
    same_second.stop()
    a = _parsed(whole)
    # SMTP carries both with CRLF line ends; compare them as lines.
    b = email.message_from_bytes(fast.replace(b"\r\n", b"\n"), policy=email.policy.default)
    for header in ("From", "To", "Subject", "Message-ID", "List-Unsubscribe-Post"):
        assert a[header] == b[header], header
    assert a["List-Unsubscribe"].replace(" ", "") == b["List-Unsubscribe"].replace(" ", "")
    for kind in ("plain", "html"):
        assert (
            a.get_body(preferencelist=(kind,)).get_content()
            == b.get_body(preferencelist=(kind,)).get_content()
        )


def test_a_batch_running_late_gives_back_what_it_has_not_sent_before_its_lease_ends(
    db, settings, fake_time, monkeypatch
):
    settings.NEWSLETTER_LEASE_SECONDS = 10
    now, _sent, _pauses = fake_time
    send = sending.Sender._send

    def slow(self, connection, row):  # each message takes 3 seconds (a slow server)
        send(self, connection, row)
        now[0] += 3

    monkeypatch.setattr(sending.Sender, "_send", slow)
    SubscriberFactory.create_batch(5)
    record = campaign()
    services.campaign_start(campaign=record)
    outcome = sending.Sender(record).batch()
    # 0 s, 3 s: sent; at 6 s half the lease has passed: the other three are given back
    assert (outcome.sent, outcome.released) == (2, 3)
    assert (
        list(Delivery.objects.values_list("status", "claim").order_by("pk")[2:])
        == [(DeliveryStatus.PENDING, "")] * 3
    )
    sending.run(record.pk)
    addresses = [m.to[0] for m in mail.outbox]
    assert len(addresses) == 5 and len(set(addresses)) == 5
