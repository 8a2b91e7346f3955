"""Reads of the programme record."""

from partnerstwa.lib.prepared import prepared
from partnerstwa.programme.models import Programme


@prepared()
def _current():
    return Programme.objects.current().order_by("pk")[:1]


def programme_current() -> Programme | None:
    """The programme the portal presents (a prepared read: pages ask for it on every request)."""
    for programme in _current():
        return programme
    return None
