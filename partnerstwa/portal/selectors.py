"""Reads for the portal: the staff workspace gathers what each app says awaits the office; the
site-wide demo notice asks every app whether it holds a made-up record."""

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import get_language, npgettext

from partnerstwa.activities import selectors as activities
from partnerstwa.advocacy import selectors as advocacy
from partnerstwa.contests import selectors as contests
from partnerstwa.lib import freshness
from partnerstwa.partnerships import selectors as partnerships
from partnerstwa.registry import selectors as registry

# The apps that may hold made-up records, in the order the demo notice counts them.
ILLUSTRATIVE_APPS = (partnerships, registry, activities, contests, advocacy)

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
    barrier_reports: int
    overdue_replies: int


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
        **advocacy.awaiting_staff(),
    )


def has_illustrative_records() -> bool:
    """Whether any app holds a made-up (demo) record: one query for all of them (a UNION ALL that
    stops at the first row), so that every page may ask."""
    querysets = [
        queryset.order_by().values_list("pk")
        for app in ILLUSTRATIVE_APPS
        for queryset in app.illustrative_records()
    ]
    first, *rest = querysets
    return first.union(*rest, all=True).exists()


# How many made-up records of each kind, said with their nouns, by model ("app_label.model").
ILLUSTRATIVE_NOUNS = {
    "partnerships.partnership": lambda n: npgettext(
        "made-up records", "%(count)s partnership", "%(count)s partnerships", n
    ),
    "registry.organisation": lambda n: npgettext(
        "made-up records", "%(count)s organisation", "%(count)s organisations", n
    ),
    "registry.associationmembership": lambda n: npgettext(
        "made-up records",
        "%(count)s membership of an association",
        "%(count)s memberships of associations",
        n,
    ),
    "registry.person": lambda n: npgettext(
        "made-up records", "%(count)s person", "%(count)s people", n
    ),
    "activities.event": lambda n: npgettext(
        "made-up records", "%(count)s event", "%(count)s events", n
    ),
    "activities.attendance": lambda n: npgettext(
        "made-up records", "%(count)s attendance record", "%(count)s attendance records", n
    ),
    "contests.contestedition": lambda n: npgettext(
        "made-up records", "%(count)s contest edition", "%(count)s contest editions", n
    ),
    "contests.application": lambda n: npgettext(
        "made-up records", "%(count)s contest application", "%(count)s contest applications", n
    ),
    "advocacy.legalbarrier": lambda n: npgettext(
        "made-up records", "%(count)s legal barrier", "%(count)s legal barriers", n
    ),
    "advocacy.recommendation": lambda n: npgettext(
        "made-up records", "%(count)s recommendation", "%(count)s recommendations", n
    ),
}


# Their app labels, whose changes the counts of made-up records follow.
ILLUSTRATIVE_SCOPES = tuple(app.__name__.split(".")[-2] for app in ILLUSTRATIVE_APPS)


@freshness.kept(*ILLUSTRATIVE_SCOPES, key=get_language)
def illustrative_counts() -> list[str]:
    """The made-up records the database holds, kind by kind ("24 partnerstwa"), the kinds with
    none left out: one count per kind, counted once per change of the apps and kept (at
    national scale the attendance alone is a count over a million rows, 0.1 s)."""
    lines = []
    for app in ILLUSTRATIVE_APPS:
        for queryset in app.illustrative_records():
            count = queryset.count()
            if count:
                noun = ILLUSTRATIVE_NOUNS[queryset.model._meta.label_lower]
                lines.append(noun(count) % {"count": intcomma(count)})
    return lines


# The demo's facts and where they were found (the file the demo loads).
REFERENCE = Path(settings.BASE_DIR) / "partnerstwa" / "data" / "programme" / "reference.yaml"
# The reference partnerships without a source of their own come from this report's map legend
# (named in reference.yaml's comment on its partnerships).
MAP_LEGEND = "vdocuments.pub/rozwj-wsppracy-midzysamorzdowej-i-zagbiowski-park-linearny.html"
_ADDRESS = re.compile(r"^(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?P<path>/\S*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    text: str
    href: str  # "" when the text names no web address


@dataclass(frozen=True)
class Sourced:
    what: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ReferenceSources:
    programme: tuple[Source, ...]
    partnerships: tuple[Sourced, ...]
    map_legend: Source
    contest: tuple[Sourced, ...]


def _sources(text: str) -> tuple[Source, ...]:
    """ "korfantow.pl/1978/x.html; eeagrants.org/node/6255" -> two links; a note beside an address
    ("dobrepraktyki.pl (art=471)") links the address and keeps the note in the text."""
    found = []
    for part in (piece.strip() for piece in str(text or "").split(";")):
        if not part:
            continue
        if part.startswith(("http://", "https://")):
            found.append(Source(part, part.split()[0]))
            continue
        address = _ADDRESS.match(part)
        if address:
            found.append(Source(part, f"https://{address.group(0)}"))
        else:
            found.append(Source(part, ""))
    return tuple(found)


@functools.cache
@functools.cache
def reference_sources() -> ReferenceSources:
    """What the demo took from public sources, each fact with the addresses it was found at:
    read from the file shipped with the code once per process (parsing the YAML took 18 ms a
    view)."""
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8")) or {}
    programme = tuple(
        source
        for text in (data.get("programme") or {}).get("sources") or ()
        for source in _sources(text)
    )
    partnerships = tuple(
        Sourced(
            what=" – ".join(str(p[key]) for key in ("name", "leader") if p.get(key)),
            sources=_sources(p.get("source", "")),
        )
        for p in data.get("partnerships") or ()
    )
    contest = tuple(
        Sourced(what=str(edition.get("edition", "")), sources=_sources(edition.get("source", "")))
        for edition in data.get("contest") or ()
    )
    return ReferenceSources(
        programme=programme,
        partnerships=partnerships,
        map_legend=_sources(MAP_LEGEND)[0],
        contest=contest,
    )
