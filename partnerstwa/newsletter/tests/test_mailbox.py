"""The mailbox reader: delivery status notifications (Postfix and Exchange), complaints (ARF),
unsubscribe replies to List-Unsubscribe's mailto; each message acted on once, unreadable mail
skipped with a reason."""

import mailbox
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from partnerstwa.lib.mail import send_once
from partnerstwa.newsletter import inbox, links, selectors, sending, services
from partnerstwa.newsletter.models import (
    Delivery,
    MailboxMessage,
    Subscriber,
    SubscriberStatus,
    SuppressedAddress,
    SuppressionReason,
)
from partnerstwa.newsletter.tests.factories import SubscriberFactory, campaign

SAMPLES = Path(__file__).parent / "mail"


@pytest.fixture(autouse=True)
def limits(settings):
    from django.utils import translation

    settings.NEWSLETTER_SOFT_BOUNCE_LIMIT = 3
    settings.NEWSLETTER_RATE = 0
    settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX = "wypisz@zmp.example.org"
    with translation.override("en"):  # the command's report is read in English here
        yield


def sample(name: str, *, message_id: str | None = None, **replace: str) -> bytes:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old.replace("_", "."), new)
    if message_id:
        lines = text.split("\n")
        lines = [
            f"Message-Id: <{message_id}>" if ln.startswith("Message-Id:") else ln for ln in lines
        ]
        text = "\n".join(lines)
    return text.encode()


