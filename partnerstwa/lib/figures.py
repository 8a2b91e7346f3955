"""Figures computed once per change: a result that is costly to compute from many records (the
programme's indicators, the events a partnership's people attended) is computed once after the
records it is computed from change, stored (StoredFigures) and read from there by every page,
the open data and the reports until the next change. This module is the one place that writes
and prunes them; each app names its results so that no two apps' names meet (the indicators'
by day and parameters, the activities' by "attended <partnership>").

A stored result is keyed by its name (which figures, for which day and parameters) and the
lib.freshness fingerprint of the apps the figures are read from (`scopes`), taken before
computing: any
committed write to those apps makes every stored result stale at once, and the first request
after it computes afresh. That request claims the computation (in the shared cache: every
process and machine sees the claim); the requests arriving while it computes are answered with
the previous result instead of computing the same figures again — a change shows within
settings.FRESHNESS_SECONDS plus one computation (about 2 s for the indicators at national
scale). A result of older data is deleted when its newer one is stored, and at most KEEP results
are kept.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone

from partnerstwa.lib import freshness
from partnerstwa.lib.models import StoredFigures
from partnerstwa.lib.prepared import prepared

# Every day a visitor may choose, every partnership whose page was opened (its attended events,
# the newest of them its page shows and its territory: three results), is a result of its own:
# the oldest go beyond this many (the national scale's 5,000 partnerships three times and a few
# years of days fit).
KEEP = 25000
# How long a claim to compute a result holds: a request killed while computing leaves a claim
# nobody clears, and the previous figures are shown until it lapses.
CLAIM_SECONDS = 300


@prepared(name=str, fingerprint=str)
def _stored_data(name, fingerprint):
    return (
        StoredFigures.objects.filter(name=name, fingerprint=fingerprint)
        .order_by("pk")
        .values_list("data", flat=True)[:1]
    )


def stored(name: str, compute: Callable[[], Any], *, scopes: tuple[str, ...]) -> Any:
    """The JSON-ready result of compute(), which reads the records of the apps `scopes`, as
    stored for their current data, computed and stored now when there is none (the first
    request after a change), or the previous result while another request computes the current
    one. Inside a transaction that has written to the apps read, their versions do not tell its
    data yet: computed, not stored."""
    if freshness.pending(scopes):
        return compute()
    fingerprint = freshness.fingerprint(scopes)  # before reading the data it stands for
    for data in _stored_data(name=name, fingerprint=fingerprint):
        if data is not None:
            return data
    results = StoredFigures.objects.filter(name=name)
    if not _claim(name, fingerprint):
        previous = results.order_by("-computed_at", "-pk").values_list("data", flat=True).first()
        if previous is not None:
            return previous
    data = compute()
    store(name, fingerprint, data)
    return data


def _claim(name: str, fingerprint: str) -> bool:
    """Whether this request is the first to compute name for the fingerprint's data."""
    try:
        key = hashlib.sha256(f"{fingerprint} {name}".encode()).hexdigest()
        return cache.add(f"figures-claim:{key}", True, CLAIM_SECONDS)
    except DatabaseError:  # the cache's table locked or missing: compute, as before claims
        return True


def store(name: str, fingerprint: str, data: Any) -> None:
    """Keep data as the result of name for the fingerprint's data; requests that computed it at
    the same moment store it once (the unique constraint decides, the others' rows are ignored).
    Writes nothing a page shows, so no version is bumped."""
    with freshness.quiet():
        try:
            # A savepoint: a failed write must not break the request's own transaction.
            with transaction.atomic():
                StoredFigures.objects.bulk_create(
                    [
                        StoredFigures(
                            name=name,
                            fingerprint=fingerprint,
                            data=data,
                            computed_at=timezone.now(),
                        )
                    ],
                    ignore_conflicts=True,
                )
                prune(name, fingerprint)
        except DatabaseError:
            # A read-only database, or a lock held too long by a concurrent write: the figures
            # shown are still the ones just computed; the next request tries again.
            pass


def _superseded(older: str, newer: str) -> bool:
    """Whether a fingerprint stands for data every app of which changed since (or differs in
    its apps): its results are never read again."""
    old, new = older.split("-"), newer.split("-")
    if len(old) != len(new):
        return True
    try:
        return all(int(a) <= int(b) for a, b in zip(old, new, strict=True))
    except ValueError:
        return True


def prune(name: str, fingerprint: str) -> None:
    """Delete name's results of data older than the fingerprint's (the others' stay as their
    previous results until theirs are computed), and the oldest beyond KEEP."""
    with freshness.quiet():
        others = (
            StoredFigures.objects.filter(name=name)
            .exclude(fingerprint=fingerprint)
            .values_list("fingerprint", flat=True)
        )
        old = [other for other in others if _superseded(other, fingerprint)]
        if old:
            StoredFigures.objects.filter(name=name, fingerprint__in=old).delete()
        beyond = list(
            StoredFigures.objects.order_by("-computed_at", "-pk").values_list("pk", flat=True)[
                KEEP : KEEP + 1000
            ]
        )
        if beyond:
            StoredFigures.objects.filter(pk__in=beyond).delete()
