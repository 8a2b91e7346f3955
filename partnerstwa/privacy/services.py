"""Writes of the privacy app: restrictions and objections in force or lifted."""

import datetime

from django.db import transaction
from django.utils import timezone

from partnerstwa.privacy.models import Restriction, RestrictionKind


def restriction_start(
    *, email: str, kind: str, now: datetime.datetime | None = None
) -> Restriction:
    """Put a restriction (or an objection) in force for the address; one of each kind at a
    time, so starting it again returns the one in force."""
    if kind not in RestrictionKind.values:
        raise ValueError(kind)
    email = email.strip().lower()
    with transaction.atomic():
        current = Restriction.objects.filter(
            email__iexact=email, kind=kind, lifted_at__isnull=True
        ).first()
        if current is not None:
            return current
        return Restriction.objects.create(email=email, kind=kind, started_at=now or timezone.now())


def restriction_lift(*, email: str, kind: str, now: datetime.datetime | None = None) -> int:
    return Restriction.objects.filter(
        email__iexact=email.strip(), kind=kind, lifted_at__isnull=True
    ).update(lifted_at=now or timezone.now())
