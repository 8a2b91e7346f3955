"""Reads of the programme record."""

from partnerstwa.programme.models import Programme


def programme_current() -> Programme | None:
    return Programme.objects.current().first()
