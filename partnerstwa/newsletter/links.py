"""The newsletter's signed links (README: "Link lifetimes"). Their own module so services (which
queue the e-mails) and tasks (which put the links in them) both import it.

The confirmation link names the consent record it confirms, so it works once: a second click,
or a click after a newer sign-up, confirms nothing new. The links in every message name the
subscriber and live long, because messages are kept and unsubscribing must keep working.
"""

import datetime

from django.conf import settings
from django.urls import reverse

from partnerstwa.lib.tokens import LinkKind

CONFIRM_LINK = LinkKind("partnerstwa.newsletter.confirm", datetime.timedelta(days=7))
PREFERENCES_LINK = LinkKind("partnerstwa.newsletter.preferences", datetime.timedelta(days=730))
UNSUBSCRIBE_LINK = LinkKind("partnerstwa.newsletter.unsubscribe", datetime.timedelta(days=3650))


def confirm_url(consent_id: int) -> str:
    return settings.SITE_URL + reverse("newsletter:confirm", args=[CONFIRM_LINK.token(consent_id)])


def preferences_url(subscriber_id: int) -> str:
    return settings.SITE_URL + reverse(
        "newsletter:preferences", args=[PREFERENCES_LINK.token(subscriber_id)]
    )


def unsubscribe_pair(subscriber_id: int) -> tuple[str, str]:
    """The two addresses of List-Unsubscribe, from one token: the HTTPS one-click address and a
    mailto of the mailbox named in settings with the token as the subject (the mailbox reader
    unsubscribes whoever the token names)."""
    token = UNSUBSCRIBE_LINK.token(subscriber_id)
    url = settings.SITE_URL + reverse("newsletter:unsubscribe", args=[token])
    return url, f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}?subject=unsubscribe%20{token}"


class RecipientLinks:
    """The same links for a campaign's many recipients in a row: the paths reversed once, only
    each recipient's tokens signed (reverse() costs as much as the signing)."""

    MARK = "token-mark"

    def __init__(self) -> None:
        self.preferences = self._around("newsletter:preferences")
        self.unsubscribe = self._around("newsletter:unsubscribe")
        self.mailto = f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX}?subject=unsubscribe%20"

    def _around(self, name: str) -> tuple[str, str]:
        before, after = reverse(name, args=[self.MARK]).split(self.MARK)
        return settings.SITE_URL + before, after

    def preferences_url(self, subscriber_id: int) -> str:
        before, after = self.preferences
        return before + PREFERENCES_LINK.token(subscriber_id) + after

    def unsubscribe_pair(self, subscriber_id: int) -> tuple[str, str]:
        token = UNSUBSCRIBE_LINK.token(subscriber_id)
        before, after = self.unsubscribe
        return before + token + after, self.mailto + token
