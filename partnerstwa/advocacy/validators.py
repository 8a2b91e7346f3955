"""Legal-act references as Polish lawyers write them, parsed into what the official register
(ISAP, the Sejm's Internet System of Legal Acts) names them by.

Accepted: "Dz.U. 2016 poz. 446", "Dz.U. z 2016 r. poz. 446", "Dz. U. z 2016 r., poz. 446", and
before 2012, when the journal still had numbers, "Dz.U. 2001 nr 142 poz. 1591" or "Dz.U. z 2001 r.
Nr 142, poz. 1591"; optionally followed by a provision: "art. 10 ust. 1 pkt 2 lit. a". From 2012
the journal has positions only, so a number is refused then and required before.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerstwa.lib.bounds import today, validate_single_line

# Dziennik Ustaw of the restored state began in 1918; from 2012 it is numbered by position only.
FIRST_YEAR = 1918
POSITIONS_ONLY_FROM = 2012
ISAP_URL = "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id={}"

_UNIT = r"\d+[a-z]{0,3}"
_PROVISION = re.compile(
    rf"art\.\s*{_UNIT}(?:\s+ust\.\s*{_UNIT})?(?:\s+pkt\s*{_UNIT})?(?:\s+lit\.\s*[a-z]{{1,3}})?",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"Dz\.\s*U\.\s+(?:z\s+)?(?P<year>\d{4})(?:\s*r\.)?,?"
    r"(?:\s+nr\s*(?P<number>\d{1,4}),?)?"
    r"\s+poz\.\s*(?P<position>\d{1,5})"
    r"(?:\s*[,–-]?\s+(?P<provision>art\..*))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reference:
    year: int
    number: int | None
    position: int
    provision: str = ""

    @property
    def isap_id(self) -> str:
        """WDU + year + the position in 7 digits (from 2012), or + number in 3 and position in 4
        digits before: "WDU20160000446", "WDU20011421591"."""
        if self.number is None:
            return f"WDU{self.year}{self.position:07d}"
        return f"WDU{self.year}{self.number:03d}{self.position:04d}"

    @property
    def isap_url(self) -> str:
        return ISAP_URL.format(self.isap_id)

    @property
    def journal(self) -> str:
        """The act as the journal cites it today: "Dz.U. 2016 poz. 446"."""
        if self.number is None:
            return f"Dz.U. {self.year} poz. {self.position}"
        return f"Dz.U. {self.year} nr {self.number} poz. {self.position}"

    def __str__(self) -> str:
        return f"{self.journal}, {self.provision}" if self.provision else self.journal


def _invalid(text: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(value)s” is not a Dziennik Ustaw reference; write it as “Dz.U. 2016 poz. 446” "
            "or “Dz.U. z 2016 r. poz. 446”, optionally followed by “art. 10 ust. 1 pkt 2”."
        ),
        code="bad_reference",
        params={"value": text[:80]},
    )


def parse_reference(text: str) -> Reference:
    """One reference, or ValidationError naming what is wrong with it."""
    validate_single_line(text)
    cleaned = " ".join(text.split())
    found = _REFERENCE.fullmatch(cleaned)
    if not found:
        raise _invalid(text)
    year, position = int(found["year"]), int(found["position"])
    number = int(found["number"]) if found["number"] else None
    provision = " ".join((found["provision"] or "").split())
    validate_provision(provision)
    if not FIRST_YEAR <= year <= today().year:
        raise ValidationError(
            _("The journal's year must be between %(first)s and %(last)s."),
            code="bad_year",
            params={"first": FIRST_YEAR, "last": today().year},
        )
    if position < 1 or (number is not None and number < 1):
        raise _invalid(text)
    if year >= POSITIONS_ONLY_FROM and number is not None:
        raise ValidationError(
            _("From 2012 Dziennik Ustaw has no numbers: give the year and the position only."),
            code="number_after_2011",
        )
    if year < POSITIONS_ONLY_FROM and number is None:
        raise ValidationError(
            _("Before 2012 Dziennik Ustaw was numbered: give the number too (“nr 142 poz. 1591”)."),
            code="number_missing",
        )
    return Reference(year=year, number=number, position=position, provision=provision.lower())


def parse_references(text: str) -> list[Reference]:
    """One reference a line; blank lines ignored, repeats kept once, every bad line named."""
    references: list[Reference] = []
    errors: list[ValidationError] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        try:
            reference = parse_reference(line)
        except ValidationError as error:
            errors.append(error)
        else:
            if reference not in references:
                references.append(reference)
    if errors:
        raise ValidationError(errors)
    return references


def validate_references(text: str) -> None:
    parse_references(text)


def validate_provision(value: str) -> None:
    if value and not _PROVISION.fullmatch(value):
        raise ValidationError(
            _("“%(value)s” is not a provision; write it as “art. 10 ust. 1 pkt 2”."),
            code="bad_provision",
            params={"value": value[:80]},
        )
