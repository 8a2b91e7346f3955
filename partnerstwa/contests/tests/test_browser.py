"""The contest in a real browser: an applicant submits, the chair scores, staff close scoring, the
chair gives the award, staff publish and the public page lists the laureate; the public contest
pages pass an axe WCAG 2.2 AA scan."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import expect

from partnerstwa.contests.models import Application
from partnerstwa.contests.services import edition_advance
from partnerstwa.contests.tests.factories import edition, juror, staff
from partnerstwa.portal.tests import browser
from partnerstwa.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


def sign_in(browser_context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def contest(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url
    OrganisationFactory(name="Gmina Przykładowa")
    return edition(name="Lider Zarządzania 2027", slug="lider-2027")


def test_an_applicant_submits_the_chair_scores_and_awards_staff_publish(
    page, browser_context, contest, live_server
):
    page.goto("/konkurs/lider-2027/")
    page.click("a[href='/konkurs/lider-2027/zgloszenie/']")
    page.fill("#id_organisation", "Gmina Przykładowa")
    page.fill("#id_title", "Wspólne centrum usług")
    page.fill("#id_summary", "Trzy gminy prowadzą wspólne centrum usług wspólnych.")
    page.fill("#id_contact_name", "Anna Nowak")
    page.fill("#id_contact_email", "anna@example.org")
    page.fill(f"#id_q{contest.questions.get().pk}", "Opis")
    page.check("#id_consent")
    page.click("form.stacked button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("zgłoszenie zostało przyjęte")
    entry = Application.objects.get()

    officer = staff()
    for step in ("closed", "scoring"):
        edition_advance(edition=contest, to=step, by=officer)
    entry.status = "finalist"
    entry.save()
    judge = juror(contest, chair=True)
    sign_in(browser_context, live_server, judge.user)
    page.goto(f"/konkurs/lider-2027/jury/{entry.pk}/")
    page.check("input[name=has_conflict][value=no]")
    page.click("form.stacked button[type=submit]")
    first, second = contest.criteria.order_by("order")
    page.fill(f"#id_c{first.pk}", "9")
    page.fill(f"#id_c{second.pk}", "8")
    page.click("form.stacked button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("zapisane")

    sign_in(browser_context, live_server, officer)
    page.goto("/konkurs/lider-2027/wyniki/")
    page.click("form[action$='/wyniki/etap/'] button")  # scoring -> decided
    sign_in(browser_context, live_server, judge.user)
    page.goto("/konkurs/lider-2027/wyniki/")
    expect(page.locator("main table").first).to_contain_text("26")  # 9×2 + 8×1
    page.select_option(f"form[action$='/{entry.pk}/status/'] select", "laureate")
    page.click(f"form[action$='/{entry.pk}/status/'] button")
    expect(page.locator(".messages")).to_contain_text("Status")
    sign_in(browser_context, live_server, officer)
    page.goto("/konkurs/lider-2027/wyniki/")
    page.click("form[action$='/wyniki/etap/'] button")  # decided -> published

    page.goto("/konkurs/lider-2027/")
    expect(page.locator("#results-heading")).to_be_visible()
    expect(page.locator("ul.awards")).to_contain_text("Gmina Przykładowa")
    expect(page.locator("ul.awards")).to_contain_text("Wspólne centrum usług")


def test_public_contest_pages_have_no_serious_wcag_22_aa_violations(page, contest):
    for path in ["/konkurs/", "/konkurs/lider-2027/", "/konkurs/lider-2027/zgloszenie/"]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        results = Axe().run(page, options=browser.AXE_OPTIONS).response
        violations = browser.serious_violations(results)
        assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"
