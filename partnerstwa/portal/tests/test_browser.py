"""The public portal in a real browser: a visitor's journey, accessibility, a phone's screen.

Run with ``DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m browser -p no:cacheprovider``.
Links are found by their address, not their text, so the tests survive translation.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser

# Every page a visitor can reach without signing in; each new public page belongs here.
PUBLIC_PAGES = [
    "/",
    "/samorzady/",
    "/samorzady/02/",
    "/samorzady/0201/",
    f"/samorzady/{browser.URBAN_GMINA}/",
    "/samorzady/?q=bolesl",
    "/prywatnosc/",
    "/wskazniki/",
    "/wskazniki/entities/",
    "/wskazniki/capacity_building_participants/",
    # The editors' pages (issue 12).
    "/aktualnosci/",
    "/aktualnosci/konferencja-zamykajaca-program/",
    "/aktualnosci/?rok=2016",
    "/multimedia/",
    "/deklaracja-dostepnosci/",
]


def test_a_visitor_finds_a_city_and_its_association_by_browsing_from_home(page, registry):
    page.goto("/")
    page.click("nav.main-nav a[href='/samorzady/']")
    expect(page).to_have_url(_ends_with("/samorzady/"))

    voivodeship = page.locator("main table a[href='/samorzady/02/']")
    expect(voivodeship).to_have_text("dolnośląskie")
    voivodeship.click()
    expect(page).to_have_url(_ends_with("/samorzady/02/"))

    powiat = page.locator("main table a[href='/samorzady/0201/']")
    expect(powiat).to_contain_text("bolesławiecki")
    powiat.click()
    expect(page).to_have_url(_ends_with("/samorzady/0201/"))

    gmina = page.locator(f"main table a[href='/samorzady/{browser.URBAN_GMINA}/']")
    expect(gmina).to_contain_text("Bolesławiec")
    gmina.click()
    expect(page).to_have_url(_ends_with(f"/samorzady/{browser.URBAN_GMINA}/"))

    organisation = page.locator("section[aria-labelledby='organisation-heading']")
    expect(organisation).to_contain_text(registry.name)
    expect(organisation.locator("table")).to_contain_text("ZMP")


def test_searching_without_diacritics_finds_the_city_with_them(page, registry):
    page.goto("/samorzady/")
    page.fill("#unit-search", "boleslawiec")
    page.press("#unit-search", "Enter")

    expect(page).to_have_url(_ends_with("/samorzady/?q=boleslawiec"))
    result = page.locator(f"main table a[href='/samorzady/{browser.URBAN_GMINA}/']")
    expect(result).to_contain_text("Bolesławiec")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_has_no_serious_wcag_22_aa_violations(page, registry, path):
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path} answered {response.status}"

    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)

    assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"


def test_the_home_page_fits_a_phone_and_its_skip_link_shows_when_focused(page, registry):
    page.set_viewport_size(browser.PHONE)
    page.goto("/")

    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], f"the page scrolls sideways: {widths}"

    skip_link = page.locator("a.skip-link")
    assert not _in_viewport(skip_link), "the skip link shows before it is focused"
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert _in_viewport(skip_link), "the focused skip link stays off screen"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def _in_viewport(locator) -> bool:
    box = locator.bounding_box()
    viewport = locator.page.viewport_size
    return (
        box is not None
        and box["width"] > 0
        and box["height"] > 0
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


def _ends_with(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + "$")
