"""Reads for the portal: the staff workspace gathers what each app says awaits the office."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from partnerstwa.activities import selectors as activities
from partnerstwa.contests import selectors as contests
from partnerstwa.registry import selectors as registry

# Rows shown per list: the workspace points to where the rest is handled.
SHOWN = 10
IMPORTS_SHOWN = 5


@dataclass(frozen=True)
class Workspace:
    events: list
    events_total: int
    pending: int
    needs_review: int
    editions: list
    attendance_imports: list
    teryt_imports: list


def workspace(*, now: datetime.datetime | None = None) -> Workspace:
    """What awaits the programme office, in a fixed number of queries however many events,
    registrations or imports there are."""
    now = now or timezone.now()
    to_handle = activities.registrations_to_handle()
    return Workspace(
        events=activities.events_ahead_for_staff(now=now, limit=SHOWN),
        events_total=activities.events_ahead_count(now=now),
        pending=to_handle["pending"],
        needs_review=to_handle["needs_review"],
        editions=contests.editions_for_staff(limit=SHOWN),
        attendance_imports=activities.latest_attendance_imports(limit=IMPORTS_SHOWN),
        teryt_imports=registry.latest_teryt_imports(limit=IMPORTS_SHOWN),
    )
