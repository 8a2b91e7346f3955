"""The registry's validation rules, which models' clean() and the services both apply.

Polish identifiers are checked with python-stdnum so the checksums are the official ones. This
module reads no model, so the models can use it without a cycle.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon

from partnerstwa.registry.choices import LOCAL_GOVERNMENT_LEVELS, OrganisationKind, UnitLevel

if TYPE_CHECKING:
    from partnerstwa.registry.models import TerritorialUnit


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


def organisation_validate_unit(*, kind: str, unit: TerritorialUnit | None) -> None:
    """A local government governs one unit of the matching level; others have no unit."""
    expected_level = LOCAL_GOVERNMENT_LEVELS.get(kind)
    if expected_level is None:
        if unit is not None:
            raise ValidationError(
                {"territorial_unit": _("Only a local government has a territorial unit.")}
            )
        return
    if unit is None:
        raise ValidationError(
            {"territorial_unit": _("Choose the territorial unit this local government governs.")}
        )
    if unit.level != expected_level:
        raise ValidationError(
            {
                "territorial_unit": _(
                    "A %(kind)s must point to a unit of the level “%(level)s”, not “%(actual)s”."
                )
                % {
                    "kind": OrganisationKind(kind).label,
                    "level": UnitLevel(expected_level).label,
                    "actual": UnitLevel(unit.level).label,
                }
            }
        )


def membership_validate_no_overlap(
    memberships: QuerySet,
    *,
    joined_on: datetime.date,
    left_on: datetime.date | None,
    exclude_pk: int | None = None,
) -> None:
    """No two memberships of one organisation in one association share a day.

    memberships: that organisation's memberships of that association."""
    overlapping = memberships.filter(Q(left_on__isnull=True) | Q(left_on__gte=joined_on))
    if left_on is not None:
        overlapping = overlapping.filter(joined_on__lte=left_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    if overlapping.exists():
        raise ValidationError(
            _("This organisation is already a member of the association in that period.")
        )
