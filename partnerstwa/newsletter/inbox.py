"""The newsletter's mailbox: delivery status notifications (RFC 3464), complaints in the Abuse
Reporting Format (RFC 5965) and unsubscribe requests sent to List-Unsubscribe's mailto.

Each message is read with Python's `email` package and acted on through the same services as
the bounce webhook (services.feedback_record), so a bounce counts the same whichever way it
arrives. A message is acted on once: its Message-ID (or digest) is recorded in the same
transaction as what it did. Anything that cannot be read is skipped with a reason, never raised.
"""

import contextlib
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, HeaderParser
from email.utils import getaddresses

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from partnerstwa.lib import freshness
from partnerstwa.lib.tokens import LinkExpired
from partnerstwa.newsletter import services
from partnerstwa.newsletter.links import UNSUBSCRIBE_LINK
from partnerstwa.newsletter.models import MailboxMessage, Subscriber

# A signed token (django.core.signing): base64url pieces joined by colons.
TOKEN = re.compile(r"\bunsubscribe\s+([A-Za-z0-9_\-]+:[A-Za-z0-9_\-]+:[A-Za-z0-9_\-]+)", re.I)
STATUS = re.compile(r"^([245])\.\d{1,3}\.\d{1,3}$")
ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass
class Result:
    """What reading one message did: `done` (one word per action) or why it was skipped."""

    kind: str = ""
    done: list[str] = field(default_factory=list)
    skipped: str = ""
    duplicate: bool = False  # acted on before

    @property
    def acted(self) -> bool:
        return not self.skipped


class Unreadable(Exception):
    """The message is not one the reader understands; the text says why."""


def _key(message: Message, raw: bytes) -> str:
    message_id = " ".join(str(message.get("Message-ID", "")).split())
    if message_id and len(message_id) <= 240:
        return "id:" + message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _address(value: str) -> str:
    """The address of a "rfc822; someone@example.org" field (or of a bare address)."""
    kind, _semicolon, address = value.rpartition(";")
    if kind and kind.strip().lower() not in ("rfc822", ""):
        return ""
    address = address.strip().strip("<>").strip()
    return address if ADDRESS.match(address) and len(address) <= 254 else ""


def _report_parts(message: Message, report_type: str) -> list[Message]:
    return [
        part
        for part in message.walk()
        if part.get_content_type() == "multipart/report"
        and part.get_param("report-type", "").lower() == report_type
    ]


