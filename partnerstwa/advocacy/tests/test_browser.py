"""Advocacy in a real browser: a partnership reports a barrier and confirms its address, staff
publish it and attach a recommendation, and the public page shows its history; the public pages
pass an axe WCAG 2.2 AA scan and fit a 390-pixel-wide phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.db import transaction
from django.test import Client
from playwright.sync_api import expect

from partnerstwa.advocacy.models import Addressee, AreaOfLaw, LegalBarrier
from partnerstwa.advocacy.tests.factories import ALL_PERMISSIONS, staff_user
from partnerstwa.partnerships.tests.factories import PartnershipFactory
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser


def sign_in(browser_context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def setting(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url


def test_a_partnership_reports_staff_publish_and_answer_and_the_public_page_shows_the_history(
    page, browser_context, setting, live_server
):
    # Committed explicitly: outside a transaction these rows were not seen by the server.
    with transaction.atomic():
        PartnershipFactory(name="Partnerstwo Przykładowe")
        # A transactional test's flush empties the seeded lists (migration 0002): made here.
        AreaOfLaw.objects.get_or_create(
            slug="zamowienia-test", defaults={"name": "Zamówienia (test)"}
        )
        Addressee.objects.get_or_create(name="Ministerstwo Testowe", defaults={"short_name": "MT"})
    page.goto("/bariery/zglos/")
    page.check("input[name=reporter_kind][value=partnership]")
    page.select_option("#id_partnership", label="Partnerstwo Przykładowe")
    page.fill("#id_title", "Gminy nie mogą wspólnie zamówić przewozów")
    page.fill("#id_description", "Porozumienie nie wystarcza do wspólnego zamówienia.")
    page.select_option("#id_area", label="Zamówienia (test)")
    page.fill("#id_legal_acts", "Dz.U. z 2016 r. poz. 446, art. 10 ust. 1")
    page.fill("#id_contact_name", "Anna Nowak")
    page.fill("#id_contact_email", "anna@example.org")
    page.check("#id_consent")
    page.click("form.stacked button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Dziękujemy")

    link = re.search(r"https?://\S+/bariery/potwierdzenie/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("main form button")
    expect(page.locator("main")).to_contain_text("czeka na ocenę")

    with transaction.atomic():
        officer = staff_user(
            "biuro", *ALL_PERMISSIONS, "advocacy.add_recommendation", email="b@ex.org"
        )
    sign_in(browser_context, live_server, officer)
    page.goto("/biuro/bariery/")
    page.click("text=Gminy nie mogą wspólnie zamówić przewozów")
    page.click("button[name=publish]")
    expect(page.locator(".messages")).to_contain_text("opublikowana")
    barrier = LegalBarrier.objects.get()
    page.select_option("#id_status", "under_analysis")
    page.click("main form button")
    page.select_option("#id_status", "recommendation_drafted")
    page.click("main form button")

    page.goto("/admin/advocacy/recommendation/add/")
    page.fill("#id_title_pl", "Wspólne zamówienia gmin bez przetargu")
    page.fill("#id_proposed_change_pl", "Dopuścić zamówienie w ramach porozumienia.")
    page.click(".field-barriers .select2-selection")
    page.keyboard.type("przewozów")
    page.click(".select2-results__option:has-text('Gminy nie mogą wspólnie')")
    page.select_option("#id_addressee", label="Ministerstwo Testowe (MT)")
    page.fill("#id_sent_on", "2026-11-02")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(f"/bariery/{barrier.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("Wspólne zamówienia gmin bez przetargu")
    expect(main).to_contain_text("przekazana adresatowi")
    history = page.locator("ol.history li")
    expect(history).to_have_count(4)
    expect(page.locator("a[href*='isap.sejm.gov.pl']")).to_have_attribute(
        "href", re.compile("id=WDU20160000446$")
    )


def test_public_advocacy_pages_pass_axe_and_fit_a_phone(page, setting):
    from partnerstwa.advocacy.tests.factories import barrier

    shown = barrier(title="Bariera do sprawdzenia")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/bariery/", f"/bariery/{shown.pk}/", "/bariery/zglos/"]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        results = Axe().run(page, options=browser.AXE_OPTIONS).response
        violations = browser.serious_violations(results)
        assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide"
    page.goto("/bariery/zglos/")
    page.click("form.stacked button[type=submit]")
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    assert not browser.serious_violations(results)
