"""Reads for activities: the public calendar, one event, check-in lists, evaluation results."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language

from partnerstwa.activities.models import (
    SEAT_HOLDING_STATES,
    Attendance,
    AttendanceMethod,
    EvaluationAnswer,
    EvaluationResponse,
    Event,
    EventFormerSlug,
    EventKind,
    EventMaterial,
    EventStatus,
    Registration,
    RegistrationState,
    Session,
)
from partnerstwa.lib import figures, freshness
from partnerstwa.lib.addresses import address_of
from partnerstwa.lib.bulk import OneOf
from partnerstwa.lib.collation import polish
from partnerstwa.lib.dates import short_date
from partnerstwa.lib.prepared import prepared
from partnerstwa.partnerships.models import Partnership, PartnershipMember


@dataclass(frozen=True)
class EventFilters:
    kind: str = ""
    voivodeship: str = ""
    past: bool = False


@freshness.kept("activities")
def longest_event() -> datetime.timedelta:
    """The longest any event lasts (its end minus its start), kept per change of activities."""
    longest = Event.objects.aggregate(longest=Max(F("ends_at") - F("starts_at")))["longest"]
    return longest or datetime.timedelta(0)


def _ending_from(
    events: QuerySet[Event],
    moment: datetime.datetime,
    started_since: datetime.datetime | None = None,
) -> QuerySet[Event]:
    """The events that end at the moment or later. An event still on then started at most
    longest_event() before it: said in the filter, the lists read the index of starts from
    there instead of from the programme's first event (all of it, every request, before).
    (A prepared read gives that start itself: it is one of its values.)"""
    if started_since is None:
        started_since = moment - longest_event()
    return events.filter(ends_at__gte=moment, starts_at__gte=started_since)


def _filtered(filters: EventFilters) -> QuerySet[Event]:
    events = Event.objects.published().select_related("venue_unit", "series")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.voivodeship:
        events = events.filter(venue_unit__code__startswith=filters.voivodeship)
    return events


def event_list(filters: EventFilters, *, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Upcoming events soonest first (or past ones latest first), each with its seats taken."""
    now = now or timezone.now()
    events = _filtered(filters).annotate(
        seats_taken=Count("registrations", filter=Q(registrations__state__in=SEAT_HOLDING_STATES))
    )
    events = events.annotate(
        seats_left=Case(
            When(capacity__isnull=True, then=None),
            When(capacity__lte=F("seats_taken"), then=Value(0)),
            default=F("capacity") - F("seats_taken"),
            output_field=IntegerField(),
        )
    )
    if filters.past:
        return events.past(now).order_by("-starts_at")
    return _ending_from(events, now).order_by("starts_at")


# The calendar feed lists events that ended at most FEED_DAYS_BACK days ago, and any after:
# calendar clients drop what a feed stops listing, so subscribers keep the last quarter (the
# weeks when materials, evaluations and certificates still follow an event), while the feed's
# size follows the programme's pace, not its whole history. Older events keep their pages and
# their own .ics. At most FEED_LIMIT events, soonest first: a later one joins as time passes.
FEED_DAYS_BACK = 90
FEED_LIMIT = 500