def unsubscribe_reply(
    subscriber: Subscriber, *, message_id: str, token: str | None = None, in_body: bool = False
) -> bytes:
    token = token or links.unsubscribe_pair(subscriber.pk)[1].rsplit("%20", 1)[1]
    subject = "Re: Nowości programu" if in_body else f"unsubscribe {token}"
    body = f"unsubscribe {token}" if in_body else ""
    return (
        f"From: {subscriber.email}\r\nTo: wypisz@zmp.example.org\r\n"
        f"Subject: {subject}\r\nMessage-ID: <{message_id}>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def read(*messages: bytes, tmp_path: Path) -> str:
    """Run the command on an mbox holding the messages; what it printed."""
    box = mailbox.mbox(tmp_path / "zwroty.mbox")
    for raw in messages:
        box.add(raw)
    box.flush()
    box.close()
    out = StringIO()
    call_command("read_newsletter_mailbox", str(tmp_path / "zwroty.mbox"), stdout=out)
    (tmp_path / "zwroty.mbox").unlink()
    return out.getvalue()


def test_a_postfix_hard_bounce_suppresses_the_address_for_later_campaigns_and_event_mail(
    db, tmp_path
):
    SubscriberFactory(email="gone.person@gmina.example.org")
    SubscriberFactory(email="kept@example.org")
    out = read(sample("postfix_hard.eml"), tmp_path=tmp_path)
    assert "acted on: 1" in out
    suppressed = SuppressedAddress.objects.get()
    assert suppressed.reason == SuppressionReason.HARD_BOUNCE and "5.1.1" in suppressed.detail
    record = campaign()
    services.campaign_start(campaign=record)
    sending.run(record.pk)
    send_once("event-mail", "Wydarzenie", "Treść", ["Gone.Person@gmina.example.org"])
    assert [m.to for m in mail.outbox] == [["kept@example.org"]]
    assert not Delivery.objects.filter(address__iexact="gone.person@gmina.example.org").exists()


def test_an_exchange_non_delivery_report_suppresses_the_address(db, tmp_path):
    read(sample("exchange_hard.eml"), tmp_path=tmp_path)
    assert selectors.is_suppressed("sekretariat@urzad.example.org")
    assert SuppressedAddress.objects.get().reason == SuppressionReason.HARD_BOUNCE


def test_delay_reports_count_as_soft_bounces_and_suppress_only_at_the_limit(db, tmp_path):
    subscriber = SubscriberFactory(email="full@starostwo.example.org")
    first = sample("postfix_delayed.eml", message_id="delay.1@mx.zmp.example.org")
    second = sample("postfix_delayed.eml", message_id="delay.2@mx.zmp.example.org")
    read(first, second, tmp_path=tmp_path)
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 2 and not selectors.is_suppressed(subscriber.email)
    read(sample("postfix_delayed.eml", message_id="delay.3@mx.zmp.example.org"), tmp_path=tmp_path)
    assert SuppressedAddress.objects.get().reason == SuppressionReason.SOFT_BOUNCES


def test_a_report_read_twice_changes_nothing_the_second_time(db, tmp_path):
    subscriber = SubscriberFactory(email="full@starostwo.example.org")
    report = sample("postfix_delayed.eml")
    read(report, report, tmp_path=tmp_path)
    out = read(report, tmp_path=tmp_path)
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 1
    assert MailboxMessage.objects.count() == 1
    assert "already processed" in out and "acted on: 0" in out


def test_the_webhook_and_the_mailbox_count_soft_bounces_toward_the_same_limit(db, tmp_path):
    subscriber = SubscriberFactory(email="full@starostwo.example.org")
    services.feedback_record(event_type="deferred", recipient="full@starostwo.example.org")
    services.feedback_record(event_type="deferred", recipient="full@starostwo.example.org")
    read(sample("postfix_delayed.eml"), tmp_path=tmp_path)
    subscriber.refresh_from_db()
    assert subscriber.soft_bounces == 3
    assert SuppressedAddress.objects.get().reason == SuppressionReason.SOFT_BOUNCES


def test_an_arf_complaint_suppresses_the_complaining_recipient(db, tmp_path):
    read(sample("arf_complaint.eml"), tmp_path=tmp_path)
    suppressed = SuppressedAddress.objects.get()
    assert suppressed.address.lower() == "angry@mailbox.example.net"
    assert suppressed.reason == SuppressionReason.COMPLAINT


@pytest.mark.parametrize(
    "raw",
    [
        sample("not_a_report.eml"),
        b"\xff\xfe\x00garbage without headers\r\n",
        b"",
        sample("postfix_hard.eml")
        .replace(b"Final-Recipient: rfc822; Gone.Person", b"X-No: x")
        .replace(b"Original-Recipient", b"X-Original"),
        sample("arf_complaint.eml")
        .replace(b"Original-Rcpt-To", b"X-Rcpt")
        .replace(b"To: <angry@mailbox.example.net>", b"X-To: nobody"),
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n\r\n--x",
    ],
    ids=[
        "question",
        "garbage",
        "empty",
        "dsn-without-recipient",
        "arf-without-recipient",
        "truncated",
    ],
)
def test_unreadable_mail_is_skipped_with_a_reason_and_changes_nothing(db, tmp_path, raw):
    SubscriberFactory(email="gone.person@gmina.example.org")
    out = read(raw, tmp_path=tmp_path)
    assert "Skipped" in out and "acted on: 0; skipped: 1" in out
    assert not SuppressedAddress.objects.exists() and not MailboxMessage.objects.exists()
    assert Subscriber.objects.get().soft_bounces == 0


def test_a_missing_path_is_an_error_not_a_traceback(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot be read"):
        call_command("read_newsletter_mailbox", str(tmp_path / "nothing-here"))


def test_a_maildir_is_read_as_well(db, tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(sample("exchange_hard.eml"))
    box.close()
    out = StringIO()
    call_command("read_newsletter_mailbox", str(tmp_path / "Maildir"), stdout=out)
    assert "acted on: 1" in out.getvalue()
    assert selectors.is_suppressed("sekretariat@urzad.example.org")


def test_without_a_path_or_an_imap_host_nothing_is_read(db, settings):
    settings.NEWSLETTER_MAILBOX_HOST = ""
    out = StringIO()
    call_command("read_newsletter_mailbox", stdout=out)
    assert "nothing to read" in out.getvalue() and not MailboxMessage.objects.exists()


# Unsubscribe requests to List-Unsubscribe's mailto


def test_a_reply_with_the_token_in_the_subject_unsubscribes_exactly_that_subscriber(db, tmp_path):
    leaving, staying = SubscriberFactory(), SubscriberFactory()
    out = read(unsubscribe_reply(leaving, message_id="reply.1@example.org"), tmp_path=tmp_path)
    assert "acted on: 1" in out
    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert leaving.status == SubscriberStatus.UNSUBSCRIBED
    assert staying.status == SubscriberStatus.CONFIRMED
    assert leaving.consents.filter(withdrawn_at__isnull=True).count() == 0


def test_the_mailto_of_a_sent_message_leads_to_the_reader(db, tmp_path):
    subscriber = SubscriberFactory()
    _url, mailto = links.unsubscribe_pair(subscriber.pk)
    address, _q, query = mailto.removeprefix("mailto:").partition("?subject=")
    raw = (
        f"From: {subscriber.email}\r\nTo: {address}\r\nSubject: {query.replace('%20', ' ')}\r\n"
        "Message-ID: <mailto.1@example.org>\r\n\r\n"
    ).encode()
    read(raw, tmp_path=tmp_path)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_token_in_the_body_counts_when_the_subject_lost_it(db, tmp_path):
    subscriber = SubscriberFactory()
    read(
        unsubscribe_reply(subscriber, message_id="r.2@example.org", in_body=True), tmp_path=tmp_path
    )
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_a_forged_token_changes_nothing(db, tmp_path):
    subscriber = SubscriberFactory()
    genuine = links.unsubscribe_pair(subscriber.pk)[1].rsplit("%20", 1)[1]
    other = SubscriberFactory()
    forged = genuine.replace(
        genuine.split(":")[0], links.UNSUBSCRIBE_LINK.token(other.pk).split(":")[0]
    )
    out = read(
        unsubscribe_reply(subscriber, message_id="f.1@example.org", token=forged),
        unsubscribe_reply(
            subscriber, message_id="f.2@example.org", token="MQ:1vAbCd:forgedsignature"
        ),
        tmp_path=tmp_path,
    )
    assert "acted on: 0; skipped: 2" in out and "not one of ours" in out
    assert set(Subscriber.objects.values_list("status", flat=True)) == {SubscriberStatus.CONFIRMED}
    assert not MailboxMessage.objects.exists()


# IMAP


class FakeIMAP:
    """What imaplib.IMAP4_SSL answers, over a dict of UID -> message."""

    def __init__(self, messages: dict[bytes, bytes]) -> None:
        self.messages = messages
        self.flags: dict[bytes, set[str]] = {uid: set() for uid in messages}
        self.calls: list[str] = []

    def login(self, user, password):
        self.calls.append(f"login {user}")
        return "OK", [b"logged in"]

    def select(self, folder):
        self.calls.append(f"select {folder}")
        return "OK", [str(len(self.messages)).encode()]

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid in self.messages if "\\Seen" not in self.flags[uid]]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid = args[0]
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {1})", self.messages[uid]), b")"]
        if command == "STORE":
            uid, _op, flags = args
            self.flags[uid] |= set(flags.strip("()").split())
            return "OK", [b""]
        raise AssertionError(command)

    def expunge(self):
        for uid in [uid for uid, flags in self.flags.items() if "\\Deleted" in flags]:
            del self.messages[uid]
            del self.flags[uid]
        return "OK", [b""]

    def logout(self):
        self.calls.append("logout")
        return "BYE", [b""]


