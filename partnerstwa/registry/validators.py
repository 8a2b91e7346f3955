"""Polish identifiers, checked with python-stdnum so the checksums are the official ones."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon


def validate_nip(value: str) -> None:
    if not value:
        return
    try:
        nip.validate(value)
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” is not a valid NIP: it needs 10 digits with a correct check digit."),
            code="invalid_nip",
            params={"value": value},
        ) from None


def validate_regon(value: str) -> None:
    if not value:
        return
    try:
        regon.validate(value)
    except StdnumError:
        raise ValidationError(
            _(
                "“%(value)s” is not a valid REGON: "
                "it needs 9 or 14 digits with a correct check digit."
            ),
            code="invalid_regon",
            params={"value": value},
        ) from None


def compact_nip(value: str) -> str:
    return nip.compact(value) if value else ""


def compact_regon(value: str) -> str:
    return regon.compact(value) if value else ""