def events_listed(
    filters: EventFilters, *, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """The events event_list() gives, in its order, without their seats: what a page of the
    list is cut from (counting seats for every event, then sorting, made the past events' list
    cost more with each year of the programme). with_seats() adds them to the rows shown."""
    now = now or timezone.now()
    events = _filtered(filters)
    if filters.past:
        return events.past(now).order_by("-starts_at", "-pk")
    return _ending_from(events, now).order_by("starts_at", "pk")


# An event's texts the lists do not show, each with its Polish and English fields: lists read
# their rows without them.
LONG_TEXTS = tuple(
    f"{name}{suffix}"
    for name in ("description", "host_institutions", "organisers")
    for suffix in ("", "_pl", "_en")
)


# The events' public pages read through prepared reads (lib.prepared): compiled once per
# process and language, run on every request.
@prepared(keys=list[int])
def _events_of_keys(keys):
    return (
        Event.objects.filter(OneOf(F("pk"), keys))
        .select_related("venue_unit")
        .defer(*LONG_TEXTS)
        .order_by()
    )


def events_by_keys(keys: list[int]) -> list[Event]:
    """The events of these keys, in their order, as the list shows them (one query, without
    the long texts a list does not show), each with its page's `url`."""
    found = {event.pk: event for event in _events_of_keys(keys=keys)}
    address = address_of("activities:detail")
    for event in found.values():
        event.url = address(event.slug)
    return [found[pk] for pk in keys if pk in found]


@prepared(keys=list[int])
def _seats_taken(keys):
    return (
        Registration.objects.filter(OneOf(F("event"), keys), state__in=SEAT_HOLDING_STATES)
        .values_list("event")
        .annotate(n=Count("pk"))
        .order_by()
    )


def with_seats(events) -> list[Event]:
    """The events with `seats_taken` and `seats_left` (None without a limit), as event_list()
    annotates them: one grouped query for any number of rows."""
    rows = list(events)
    taken = dict(_seats_taken(keys=[event.pk for event in rows]))
    for event in rows:
        event.seats_taken = taken.get(event.pk, 0)
        event.seats_left = (
            None if event.capacity is None else max(event.capacity - event.seats_taken, 0)
        )
    return rows


def event_feed(filters: EventFilters, *, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Published or cancelled events for calendar subscribers: those that ended in the last
    FEED_DAYS_BACK days and every later one, at most FEED_LIMIT, soonest first. (Without
    filters, as subscribers mostly ask for it, a prepared read that can be read only.)"""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_DAYS_BACK)
    if filters == EventFilters():
        return _whole_feed(since=since, started_since=since - longest_event())
    return _ending_from(_filtered(filters), since).order_by("starts_at", "pk")[:FEED_LIMIT]


@prepared(since=datetime.datetime, started_since=datetime.datetime, depends_on=lambda: FEED_LIMIT)
def _whole_feed(since, started_since):
    events = _ending_from(_filtered(EventFilters()), since, started_since)
    return events.order_by("starts_at", "pk")[:FEED_LIMIT]


def upcoming_keys(*, now: datetime.datetime | None = None) -> list[int]:
    """The keys of events_listed(EventFilters()) — the list as most visitors ask for it — from
    a prepared read."""
    now = now or timezone.now()
    return list(_upcoming_keys(moment=now, started_since=now - longest_event()))


@prepared(moment=datetime.datetime, started_since=datetime.datetime)
def _upcoming_keys(moment, started_since):
    events = _ending_from(_filtered(EventFilters()), moment, started_since)
    return events.order_by("starts_at", "pk").values_list("pk", flat=True)


@prepared(slug=str)
def _published_event(slug):
    return (
        Event.objects.published()
        .filter(slug=slug)
        .select_related("venue_unit__parent__parent", "series")
    )


@prepared(event=int)
def _event_sessions(event):
    return Session.objects.filter(event=event)


@prepared(event=int)
def _event_materials(event):
    return EventMaterial.objects.filter(event=event)


def event_get(slug: str) -> Event:
    """A published or cancelled event with what its page shows — `session_list`,
    `material_list`, `seats_taken` and `seats_left` (raises Event.DoesNotExist). The seats are
    counted apart (with_seats): counted in the same query, the event, its place and series
    would be grouped by each of their columns."""
    event = _published_event.get(slug=slug)
    event.session_list = list(_event_sessions(event=event.pk))
    event.material_list = list(_event_materials(event=event.pk))
    return with_seats([event])[0]


@freshness.kept("activities")
def published_event_count() -> int:
    """How many events the public sees (the sitemap's pages): a count of every event reads
    them all, so it is counted once per change of activities."""
    return Event.objects.published().count()


def event_current_slug(former: str) -> str | None:
    """The address a published or cancelled event moved to from `former`, if it ever had it."""
    return (
        EventFormerSlug.objects.filter(slug=former, event__in=Event.objects.published())
        .values_list("event__slug", flat=True)
        .first()
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    events: list = field(default_factory=list)


def month_grid(year: int, month: int, filters: EventFilters) -> list[list[Day]]:
    """Weeks (Monday first) of a month with the events on each day; a multi-day event shows on
    every day it spans."""
    tz = timezone.get_current_timezone()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(last, datetime.time.max, tzinfo=tz)
    events = list(
        _ending_from(_filtered(filters), start).filter(starts_at__lte=end).order_by("starts_at")
    )
    grid = []
    for week in weeks:
        row = []
        for day in week:
            on_day = [
                event
                for event in events
                if timezone.localtime(event.starts_at, tz).date()
                <= day
                <= timezone.localtime(event.ends_at, tz).date()
            ]
            row.append(Day(date=day, in_month=day.month == month, events=on_day))
        grid.append(row)
    return grid


def checkin_rows(session: Session, query: str = "") -> QuerySet[Registration]:
    """Who is expected at a session, with whether they have been checked in."""
    rows = (
        Registration.objects.filter(
            event=session.event_id,
            state__in=[RegistrationState.CONFIRMED, RegistrationState.PENDING],
        )
        .select_related("organisation")
        .annotate(
            present=Exists(Attendance.objects.filter(session=session, person=OuterRef("person")))
        )
        .order_by(polish("last_name"), polish("first_name"), "pk")
    )
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return rows


def registration_counts(event: Event) -> dict[str, int]:
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {state: counts.get(state, 0) for state in RegistrationState.values}


def attendance_by_session(event: Event) -> list[Session]:
    return list(event.sessions.annotate(present=Count("attendances")).order_by("number"))


@dataclass
class QuestionResult:
    text: str
    answers: int
    average: float | None
    distribution: list[int]


def evaluation_results(event: Event) -> tuple[int, list[QuestionResult], list[str]]:
    """Responses, each question's mean rating and how many gave each rating, and the comments."""
    responses = EvaluationResponse.objects.filter(registration__event=event)
    by_question = {
        row["question"]: row
        for row in EvaluationAnswer.objects.filter(question__event=event)
        .values("question")
        .annotate(
            answers=Count("pk"),
            average=Avg("rating"),
            **{f"r{value}": Count("pk", filter=Q(rating=value)) for value in range(1, 6)},
        )
        .order_by()
    }
    results = []
    for question in event.questions.all():
        row = by_question.get(question.pk, {})
        results.append(
            QuestionResult(
                text=question.text,
                answers=row.get("answers", 0),
                average=round(row["average"], 2) if row.get("average") is not None else None,
                distribution=[row.get(f"r{value}", 0) for value in range(1, 6)],
            )
        )
    comments = list(responses.exclude(comment="").values_list("comment", flat=True))
    return responses.count(), results, comments


def _midnight(day: datetime.date, tz) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)


@dataclass(frozen=True)
class AttendedEvent:
    """A row of the events a partnership's people attended, ready to show: read as values (an
    Event instance a row cost more than the row), in the visitor's language."""

    title: str
    title_lang: str  # "pl" where the visitor's language has no title and the Polish one shows
    is_illustrative: bool
    persons: int
    organisations: int
    url: str = ""
    kind: str = ""  # the kind's label (many rows: not a get_kind_display() each)
    date: str = ""  # the day it starts, short (many rows: not a template filter each)


@prepared(partnership=int)
def _memberships_of_partnership(partnership):
    return (
        PartnershipMember.objects.filter(partnership=partnership)
        .order_by()
        .values_list("organisation", "joined_on", "left_on")
    )


# What a row of attended events shows of its event, its title in every language (for the
# fallback and its lang attribute).
_TITLES = tuple(f"title_{language}" for language in settings.MODELTRANSLATION_LANGUAGES)
_ATTENDED_SHOWN = ("pk", "slug", "kind", "starts_at", "is_illustrative", *_TITLES)


@prepared(keys=list[int])
def _events_for_attended_rows(keys):
    return Event.objects.filter(OneOf(F("pk"), keys)).values(*_ATTENDED_SHOWN).order_by()


_EARLIEST = datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(9999, 12, 30, tzinfo=datetime.UTC)
# The attendance of a partnership's members is one statement per number of memberships (each
# membership an organisation and its span); partnerships with more than this many memberships
# have theirs built afresh each time.
_PREPARED_MEMBERSHIPS = 64
_attendance_reads: dict[int, Callable] = {}


def _attendance_by_event(memberships: int) -> Callable:
    """The read of attendance by event for this many memberships: how many people and member
    organisations came to each event (neither drafts nor cancelled ones), and when it starts."""

    def attendance_by_event(**spans):
        within = Q(pk__in=[])
        for number in range(memberships):
            within |= Q(
                organisation=spans[f"organisation_{number}"],
                session__starts_at__gte=spans[f"from_{number}"],
                session__starts_at__lt=spans[f"until_{number}"],
            )
        return (
            Attendance.objects.filter(within)
            .exclude(session__event__status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])
            .values("session__event")
            .annotate(
                persons=Count("person", distinct=True),
                organisations=Count("organisation", distinct=True),
                starts_at=Max("session__event__starts_at"),
            )
            .order_by()
        )

    if memberships > _PREPARED_MEMBERSHIPS:
        return attendance_by_event
    read = _attendance_reads.get(memberships)
    if read is None:
        attendance_by_event.__qualname__ = f"_attendance_by_event[{memberships}]"
        kinds = {}
        for number in range(memberships):
            kinds |= {
                f"organisation_{number}": int,
                f"from_{number}": datetime.datetime,
                f"until_{number}": datetime.datetime,
            }
        read = _attendance_reads.setdefault(memberships, prepared(**kinds)(attendance_by_event))
    return read


# The apps whose records a partnership's attended events are counted from: its memberships, the
# events, their sessions and attendance.
ATTENDED_SCOPES = ("partnerships", "activities")
# How many of the attended events a partnership's page shows (the newest; the rest on the page
# of them all).
ATTENDED_ON_PAGE = 10


def _attendance_figures(partnership: int) -> list[list[int]]:
    """[event, people, member organisations] for every event people representing the
    partnership's members attended while their organisation was a member, newest first (by when
    it starts, then by key)."""
    # Each membership as the span of time its organisation's attendance counts in: from the
    # local midnight of the day it joined to that of the day after it left (an open end: the
    # first or the last moment a column holds). The day of a session is then never worked out
    # per attendance row (on SQLite a Python function per row and membership, which made the
    # page's cost grow with the members' attendance).
    tz = timezone.get_current_timezone()
    spans = {}
    memberships = _memberships_of_partnership(partnership=partnership)
    for number, (organisation, joined_on, left_on) in enumerate(memberships):
        spans[f"organisation_{number}"] = organisation
        spans[f"from_{number}"] = _midnight(joined_on, tz) if joined_on else _EARLIEST
        until = left_on + datetime.timedelta(days=1) if left_on else None
        spans[f"until_{number}"] = _midnight(until, tz) if until else _LATEST
    if not spans:
        return []
    counts = {row["session__event"]: row for row in _attendance_by_event(len(memberships))(**spans)}
    newest = sorted(sorted(counts), key=lambda pk: counts[pk]["starts_at"], reverse=True)
    return [[pk, counts[pk]["persons"], counts[pk]["organisations"]] for pk in newest]


def partnership_attendance(partnership: Partnership) -> list[list[int]]:
    """The partnership's attended events with how many came ([event, people, member
    organisations], newest first): counted once after its memberships or any attendance, event
    or session change and stored (lib.figures), not on every request — a national-scale
    partnership's members attended a thousand or more events, counted from tens of thousands of
    attendance rows."""
    return figures.stored(
        f"attended {partnership.pk}",
        lambda: _attendance_figures(partnership.pk),
        scopes=ATTENDED_SCOPES,
    )


def _shown_events(attendance: list[list[int]]) -> list[dict]:
    """The rows of attended events ([event, people, member organisations]) with what is shown
    of their events (JSON-ready, as stored): an event deleted since it was counted is left
    out."""
    found = {
        event["pk"]: event
        for event in _events_for_attended_rows(keys=[row[0] for row in attendance])
    }
    shown = []
    for pk, persons, organisations in attendance:
        event = found.get(pk)
        if event is not None:
            shown.append(
                {
                    **event,
                    "starts_at": event["starts_at"].isoformat(),
                    "persons": persons,
                    "organisations": organisations,
                }
            )
    return shown


def _attended_rows(shown: list[dict]) -> list[AttendedEvent]:
    """The shown events as rows in the visitor's language: the title in it, else the Polish
    one said to be Polish (as modeltranslation's fallback and lib's lang_attr do)."""
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = (get_language() or source).split("-")[0]
    own, fallback = f"title_{language}", f"title_{source}"
    labels = {kind.value: str(kind.label) for kind in EventKind}
    address = address_of("activities:detail")
    rows = []
    for event in shown:
        title, title_lang = event.get(own), ""
        if not title:
            title = event[fallback]
            title_lang = source if language != source and title else ""
        rows.append(
            AttendedEvent(
                title=title,
                title_lang=title_lang,
                is_illustrative=event["is_illustrative"],
                persons=event["persons"],
                organisations=event["organisations"],
                url=address(event["slug"]),
                kind=labels[event["kind"]],
                date=short_date(
                    timezone.localtime(datetime.datetime.fromisoformat(event["starts_at"]))
                ),
            )
        )
    return rows


def attended_events(attendance: list[list[int]]) -> list[AttendedEvent]:
    """The rows of attended events ([event, people, member organisations], in this order) with
    their events read alone; an event deleted since it was counted is left out."""
    return _attended_rows(_shown_events(attendance))


def events_attended_by_partnership(
    partnership: Partnership, *, limit: int = ATTENDED_ON_PAGE
) -> tuple[list[AttendedEvent], int]:
    """Events that people representing the partnership's members attended while their
    organisation was a member, newest first, each with how many of them came (counted, never
    named). Returns at most `limit` events and how many there are in all.

    What its page shows (the newest `limit` with their events' titles, kinds and days, and how
    many there are) is stored beside the whole list, once per change of the same records: the
    page reads one small result and no event."""
    stored = figures.stored(
        f"attended shown {partnership.pk} {limit}",
        lambda: _attended_head(partnership, limit),
        scopes=ATTENDED_SCOPES,
    )
    return _attended_rows(stored["events"]), stored["total"]


def _attended_head(partnership: Partnership, limit: int) -> dict:
    attendance = partnership_attendance(partnership)
    return {"events": _shown_events(attendance[:limit]), "total": len(attendance)}


# The staff workspace (portal's /biuro/): what awaits the programme office.


def events_ahead_for_staff(*, now: datetime.datetime | None = None, limit: int = 10) -> list[Event]:
    """Events not yet over, drafts included, cancelled ones left out, soonest first, each with
    seats taken (pending and confirmed), pending and waitlisted registrations: one query."""
    return list(
        Event.objects.upcoming(now)
        .exclude(status=EventStatus.CANCELLED)
        .annotate(
            seats_taken=Count(
                "registrations", filter=Q(registrations__state__in=SEAT_HOLDING_STATES)
            ),
            pending=Count(
                "registrations", filter=Q(registrations__state=RegistrationState.PENDING)
            ),
            waitlisted=Count(
                "registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED)
            ),
        )
        .order_by("starts_at", "pk")[:limit]
    )


def events_ahead_count(*, now: datetime.datetime | None = None) -> int:
    return Event.objects.upcoming(now).exclude(status=EventStatus.CANCELLED).count()


def registrations_to_handle() -> dict[str, int]:
    """Registrations awaiting approval, and those whose organisation was typed rather than
    chosen and awaits linking to the registry (as the registrations admin filters them): one
    query."""
    return Registration.objects.aggregate(
        pending=Count("pk", filter=Q(state=RegistrationState.PENDING)),
        needs_review=Count("pk", filter=Q(needs_review=True)),
    )


@dataclass(frozen=True)
class AttendanceImportRecord:
    event: Event
    session_number: int
    rows: int
    recorded_at: datetime.datetime


def latest_attendance_imports(*, limit: int = 5) -> list[AttendanceImportRecord]:
    """What attendance imports left behind (no import log is kept): per session, how many
    attendances were recorded by import and when the latest was, newest first. Two queries."""
    rows = list(
        Attendance.objects.filter(method=AttendanceMethod.IMPORT)
        .values("session__event", "session__number")
        .annotate(rows=Count("pk"), last=Max("recorded_at"))
        .order_by("-last")[:limit]
    )
    events = Event.objects.in_bulk({row["session__event"] for row in rows})
    return [
        AttendanceImportRecord(
            event=events[row["session__event"]],
            session_number=row["session__number"],
            rows=row["rows"],
            recorded_at=row["last"],
        )
        for row in rows
    ]


def illustrative_records() -> list[QuerySet]:
    """This app's made-up (demo) records, one queryset per model: the portal asks whether any
    exists, for every app at once in one query, to show the site-wide demo notice."""
    return [
        Event.objects.filter(is_illustrative=True),
        Attendance.objects.filter(is_illustrative=True),
    ]
