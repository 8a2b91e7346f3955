"""Sending a campaign: deliveries are the unit of work.

A batch claims up to NEWSLETTER_BATCH_SIZE deliveries (pending, due for a retry, or left
"sending" longer than NEWSLETTER_LEASE_SECONDS by a worker that died), sends them over one SMTP
connection, all workers together no faster than NEWSLETTER_RATE (Pacer), and records each
outcome as soon as it is known, guarded by the claim so a late worker cannot overwrite
another's record. A delivery found "sending" after the lease is unknown (the server may or may
not have taken it): it is sent again with the same Message-ID, which mail programs show once.
"""

import contextlib
import datetime
import math
import re
import smtplib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, transaction
from django.db import connection as db
from django.db.models import Min, Q
from django.utils import timezone

from partnerstwa.lib import freshness
from partnerstwa.newsletter import links, rendering, selectors
from partnerstwa.newsletter.models import (
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryStatus,
    SendingPace,
    SubscriberStatus,
)

# Tests replace these to count the pauses the throttle makes without waiting. Wall time, not a
# monotonic clock: workers on different machines compare their moments through the database.
clock: Callable[[], float] = time.time
sleep: Callable[[float], None] = time.sleep

PACE = "campaigns"


def reserve(count: int, rate: float) -> float:
    """Take the next `count` send moments, 1/rate apart, on the clock every worker shares
    (SendingPace, under its row's lock); the first moment's time. One short transaction for a
    second's worth of messages, so the shared limit costs no round trip per message."""
    now = clock()
    with transaction.atomic():
        pace = SendingPace.objects.select_for_update().filter(name=PACE).first()
        if pace is None:
            with contextlib.suppress(IntegrityError), transaction.atomic():
                SendingPace.objects.create(name=PACE, next_at=0.0)
            pace = SendingPace.objects.select_for_update().get(name=PACE)
        start = max(pace.next_at, now)
        SendingPace.objects.filter(pk=pace.pk).update(next_at=start + count / rate)
    return start


class Pacer:
    """At most `rate` messages a second over all workers together, wherever they run (none
    when rate is 0): each message waits for a moment of its own, reserved with those of the
    messages after it (at most a second's worth, at most what the batch has left)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.interval = 1 / rate if rate > 0 else 0.0
        self.moments: list[float] = []

    def wait(self, left: int = 1) -> None:
        """Wait for this message's moment; `left` counts it and those the batch still has."""
        if not self.interval:
            return
        if not self.moments:
            count = max(1, min(left, math.ceil(self.rate)))
            start = reserve(count, self.rate)
            self.moments = [start + n * self.interval for n in range(count - 1, -1, -1)]
        moment = self.moments.pop()
        now = clock()
        if moment > now:
            sleep(moment - now)


def is_temporary(error: Exception) -> bool:
    """A failure worth another try later: a 4xx answer, a lost or refused connection."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, smtplib.SMTPServerDisconnected | OSError)


SAFE_ADDRESS = re.compile(r"^[\x21-\x7e]+$")  # printable ASCII, no space (no CR, LF)
_LEADING_DOT = re.compile(rb"(?m)^\.")


def deliver(smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> None:
    """One message over an open connection, as smtplib's sendmail() sends it, with two
    differences: the envelope (MAIL, RCPT, DATA) goes in one write when the server offers
    PIPELINING (RFC 2920), one round trip instead of three, and the addresses, checked when they
    were stored, are not parsed again. Failures raise smtplib's exceptions, as sendmail()'s do."""
    smtp.ehlo_or_helo_if_needed()
    commands = [f"MAIL FROM:<{sender}>", f"RCPT TO:<{recipient}>", "DATA"]
    replies: list[tuple[int, bytes]] = []
    if smtp.does_esmtp and smtp.has_extn("pipelining"):
        smtp.send("".join(command + "\r\n" for command in commands).encode("ascii"))
        replies = [smtp.getreply() for _command in commands]
    else:
        for command, wanted in zip(commands, (250, 250, 354), strict=True):
            smtp.putcmd(command)
            replies.append(smtp.getreply())
            if replies[-1][0] not in (wanted, 251):
                break
    refused = None
    if replies[0][0] != 250:
        refused = smtplib.SMTPSenderRefused(*replies[0], sender)
    elif len(replies) < 2 or replies[1][0] not in (250, 251):
        refused = smtplib.SMTPRecipientsRefused({recipient: replies[1]})
    elif len(replies) < 3 or replies[2][0] != 354:
        refused = smtplib.SMTPDataError(*replies[-1])
    if refused is not None:
        if len(replies) == 3 and replies[2][0] == 354:  # a server that took DATA anyway
            smtp.send(b".\r\n")
            smtp.getreply()
        smtp.rset()
        raise refused
    body = _LEADING_DOT.sub(b"..", data)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    smtp.send(body + b".\r\n")
    code, message = smtp.getreply()
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPDataError(code, message)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt number attempts + 1: doubling from NEWSLETTER_RETRY_SECONDS."""
    return datetime.timedelta(seconds=settings.NEWSLETTER_RETRY_SECONDS * 2 ** (attempts - 1))


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)