def test_imap_messages_acted_on_are_deleted_and_unreadable_ones_left_seen(
    db, settings, monkeypatch
):
    settings.NEWSLETTER_MAILBOX_HOST = "imap.zmp.example.org"
    settings.NEWSLETTER_MAILBOX_USER = "zwroty"
    settings.NEWSLETTER_MAILBOX_PASSWORD = "s3kret"
    subscriber = SubscriberFactory()
    server = FakeIMAP(
        {
            b"11": sample("postfix_hard.eml"),
            b"12": sample("not_a_report.eml"),
            b"13": unsubscribe_reply(subscriber, message_id="imap.1@example.org"),
        }
    )
    monkeypatch.setattr(inbox, "imap_connect", lambda: server)
    out = StringIO()
    call_command("read_newsletter_mailbox", stdout=out)
    assert "acted on: 2; skipped: 1" in out.getvalue() and "UID 12" in out.getvalue()
    assert list(server.messages) == [b"12"] and server.flags[b"12"] == {"\\Seen"}
    assert server.calls[0] == "login zwroty" and server.calls[-1] == "logout"
    assert selectors.is_suppressed("gone.person@gmina.example.org")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    # The next run finds nothing new; the same report delivered again is deleted unacted.
    server.messages[b"14"] = sample("postfix_hard.eml")
    server.flags[b"14"] = set()
    out = StringIO()
    call_command("read_newsletter_mailbox", stdout=out)
    assert "acted on: 0; skipped: 1" in out.getvalue() and list(server.messages) == [b"12"]
    assert SuppressedAddress.objects.count() == 1


def test_an_imap_server_refusing_the_login_is_an_error_not_a_traceback(db, settings, monkeypatch):
    import imaplib

    from django.core.management.base import CommandError

    settings.NEWSLETTER_MAILBOX_HOST = "imap.zmp.example.org"
    settings.NEWSLETTER_MAILBOX_USER = "zwroty"
    settings.NEWSLETTER_MAILBOX_PASSWORD = "wrong"

    class Refusing(FakeIMAP):
        def login(self, user, password):
            raise imaplib.IMAP4.error("[AUTHENTICATIONFAILED] Invalid credentials")

    monkeypatch.setattr(inbox, "imap_connect", lambda: Refusing({}))
    with pytest.raises(CommandError, match="AUTHENTICATIONFAILED"):
        call_command("read_newsletter_mailbox")


@examples(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(["postfix_hard.eml", "exchange_hard.eml", "arf_complaint.eml"]),
    cut=st.integers(min_value=0, max_value=4000),
    noise=st.binary(max_size=40),
)
def test_a_report_cut_short_or_garbled_anywhere_is_acted_on_or_skipped_never_raised(
    db, name, cut, noise
):
    raw = sample(name)
    result = inbox.process(raw[:cut] + noise + raw[cut + len(noise) :])
    assert result.acted or result.skipped
