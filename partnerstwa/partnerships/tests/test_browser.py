"""Partnerships in a real browser: a visitor filters the list, opens a partnership and reads its
project amounts; every new public page passes an axe WCAG 2.2 AA scan."""

import datetime
import re
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from partnerstwa.activities.models import Attendance
from partnerstwa.activities.tests.factories import WARSAW, event
from partnerstwa.partnerships.services import (
    funding_programme_get_or_create,
    member_add,
    partnership_create,
    project_save,
)
from partnerstwa.portal.tests import browser
from partnerstwa.portal.tests.browser import ensure_associations, write_teryt_csv
from partnerstwa.registry.models import TerritorialUnit
from partnerstwa.registry.services import organisation_create, teryt_import
from partnerstwa.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.browser

ROWS = [
    *browser.TERYT_ROWS,
    "14;;;;MAZOWIECKIE;województwo;2022-01-01",
    "14;21;;;pruszkowski;powiat;2022-01-01",
    "14;21;03;3;Brwinów;gmina miejsko-wiejska;2022-01-01",
]


@pytest.fixture
def partnerships(transactional_db, tmp_path):
    teryt_import(write_teryt_csv(tmp_path / "TERC.csv", ROWS))
    ensure_associations()
    eea = funding_programme_get_or_create("MF EOG 2009–2014")
    organisations = {
        code: organisation_create(
            kind="gmina", territorial_unit=TerritorialUnit.objects.get(code=code)
        )
        for code in ("0201011", "0201022", "1421033")
    }
    garden = partnership_create(
        name="Trójmiasto Ogrodów", slug="trojmiasto-ogrodow", area_kind="urban_functional"
    )
    member_add(
        partnership=garden,
        organisation=organisations["1421033"],
        role="leader",
        joined_on=datetime.date(2013, 1, 1),
    )
    project_save(
        partnership=garden,
        title="Projekt Trójmiasta Ogrodów",
        funding_programme=eea,
        total_value=Decimal("2485383.00"),
        grant=Decimal("1491230.00"),
    )
    silesia = partnership_create(
        name="Bolesławieckie", slug="boleslawieckie", area_kind="rural_urban"
    )
    member_add(partnership=silesia, organisation=organisations["0201011"], role="leader")
    member_add(partnership=silesia, organisation=organisations["0201022"])
    # People from the garden's leader came to twelve trainings: its page shows the newest ten
    # and links to the page of them all.
    for day in range(12):
        starts = datetime.datetime(2014, 4, 1 + day, 10, tzinfo=WARSAW)
        training = event(title=f"Szkolenie ogrodnicze {day + 1}", starts_at=starts)
        Attendance.objects.create(
            session=training.sessions.get(),
            person=PersonFactory(),
            organisation=organisations["1421033"],
            method="import",
        )
    return {"garden": garden, "silesia": silesia}


PAGES = [
    "/partnerstwa/",
    "/partnerstwa/?wojewodztwo=14",
    "/partnerstwa/trojmiasto-ogrodow/",
    "/partnerstwa/trojmiasto-ogrodow/wydarzenia/",
    "/partnerstwa/mapa/",
    "/logowanie/",
]


def test_a_visitor_filters_opens_a_partnership_and_reads_its_amounts(page, partnerships):
    page.goto("/")
    page.click("nav.main-nav a[href='/partnerstwa/']")
    page.select_option("#id_wojewodztwo", "14")
    page.click("form.filters button[type=submit]")
    rows = page.locator("main table.data tbody tr")
    expect(rows).to_have_count(1)
    expect(page.locator(".result-count")).to_contain_text("1")
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_have_text("Trójmiasto Ogrodów")
    amounts = page.locator("article.project dd.amount")
    expect(amounts.nth(0)).to_have_text("2\xa0485\xa0383,00 zł")
    expect(amounts.nth(1)).to_have_text("1\xa0491\xa0230,00 zł")
    expect(amounts.nth(2)).to_have_text("994\xa0153,00 zł")


def test_a_visitor_goes_from_a_partnerships_newest_events_to_all_of_them(page, partnerships):
    page.goto("/partnerstwa/trojmiasto-ogrodow/")
    events = page.locator("#events-heading ~ table tbody tr")
    expect(events).to_have_count(10)
    expect(events.first).to_contain_text("Szkolenie ogrodnicze 12")
    page.get_by_role("link", name="Zobacz wszystkie 12 wydarzeń").click()
    expect(page).to_have_url(re.compile(r"/partnerstwa/trojmiasto-ogrodow/wydarzenia/$"))
    rows = page.locator("main table.data tbody tr")
    expect(rows).to_have_count(12)
    expect(rows.last).to_contain_text("Szkolenie ogrodnicze 1")


def test_a_region_of_the_map_leads_to_its_partnerships(page, partnerships):
    page.goto("/partnerstwa/mapa/")
    page.locator("svg a[href='/partnerstwa/?wojewodztwo=02']").click()
    expect(page.locator("main table.data tbody tr")).to_have_count(1)
    expect(page.locator("main table.data tbody")).to_contain_text("Bolesławieckie")


@pytest.mark.parametrize("path", PAGES)
def test_partnership_pages_have_no_serious_wcag_22_aa_violations(page, partnerships, path):
    response = page.goto(path)
    assert response is not None and response.ok
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)
    assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"


@pytest.mark.parametrize("path", [*PAGES[:5], "/samorzady/", "/samorzady/0201/"])
def test_partnership_and_register_pages_fit_a_390_px_phone_with_a_made_up_record(
    page, partnerships, path
):
    """Issue 11: the pages marking made-up records still scroll only down on a phone."""
    from partnerstwa.partnerships.models import Partnership

    Partnership.objects.filter(slug="trojmiasto-ogrodow").update(is_illustrative=True)
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(path)
    assert response is not None and response.ok
    sizes = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: innerWidth})"
    )
    assert sizes["scroll"] <= sizes["inner"], (path, sizes)