def claimable(campaign_id: int, now: datetime.datetime) -> Q:
    return Q(campaign_id=campaign_id) & (
        Q(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True)
        | Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - lease())
    )


def batch_size(rate: float) -> int:
    """A batch is sent well within the lease even at the throttled rate."""
    size = settings.NEWSLETTER_BATCH_SIZE
    if rate > 0:
        size = min(size, max(1, int(rate * settings.NEWSLETTER_LEASE_SECONDS / 4)))
    return size


def claim(campaign_id: int, limit: int, now: datetime.datetime) -> tuple[str, list[dict]]:
    """Take up to `limit` deliveries for this worker (row locks skip others' on PostgreSQL;
    SQLite's IMMEDIATE transaction queues the workers)."""
    mark = uuid.uuid4().hex
    condition = claimable(campaign_id, now)
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(condition)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Delivery.objects.filter(condition, pk__in=ids).update(
                status=DeliveryStatus.SENDING, claim=mark, claimed_at=now
            )
    rows = list(
        Delivery.objects.filter(claim=mark, status=DeliveryStatus.SENDING)
        .order_by("pk")
        .values("pk", "subscriber_id", "address", "language", "attempts", "subscriber__status")
    )
    return mark, rows


def _record(pk: int, mark: str, **fields) -> None:
    Delivery.objects.filter(pk=pk, claim=mark, status=DeliveryStatus.SENDING).update(**fields)


def _release(pks: list[int], mark: str) -> None:
    """Give claimed deliveries back unsent: any worker may take them at once."""
    Delivery.objects.filter(pk__in=pks, claim=mark, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING, claim="", claimed_at=None
    )


def _record_sent(pk: int, mark: str) -> None:
    """_record(status=SENT, …) for the message just sent, written as the SQL it compiles to:
    once per message, where building the query cost as much as running it."""
    table = db.ops.quote_name(Delivery._meta.db_table)
    with db.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, attempts = attempts + 1, error = '' "
            "WHERE id = %s AND claim = %s AND status = %s",
            [
                DeliveryStatus.SENT.value,
                db.ops.adapt_datetimefield_value(timezone.now()),
                pk,
                mark,
                DeliveryStatus.SENDING.value,
            ],
        )


@dataclass
class Outcome:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    skipped: int = 0
    released: int = 0  # claimed, not sent, given back before the lease ended


