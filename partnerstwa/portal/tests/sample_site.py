"""A small site like the demo, built with the apps' factories and services, and the list of
its public pages: the cross-cutting tests (demo notice, Polish plural forms and dates, the
phone-width browser test) read every page from here, so a new public page is added once.

The counts are chosen so that the pages show numbers of each Polish plural form: partnerships of
1, 2 and 5 members, events with 1, 2 and 5 seats left, an edition with 1 laureate and 2
distinctions."""

import datetime
import html
import re
from decimal import Decimal

import yaml
from django.utils import timezone

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.contests.tests.factories import application, edition
from partnerstwa.indicators.computation import CODES
from partnerstwa.partnerships.models import Partnership
from partnerstwa.partnerships.services import member_add, project_save
from partnerstwa.partnerships.tests.factories import PartnershipFactory, gmina_organisation
from partnerstwa.portal.selectors import REFERENCE
from partnerstwa.programme.services import programme_load_reference
from partnerstwa.registry.tests.factories import MembershipFactory, OrganisationFactory

# Gminas of one powiat (0201) and of a second one (0202), enough for 1 + 2 + 5 members.
GMINAS = [f"0201{n:02d}1" for n in range(1, 5)] + [f"0202{n:02d}2" for n in range(1, 5)]


def build(*, illustrative: bool = True) -> dict:
    """The sample site; `illustrative` marks one record of each kind as made up (as the demo
    does), False leaves every record real."""
    programme_load_reference(yaml.safe_load(REFERENCE.read_text(encoding="utf-8")))
    organisations = [gmina_organisation(code) for code in GMINAS]
    MembershipFactory(organisation=organisations[1], is_illustrative=illustrative)
    partnerships = []
    start = 0
    for index, size in enumerate((1, 2, 5)):
        partnership = PartnershipFactory(
            name=f"Partnerstwo próbne {index + 1}",
            slug=f"partnerstwo-probne-{index + 1}",
            is_illustrative=illustrative and index == 2,
        )
        for position, organisation in enumerate(organisations[start : start + size]):
            member_add(
                partnership=partnership,
                organisation=organisation,
                role="leader" if position == 0 else "member",
            )
        start = (start + size) % len(organisations)
        project_save(
            partnership=partnership,
            title=f"Projekt próbny {index + 1}",
            total_value=Decimal("66512345.67"),
            grant=Decimal("56535493.82"),
        )
        partnerships.append(partnership)
    ngo = OrganisationFactory(name="Stowarzyszenie Próbne", is_illustrative=illustrative)
    member_add(partnership=partnerships[1], organisation=ngo)

    soon = timezone.now() + datetime.timedelta(days=10)
    events = []
    for index, (capacity, taken) in enumerate(((2, 1), (4, 2), (7, 2))):
        happening = event(
            title=f"Szkolenie próbne {index + 1}",
            slug=f"szkolenie-probne-{index + 1}",
            starts_at=soon + datetime.timedelta(days=index),
            ends_at=soon + datetime.timedelta(days=index + 2),
            capacity=capacity,
            registration_closes_at=soon - datetime.timedelta(days=1),
            is_illustrative=illustrative and index == 0,
        )
        for number in range(taken):
            register(happening, number=number)
        events.append(happening)
    past = event(
        title="Konferencja próbna",
        slug="konferencja-probna",
        kind="conference",
        starts_at=timezone.now() - datetime.timedelta(days=40),
    )
    events.append(past)

    decided = edition(
        status="published",
        name="Konkurs próbny 2015",
        slug="konkurs-probny-2015",
        year=2015,
        decided_on=datetime.date(2015, 12, 16),
    )
    application(decided, partnership=partnerships[0], status="laureate")
    application(decided, organisation=organisations[1], status="distinction")
    application(decided, status="distinction", is_illustrative=illustrative)
    open_edition = edition(
        status="open",
        name="Konkurs próbny 2027",
        slug="konkurs-probny-2027",
        year=2027,
        is_illustrative=illustrative,
    )
    return {
        "partnerships": partnerships,
        "events": events,
        "editions": [decided, open_edition],
        "units": ["02", "0201", GMINAS[0]],
    }


def public_pages() -> list[str]:
    """Every public page (HTML) of what the database holds: each partnership, event, calendar
    month with an event, contest edition, indicator and a unit of each level."""
    from partnerstwa.activities.models import Event
    from partnerstwa.contests.models import ContestEdition
    from partnerstwa.registry.models import TerritorialUnit

    pages = [
        "/",
        "/partnerstwa/",
        "/partnerstwa/mapa/",
        "/wydarzenia/",
        "/wydarzenia/?kiedy=minione",
        "/konkurs/",
        "/wskazniki/",
        "/samorzady/",
        "/prywatnosc/",
        "/o-danych/",
        "/logowanie/",
    ]
    for slug in Partnership.objects.values_list("slug", flat=True):
        pages += [f"/partnerstwa/{slug}/", f"/partnerstwa/{slug}/wydarzenia/"]
    published = Event.objects.published().order_by("starts_at")
    pages += [f"/wydarzenia/{slug}/" for slug in published.values_list("slug", flat=True)]
    months = sorted({(e.starts_at.year, e.starts_at.month) for e in published})
    pages += [f"/wydarzenia/kalendarz/{year}/{month}/" for year, month in months]
    for contest in ContestEdition.objects.public():
        pages.append(f"/konkurs/{contest.slug}/")
        if contest.accepts_applications:
            pages.append(f"/konkurs/{contest.slug}/zgloszenie/")
    pages += [f"/wskazniki/{code}/" for code in CODES]
    for level in ("voivodeship", "powiat", "gmina"):
        unit = TerritorialUnit.objects.filter(level=level).order_by("code").first()
        if unit:
            pages.append(f"/samorzady/{unit.code}/")
    return pages


def visible_text(content: str) -> str:
    """What a reader sees of a page, cells, items and lines kept apart by " ¦ "."""
    content = re.sub(r"(?is)<(script|style|svg)\b.*?</\1>", " ", content)
    # A number and a noun in different cells, items or lines are not read together.
    content = re.sub(r"(?i)</(td|th|li|tr|p|dt|dd|h[1-6]|option|div)>|<br\s*/?>", " ¦ ", content)
    content = re.sub(r"(?s)<[^>]+>", " ", content)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(content))
