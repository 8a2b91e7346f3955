"""E-mail backends for the sending tests: the locmem outbox with failures and a kill."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

# Per address, what the next attempts raise (consumed one by one).
FAILURES: dict[str, list[Exception]] = {}
# Raise Killed before (or after) the server takes the message number KILL_AT (1-based).
KILL = {"at": None, "after_accept": False, "count": 0}


class Killed(BaseException):
    """The worker dies (kill -9): nothing after this line of the worker runs."""


def reset() -> None:
    FAILURES.clear()
    KILL.update(at=None, after_accept=False, count=0)


class FlakyBackend(LocmemBackend):
    opened = 0

    def open(self):
        FlakyBackend.opened += 1
        return True

    def send_messages(self, messages):
        for message in messages:
            failures = FAILURES.get(message.to[0])
            if failures:
                raise failures.pop(0)
            KILL["count"] += 1
            if KILL["at"] is not None and KILL["count"] == KILL["at"] and not KILL["after_accept"]:
                raise Killed
        sent = super().send_messages(messages)
        if KILL["at"] is not None and KILL["count"] == KILL["at"] and KILL["after_accept"]:
            raise Killed
        return sent


def temporary() -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({"x": (451, b"4.7.1 Try again later")})


def permanent() -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({"x": (550, b"5.1.1 No such user")})