class Sender:
    """One worker's sending of one campaign: the campaign rendered once per language."""

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.rate = settings.NEWSLETTER_RATE
        self.pacer = Pacer(self.rate)
        self.rendered = {
            code: rendering.render(campaign, code) for code, _name in settings.LANGUAGES
        }
        # What every recipient's message shares, as bytes, once per language.
        self.templates = {code: rendering.template(r) for code, r in self.rendered.items()}
        self.envelope_from = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        self.links = links.RecipientLinks()

    def _send(self, connection, row: dict) -> None:
        """One message: over the SMTP connection straight from the language's template, or
        through the backend (the test outbox, the console, a non-ASCII address) as usual."""
        language = row["language"] if row["language"] in self.rendered else "pl"
        message_id = rendering.message_id(self.campaign.pk, row["pk"])
        template = self.templates[language]
        if template is not None and SAFE_ADDRESS.match(row["address"]):
            data = rendering.from_template(
                template,
                to=row["address"],
                subscriber_id=row["subscriber_id"],
                message_id=message_id,
                made=self.links,
            )
            if isinstance(connection, SMTPBackend) and connection.connection is not None:
                deliver(connection.connection, self.envelope_from, row["address"], data)
                return
            message = rendering.PrebuiltMessage(
                data,
                subject=self.rendered[language].subject,
                to=row["address"],
                message_id=message_id,
                connection=connection,
            )
        else:
            message = rendering.message(
                self.rendered[language],
                to=row["address"],
                subscriber_id=row["subscriber_id"],
                message_id=message_id,
                connection=connection,
            )
        connection.send_messages([message])

    def batch(self, now: datetime.datetime | None = None) -> Outcome | None:
        """Claim and send one batch; None when nothing could be claimed."""
        now = now or timezone.now()
        mark, rows = claim(self.campaign.pk, batch_size(self.rate), now)
        if not rows:
            return None
        outcome = Outcome()
        refused = selectors.suppressed(row["address"] for row in rows)
        to_send = []
        for row in rows:
            if row["subscriber__status"] != SubscriberStatus.CONFIRMED or row["address"] in refused:
                _record(row["pk"], mark, status=DeliveryStatus.SKIPPED)
                outcome.skipped += 1
            else:
                to_send.append(row)
        # Another worker takes these rows again once the lease ends: this one stops sending
        # well before, and gives back what it has not sent (a slow machine, a slow server).
        stop_at = clock() + settings.NEWSLETTER_LEASE_SECONDS / 2
        connection = None
        try:
            for position, row in enumerate(to_send):
                if connection is None:
                    connection = get_connection()
                    try:
                        connection.open()
                    except Exception as error:  # the server is not there: every row waits
                        for left in to_send[position:]:
                            self._failed(left, mark, error, outcome)
                        connection = None
                        break
                self.pacer.wait(left=len(to_send) - position)
                if clock() > stop_at:
                    _release([left["pk"] for left in to_send[position:]], mark)
                    outcome.released = len(to_send) - position
                    break
                try:
                    self._send(connection, row)
                except Exception as error:
                    self._failed(row, mark, error, outcome)
                    if is_temporary(error):  # the connection may be gone: a new one
                        with contextlib.suppress(Exception):
                            connection.close()
                        connection = None
                else:
                    _record_sent(row["pk"], mark)
                    outcome.sent += 1
        finally:
            if connection is not None:
                connection.close()
        return outcome

    def _failed(self, row: dict, mark: str, error: Exception, outcome: Outcome) -> None:
        attempts = row["attempts"] + 1
        text = f"{type(error).__name__}: {error}"[:500]
        if is_temporary(error) and attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
            _record(
                row["pk"],
                mark,
                status=DeliveryStatus.PENDING,
                attempts=attempts,
                next_attempt_at=timezone.now() + backoff(attempts),
                error=text,
            )
            outcome.retried += 1
        else:
            _record(row["pk"], mark, status=DeliveryStatus.FAILED, attempts=attempts, error=text)
            outcome.failed += 1


def finish_if_done(campaign_id: int, now: datetime.datetime | None = None) -> bool:
    """The campaign is finished once every delivery has an outcome; True when it is."""
    if selectors.unfinished(campaign_id):
        return False
    Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).update(
        status=CampaignStatus.FINISHED, finished_at=now or timezone.now()
    )
    return True


def next_wake(campaign_id: int) -> datetime.datetime | None:
    """When something of the campaign becomes claimable: the earliest retry or lease's end."""
    found = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=DeliveryStatus.PENDING)),
        held=Min("claimed_at", filter=Q(status=DeliveryStatus.SENDING)),
    )
    moments = [found["retry"]] if found["retry"] else []
    if found["held"]:
        moments.append(found["held"] + lease())
    return min(moments) if moments else None


def run(campaign_id: int, *, budget_seconds: float | None = None) -> tuple[Outcome, bool]:
    """Send batches of the campaign until none is left or the time budget is spent; the
    totals and whether claimable work may remain."""
    total = Outcome()
    campaign = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
    if campaign is None:
        return total, False
    if budget_seconds is None:
        budget_seconds = min(300.0, settings.TASK_LEASE_SECONDS / 3)
    started = time.monotonic()
    with freshness.quiet():
        sender = Sender(campaign)
        while True:
            outcome = sender.batch()
            if outcome is None:
                finish_if_done(campaign_id)
                return total, False
            for field in ("sent", "failed", "retried", "skipped"):
                setattr(total, field, getattr(total, field) + getattr(outcome, field))
            if time.monotonic() - started > budget_seconds:
                return total, True