def _field_blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status part (the per-message block first)."""
    payload = part.get_payload()
    if isinstance(payload, list):  # the email package has split the blocks already
        return payload
    text = part.get_payload(decode=True) or (payload.encode() if isinstance(payload, str) else b"")
    blocks = re.split(rb"\r?\n\s*\r?\n", text.strip())
    return [BytesHeaderParser().parsebytes(block) for block in blocks if block.strip()]


def delivery_events(message: Message) -> list[tuple[str, str, str]]:
    """(event, recipient, detail) per recipient of a delivery status notification: a failure
    with a 5.x.x status is a hard bounce ("bounced"), a 4.x.x one or a delay a soft bounce
    ("deferred"), a success resets the soft count ("delivered")."""
    reports = _report_parts(message, "delivery-status")
    if not reports:
        raise Unreadable(_("not a delivery report, a complaint or an unsubscribe request"))
    events = []
    for report in reports:
        for part in report.walk():
            if part.get_content_type() not in (
                "message/delivery-status",
                "message/global-delivery-status",
            ):
                continue
            for block in _field_blocks(part)[1:]:
                recipient = _address(
                    str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
                )
                action = str(block.get("Action", "")).strip().lower()
                status = str(block.get("Status", "")).strip().split(" ")[0]
                if not recipient:
                    continue
                detail = " ".join(
                    f"DSN {action} {status} {block.get('Diagnostic-Code', '')}".split()
                )[:300]
                code = STATUS.match(status)
                if action in ("delivered", "relayed", "expanded") or (code and code[1] == "2"):
                    events.append(("delivered", recipient, detail))
                elif code and code[1] == "5" and action in ("failed", ""):
                    events.append(("bounced", recipient, detail))
                elif (code and code[1] == "4") or action == "delayed":
                    events.append(("deferred", recipient, detail))
    if not events:
        raise Unreadable(_("a delivery report naming no recipient with a known status"))
    return events


def complaint_events(message: Message) -> list[tuple[str, str, str]]:
    """("complained", recipient, detail) from an ARF report: the recipient is the report's
    Original-Rcpt-To, or else the To of the returned message (or of its headers)."""
    events = []
    for report in _report_parts(message, "feedback-report"):
        feedback, returned = None, None
        for part in report.walk():
            kind = part.get_content_type()
            if kind == "message/feedback-report":
                payload = part.get_payload()
                if isinstance(payload, list):
                    feedback = payload[0] if payload else None
                else:
                    text = part.get_payload(decode=True) or b""
                    feedback = BytesHeaderParser().parsebytes(text.lstrip())
            elif kind == "message/rfc822":
                payload = part.get_payload()
                returned = payload[0] if isinstance(payload, list) and payload else returned
            elif kind == "text/rfc822-headers":
                text = part.get_payload(decode=True) or b""
                returned = HeaderParser().parsestr(text.decode("utf-8", "replace"))
        if feedback is None:
            continue
        feedback_type = str(feedback.get("Feedback-Type", "")).strip().lower()
        candidates = [str(value) for value in feedback.get_all("Original-Rcpt-To") or []]
        if not candidates and returned is not None:
            candidates = [address for _name, address in getaddresses(returned.get_all("To", []))]
        for candidate in candidates:
            recipient = _address(candidate)
            if recipient:
                events.append(("complained", recipient, f"ARF {feedback_type}"[:300]))
    if not events:
        raise Unreadable(_("a complaint report naming no recipient"))
    return events


def _text(message: EmailMessage) -> str:
    parts = [str(message.get("Subject", ""))]
    body = message.get_body(preferencelist=("plain",)) if message.is_multipart() else message
    if body is not None and body.get_content_maintype() == "text":
        with contextlib.suppress(LookupError, ValueError):  # a charset Python does not know
            parts.append(body.get_content()[:20000])
    return "\n".join(parts)


def _to_unsubscribe_mailbox(message: Message) -> bool:
    mailbox = settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX.lower()
    headers = []
    for name in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"):
        headers.extend(str(value) for value in message.get_all(name) or [])
    return any(address.lower() == mailbox for _name, address in getaddresses(headers))


def unsubscribe_token(message: EmailMessage) -> str:
    """The token of a reply to List-Unsubscribe's mailto ("unsubscribe <token>" in the subject,
    or in the body when a mail program put it there)."""
    found = TOKEN.search(_text(message))
    if not found:
        raise Unreadable(_("sent to the unsubscribe address without a token"))
    return found[1]


def _unsubscribe(token: str) -> list[str]:
    try:
        pk = UNSUBSCRIBE_LINK.pk(token, Subscriber)
        subscriber = Subscriber.objects.get(pk=pk)
    except Subscriber.DoesNotExist:
        raise Unreadable(_("the unsubscribe token is not one of ours")) from None
    except LinkExpired:
        raise Unreadable(_("the unsubscribe token has expired")) from None
    return ["unsubscribed" if services.unsubscribe(subscriber=subscriber) else "already"]


def classify(message: EmailMessage) -> tuple[str, list[tuple[str, str, str]] | str]:
    """("dsn" | "complaint", events) or ("unsubscribe", token); Unreadable otherwise."""
    if message.get_content_type() == "multipart/report" or _report_parts(
        message, "delivery-status"
    ):
        report_type = message.get_param("report-type", "").lower()
        if report_type == "feedback-report" or _report_parts(message, "feedback-report"):
            return "complaint", complaint_events(message)
        return "dsn", delivery_events(message)
    if _to_unsubscribe_mailbox(message) or TOKEN.search(str(message.get("Subject", ""))):
        return "unsubscribe", unsubscribe_token(message)
    raise Unreadable(_("not a delivery report, a complaint or an unsubscribe request"))


def process(raw: bytes) -> Result:
    """Read one message and act on it once. Never raises for what the message holds."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        key = _key(message, raw)
        kind, found = classify(message)
    except Unreadable as reason:
        return Result(skipped=str(reason))
    except Exception as error:  # a message broken in a way the parser did not foresee
        return Result(skipped=_("cannot be read: %(error)s") % {"error": type(error).__name__})
    if MailboxMessage.objects.filter(key=key).exists():
        return Result(kind=kind, skipped=_("already processed"), duplicate=True)
    try:
        with transaction.atomic(), freshness.quiet():
            record = MailboxMessage.objects.create(key=key, kind=kind)
            if kind == "unsubscribe":
                done = _unsubscribe(found)
            else:
                done = [
                    services.feedback_record(
                        event_type=event, recipient=recipient, description=detail
                    )
                    for event, recipient, detail in found
                ]
            MailboxMessage.objects.filter(pk=record.pk).update(outcome=" ".join(done)[:255])
    except IntegrityError:  # another reader took the same message at the same moment
        return Result(kind=kind, skipped=_("already processed"), duplicate=True)
    except Unreadable as reason:
        return Result(kind=kind, skipped=str(reason))
    return Result(kind=kind, done=done)


