"""Illustrative events for the demo, marked as such: an open training, a strategy-workshop
series and a study visit, dated from the day the demo is first loaded so registration works.

All of them are made up (is_illustrative): titles, dates, venues, capacities. Only the names of
the programme's operator (Związek Miast Polskich) and of its Norwegian partner (KS) are real
(reference.yaml, programme: partners). English texts: the developers' translations."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from partnerstwa.activities.models import Event, Session
from partnerstwa.activities.services import event_create, series_create
from partnerstwa.lib.dates import local_datetime
from partnerstwa.registry.models import TerritorialUnit

NOTE = "Wydarzenie ilustracyjne: pokazuje działanie rejestracji i kalendarza; nie odbędzie się."
NOTE_EN = (
    "An illustrative event: it shows how registration and the calendar work; it will not "
    "take place."
)


@transaction.atomic
def illustrative_events_load(today: datetime.date | None = None) -> int:
    """Create the illustrative events once (idempotent by address name); returns how many."""
    if Event.objects.filter(is_illustrative=True).exists():
        return 0
    today = today or timezone.localdate()
    poznan = TerritorialUnit.objects.filter(code="3064011").first()
    warsaw = TerritorialUnit.objects.filter(code="1465011").first()
    created = []
    start = today + datetime.timedelta(days=14)
    created.append(
        event_create(
            title="Przykład: Współpraca międzysamorządowa w praktyce – szkolenie",
            title_en="Example: inter-municipal cooperation in practice – a training",
            slug="przyklad-szkolenie-wspolpraca",
            kind="training",
            starts_at=local_datetime(start, datetime.time(10)),
            ends_at=local_datetime(start, datetime.time(16)),
            venue_name="Sala konferencyjna (przykład)",
            venue_name_en="Conference room (example)",
            venue_address="Poznań",
            venue_unit=poznan,
            capacity=30,
            seats_per_organisation=3,
            description=NOTE,
            description_en=NOTE_EN,
            organisers="Związek Miast Polskich",
            organisers_en="Association of Polish Cities",
            status="published",
            is_illustrative=True,
        )
    )
    series = series_create(
        title="Przykład: Warsztaty Zarządzania Strategicznego",
        title_en="Example: Strategic Management Workshops",
        slug="przyklad-warsztaty-strategiczne",
        description=NOTE,
        description_en=NOTE_EN,
        required_attendance_share=Decimal("0.75"),
    )
    for number in range(1, 4):
        day = today + datetime.timedelta(days=21 + 28 * (number - 1))
        created.append(
            event_create(
                title=f"Przykład: Warsztaty Zarządzania Strategicznego – spotkanie {number}",
                title_en=f"Example: Strategic Management Workshops – meeting {number}",
                slug=f"przyklad-warsztaty-strategiczne-{number}",
                kind="strategy_workshop",
                starts_at=local_datetime(day, datetime.time(9)),
                ends_at=local_datetime(day, datetime.time(15)),
                series=series,
                series_number=number,
                venue_name="Centrum szkoleniowe (przykład)",
                venue_name_en="Training centre (example)",
                venue_address="Warszawa",
                venue_unit=warsaw,
                capacity=25,
                audience="members",
                description=NOTE,
                description_en=NOTE_EN,
                status="published",
                is_illustrative=True,
            )
        )
    visit_start = today + datetime.timedelta(days=60)
    visit = event_create(
        title="Przykład: Wizyta studyjna w Norwegii",
        title_en="Example: a study visit to Norway",
        slug="przyklad-wizyta-studyjna-norwegia",
        kind="study_visit",
        starts_at=local_datetime(visit_start, datetime.time(8)),
        ends_at=local_datetime(visit_start + datetime.timedelta(days=3), datetime.time(18)),
        destination_country="NO",
        destination_city="Oslo",
        host_institutions="KS – Norweski Związek Władz Lokalnych i Regionalnych",
        host_institutions_en="KS – Norwegian Association of Local and Regional Authorities",
        capacity=15,
        requires_approval=True,
        description=NOTE,
        description_en=NOTE_EN,
        status="published",
        is_illustrative=True,
    )
    first = visit.sessions.get()
    first.ends_at = local_datetime(visit_start, datetime.time(18))
    first.title, first.title_en = "Dzień 1", "Day 1"
    first.save()
    for number in range(2, 5):
        day = visit_start + datetime.timedelta(days=number - 1)
        Session.objects.create(
            event=visit,
            number=number,
            title=f"Dzień {number}",
            title_en=f"Day {number}",
            starts_at=local_datetime(day, datetime.time(8)),
            ends_at=local_datetime(day, datetime.time(18)),
        )
    created.append(visit)
    return len(created)
