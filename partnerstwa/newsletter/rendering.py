"""A campaign's message: what is common to every recipient made once per language (subject,
HTML and plain text), per recipient only the links and headers that name them.

The per-recipient links are put in by replacing two marks, so making the 100,000th message
costs a string replacement and the MIME assembly, not a template render.
"""

import html
import re
from dataclasses import dataclass
from email.utils import formatdate
from html.parser import HTMLParser

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import Whitelister

from partnerstwa.newsletter import links
from partnerstwa.newsletter.models import Campaign

PREFERENCES_MARK = "@@preferences-url@@"
UNSUBSCRIBE_MARK = "@@unsubscribe-url@@"
_RELATIVE = re.compile(r'(\s(?:src|href)=")/(?!/)')


def _absolute(fragment: str) -> str:
    """Addresses in a message work outside the site: images and links get the site's origin."""
    return _RELATIVE.sub(lambda m: m.group(1) + settings.SITE_URL + "/", fragment)


class _Text(HTMLParser):
    """Rich text as plain text: paragraphs and headings apart, list items marked, a link's
    address after its words."""

    BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"[{alt}]")

    def handle_endtag(self, tag) -> None:
        if tag == "a" and self.href:
            self.parts.append(f" ({self.href})")
            self.href = None
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class Rendered:
    """One language's message with the recipient's links still marked."""

    language: str
    subject: str
    text: str
    html: str


def render(campaign: Campaign, language: str, *, test: bool = False) -> Rendered:
    """The campaign in `language` (English falls back to Polish where it is not written)."""
    english = language == "en" and bool(campaign.body_en.strip())
    subject = (campaign.subject_en if language == "en" and campaign.subject_en else "") or (
        campaign.subject_pl
    )
    body = campaign.body_en if english else campaign.body_pl
    content_language = "en" if english else "pl"
    fragment = _absolute(Whitelister().clean(expand_db_html(body)))
    values = {
        "subject": subject,
        "body_html": mark_safe(fragment),
        "body_text": html_to_text(fragment),
        "content_language": content_language,
        "preferences_url": PREFERENCES_MARK,
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "site_url": settings.SITE_URL,
        "test": test,
    }
    with translation.override(language):
        text = render_to_string("newsletter/emails/campaign.txt", values)
        page = render_to_string("newsletter/emails/campaign.html", values)
        if test:
            subject = translation.gettext("[Test] %(subject)s") % {"subject": subject}
    return Rendered(language=language, subject=" ".join(subject.split()), text=text, html=page)


def preview_html(campaign: Campaign, language: str) -> str:
    """The HTML part as a reader sees it, for the CMS and the staff page (links lead nowhere)."""
    rendered = render(campaign, language)
    return rendered.html.replace(PREFERENCES_MARK, "#").replace(UNSUBSCRIBE_MARK, "#")


def message_id(campaign_id: int, delivery_id: int) -> str:
    """The same for every attempt at one delivery, so a message sent again after a crash is
    shown once by mail programs."""
    return f"<newsletter.{campaign_id}.{delivery_id}@{_domain()}>"


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def message(
    rendered: Rendered,
    *,
    to: str,
    subscriber_id: int | None,
    message_id: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The message to one recipient: plain text with an HTML alternative, the association as
    sender, List-Unsubscribe (an HTTPS one-click address and a mailto) and
    List-Unsubscribe-Post as RFC 8058 asks. A test message (no subscriber) has no links."""
    if subscriber_id is not None:
        preferences = links.preferences_url(subscriber_id)
        unsubscribe, mailto = links.unsubscribe_pair(subscriber_id)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    else:
        preferences = unsubscribe = settings.SITE_URL + "/newsletter/"
        headers = {}
    if message_id:
        headers["Message-ID"] = message_id
    return _assembled(rendered, to, preferences, unsubscribe, headers, connection)


def _assembled(rendered, to, preferences, unsubscribe, headers, connection=None):
    text = rendered.text.replace(PREFERENCES_MARK, preferences).replace(
        UNSUBSCRIBE_MARK, unsubscribe
    )
    page = rendered.html.replace(PREFERENCES_MARK, html.escape(preferences)).replace(
        UNSUBSCRIBE_MARK, html.escape(unsubscribe)
    )
    email = EmailMultiAlternatives(
        rendered.subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(page, "text/html")
    return email


# The whole message made once per language, the recipient's parts marked -------------------------

MARK_TO = "recipient@newsletter.invalid"
MARK_ID = "<message-id@newsletter.invalid>"
MARK_DATE = "Thu, 01 Jan 1970 00:00:00 -0000"
MARK_LIST = "list-unsubscribe@newsletter.invalid"


def template(rendered: Rendered) -> bytes | None:
    """The message's bytes with marks where each recipient's address, Message-ID, Date,
    List-Unsubscribe and links go; None when a mark did not come through as written (a body
    line too long for 8-bit transfer is quoted-printable, and a mark in it may be broken)."""
    email = _assembled(
        rendered,
        MARK_TO,
        PREFERENCES_MARK,
        UNSUBSCRIBE_MARK,
        {
            "List-Unsubscribe": MARK_LIST,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": MARK_ID,
            "Date": MARK_DATE,
        },
    )
    raw = email.message().as_bytes(linesep="\r\n")
    text_marks = rendered.text.count(PREFERENCES_MARK) + rendered.html.count(PREFERENCES_MARK)
    whole = all(raw.count(mark.encode()) == 1 for mark in (MARK_ID, MARK_DATE, MARK_LIST))
    if not whole or raw.count(PREFERENCES_MARK.encode()) != text_marks:
        return None
    return raw


def from_template(
    raw: bytes,
    *,
    to: str,
    subscriber_id: int,
    message_id: str,
    made: links.RecipientLinks | None = None,
) -> bytes:
    """One recipient's message from the template: string replacements only (`to` ASCII).
    `made`: the links' maker a sender keeps for all its recipients."""
    made = made or links.RecipientLinks()
    unsubscribe, mailto = made.unsubscribe_pair(subscriber_id)
    return (
        raw.replace(MARK_TO.encode(), to.encode(), 1)
        .replace(MARK_ID.encode(), message_id.encode(), 1)
        .replace(MARK_DATE.encode(), formatdate(localtime=True).encode(), 1)
        .replace(MARK_LIST.encode(), f"<{unsubscribe}>,\r\n <{mailto}>".encode(), 1)
        .replace(PREFERENCES_MARK.encode(), made.preferences_url(subscriber_id).encode())
        .replace(UNSUBSCRIBE_MARK.encode(), unsubscribe.encode())
    )


class _RawMessage:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def as_bytes(self, *args, **kwargs) -> bytes:
        return self.data

    def as_string(self, *args, **kwargs) -> str:
        return self.data.decode("utf-8", "replace")


class PrebuiltMessage(EmailMessage):
    """A message whose bytes are already made, for backends other than SMTP (the test outbox,
    the console): the SMTP path hands the bytes to the server directly."""

    def __init__(self, data: bytes, *, subject: str, to: str, message_id: str, connection):
        super().__init__(
            subject,
            "",
            settings.DEFAULT_FROM_EMAIL,
            [to],
            headers={"Message-ID": message_id},
            connection=connection,
        )
        self.data = data

    def message(self, *args, **kwargs):
        return _RawMessage(self.data)