# Where the messages come from ----------------------------------------------------------------


@dataclass
class Summary:
    read: int = 0
    acted: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def read_local(path, summary: Summary) -> None:
    """Every message of a Maildir (a folder with cur/ and new/) or an mbox file. Messages stay
    where they are: what was acted on is known by its record, so a second run changes nothing."""
    import mailbox
    from pathlib import Path

    path = Path(path)
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise OSError(_("%(path)s is a folder but not a Maildir") % {"path": path})
        box = mailbox.Maildir(path, factory=None, create=False)
    elif path.is_file():
        box = mailbox.mbox(path, factory=None, create=False)
    else:
        raise OSError(_("No such file: %(path)s") % {"path": path})
    try:
        for key in sorted(box.keys(), key=str):
            _take(box.get_bytes(key), str(key), summary)
    finally:
        box.close()


def imap_configured() -> bool:
    return bool(getattr(settings, "NEWSLETTER_MAILBOX_HOST", ""))


def imap_connect():
    """An IMAP connection over TLS, certificates checked (tests replace this)."""
    import imaplib
    import ssl

    return imaplib.IMAP4_SSL(
        settings.NEWSLETTER_MAILBOX_HOST,
        int(getattr(settings, "NEWSLETTER_MAILBOX_PORT", 993)),
        ssl_context=ssl.create_default_context(),
        timeout=60,
    )


def read_imap(summary: Summary) -> None:
    """The unseen messages of NEWSLETTER_MAILBOX_FOLDER: those acted on (or acted on before) are
    deleted; those the reader cannot read are marked seen and left for a person."""
    import imaplib

    try:
        _read_imap(imap_connect(), summary)
    except imaplib.IMAP4.error as error:  # the server refused a command: the mailbox's fault
        raise OSError(str(error)) from None


def _read_imap(connection, summary: Summary) -> None:
    try:
        connection.login(
            getattr(settings, "NEWSLETTER_MAILBOX_USER", ""),
            getattr(settings, "NEWSLETTER_MAILBOX_PASSWORD", ""),
        )
        connection.select(getattr(settings, "NEWSLETTER_MAILBOX_FOLDER", "INBOX"))
        _status, found = connection.uid("SEARCH", None, "UNSEEN")
        for uid in (found[0] or b"").split():
            _status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in data if isinstance(item, tuple)), None)
            if raw is None:
                continue
            result = _take(raw, f"UID {uid.decode()}", summary)
            done = result.acted or result.duplicate
            flags = r"(\Seen \Deleted)" if done else r"(\Seen)"
            connection.uid("STORE", uid, "+FLAGS", flags)
        connection.expunge()
    finally:
        with contextlib.suppress(Exception):  # the server went away; nothing left to tell it
            connection.logout()


def _take(raw: bytes, where: str, summary: Summary) -> Result:
    result = process(raw)
    summary.read += 1
    if result.acted:
        summary.acted += 1
    else:
        summary.skipped.append((where, result.skipped))
    return result
