"""The bounds every value kept by the system must respect, stated once.

Model fields carry these validators (so ModelForms and the admin apply them), plain forms use the
same validators, and imports call them row by row. The README's "Value bounds" section states them
for people.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

# Polish local government as the system knows it began with the elections of 27 May 1990.
EARLIEST_DAY = datetime.date(1990, 1, 1)
# Plans (project ends, target dates, events) may look this many years ahead of today.
YEARS_AHEAD = 20
# The largest amount in PLN: 999 999 999 999,99 (14 digits, 2 of them grosze).
MAX_AMOUNT = Decimal("999999999999.99")
# Descriptions, notes, answers and other multi-line text.
LONG_TEXT_MAX = 20_000
WEB_SCHEMES = ("http", "https")

# One amount as people write it in Poland: ASCII digits, optional spaces between thousands, a
# comma or a dot before at most two grosze digits. No exponent, no sign, no other scripts' digits.
_AMOUNT = re.compile(r"(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d{1,2})?")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def today() -> datetime.date:
    return timezone.localdate()


def latest_day() -> datetime.date:
    """The last day a planned date may fall on."""
    return datetime.date(today().year + YEARS_AHEAD, 12, 31)


def _grouped(number: int) -> str:
    """20000 as people read it: "20 000" in Polish."""
    return number_format(number, force_grouping=True)


def _spoken(day: datetime.date) -> str:
    """A day as a sentence says it: "1 stycznia 1990" (genitive month) in Polish."""
    return date_format(day, "j E Y")


def _day_error(value: datetime.date, last: datetime.date) -> ValidationError:
    return ValidationError(
        _("%(value)s is outside the dates the system accepts (%(first)s to %(last)s)."),
        code="day_out_of_bounds",
        params={"value": value.isoformat(), "first": _spoken(EARLIEST_DAY), "last": _spoken(last)},
    )


def validate_day(value: datetime.date | None) -> None:
    """A date of the programme's life, past or planned."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    last = latest_day()
    if not EARLIEST_DAY <= value <= last:
        raise _day_error(value, last)


def validate_year(value: int | None) -> None:
    """A year of the programme's life (an edition, a report): the years validate_day allows."""
    if value is None:
        return
    last = latest_day().year
    if not EARLIEST_DAY.year <= value <= last:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s."),
            code="year_out_of_bounds",
            params={"first": EARLIEST_DAY.year, "last": last},
        )


def validate_past_day(value: datetime.date | None) -> None:
    """A date something already happened on (an adoption, a decision): never in the future."""
    if value is None:
        return
    if isinstance(value, datetime.datetime):
        value = value.date()
    if value > today():
        raise ValidationError(
            _("%(value)s is in the future; give the day it happened."),
            code="day_in_future",
            params={"value": value.isoformat()},
        )
    validate_day(value)


def validate_moment(value: datetime.datetime | None) -> None:
    """A date and time (an event's start or end) within the same bounds as days."""
    if value is not None:
        validate_day(timezone.localtime(value).date() if timezone.is_aware(value) else value)


# Characters that break a line (U+2028, U+2029), reorder what is shown (bidirectional
# embeddings, overrides and isolates: "Trojan Source" tricks in names and links) or hide.
_INVISIBLE_CONTROLS = set(
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200b\ufeff"  # zero-width space and no-break: invisible, they make two names differ
)


def _bad_characters(value: str, allowed: str) -> bool:
    # Every character refused below is one Python counts as unprintable: a printable text (the
    # usual case, checked in C) needs no look at each character.
    if value.isprintable():
        return False
    return any(
        (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in _INVISIBLE_CONTROLS)
        and ch not in allowed
        for ch in value
    )


def validate_single_line(value: str | None) -> None:
    """A name, title or address line: no line breaks, tabs or other control characters (they
    would split e-mail headers and bodies, and CSV rows)."""
    if value and _bad_characters(value, ""):
        raise ValidationError(
            _("Use a single line of text without control characters."), code="control_characters"
        )


def validate_long_text(value: str | None) -> None:
    """A description or note: line breaks allowed, other control characters not, and at most
    LONG_TEXT_MAX characters."""
    if not value:
        return
    if len(value) > LONG_TEXT_MAX:
        raise ValidationError(
            _("At most %(max)s characters, please (this text has %(length)s)."),
            code="too_long",
            params={"max": _grouped(LONG_TEXT_MAX), "length": _grouped(len(value))},
        )
    if _bad_characters(value, "\n\r\t"):
        raise ValidationError(
            _("The text contains control characters; remove them."), code="control_characters"
        )


def validate_web_url(value: str | None) -> None:
    """A link shown to people: http or https only (never javascript:, data:, file:)."""
    if not value:
        return
    scheme, sep, rest = value.strip().partition(":")
    if not sep or scheme.lower() not in WEB_SCHEMES or not rest.startswith("//"):
        raise ValidationError(
            _("Give a web address starting with http:// or https://."), code="url_scheme"
        )
    validate_single_line(value)


def with_web_scheme(address: str) -> str:
    """A bare address as reference files write it ("eeagrants.org/node/6255") as a web link
    (https://…); an address that names its scheme is left as it is, for the validators to judge."""
    address = address.strip()
    return address if not address or "://" in address else f"https://{address}"


def validate_web_urls(value: str | None) -> None:
    """A text of one link per line (sources): each line an http(s) address."""
    for line in (value or "").splitlines():
        if line.strip():
            validate_web_url(line.strip())
    validate_long_text(value)


def validate_amount(value: Decimal | None) -> None:
    if value is None:
        return
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise ValidationError(
            _("An amount must be between 0 and 999 999 999 999,99 PLN."),
            code="amount_out_of_bounds",
        )


def parse_amount(text: str) -> Decimal:
    """ "2 153 204,01", "2153204.01" or "1 000" -> Decimal; anything else (an exponent, a sign,
    non-ASCII digits, three grosze digits) raises ValidationError."""
    cleaned = " ".join(str(text).translate(_SPACES).split())
    if not cleaned.isascii() or not _AMOUNT.fullmatch(cleaned):
        raise ValidationError(
            _("“%(value)s” is not an amount in PLN (e.g. 2 153 204,01)."),
            code="invalid_amount",
            params={"value": str(text)[:40]},
        )
    try:
        amount = Decimal(cleaned.replace(" ", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise ValidationError(_("Not an amount."), code="invalid_amount") from None
    validate_amount(amount)
    return amount
