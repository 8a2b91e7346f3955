"""The newsletter in a real browser on a 390-pixel-wide phone: a visitor subscribes, confirms by
the button the mailed link opens, changes the preferences and unsubscribes; every page passes
axe (WCAG 2.2 AA and best practices) and fits the screen."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.db import transaction
from playwright.sync_api import expect

from partnerstwa.newsletter.links import preferences_url
from partnerstwa.newsletter.models import ConsentText, Subscriber, SubscriberStatus, Topic
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url


def _checked(page, path: str) -> None:
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)
    assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide"


def test_a_visitor_subscribes_confirms_changes_preferences_and_unsubscribes(page, setting):
    # Committed explicitly, as the live server reads them; a transactional test's flush empties
    # what the seed migration put in.
    with transaction.atomic():
        Topic.objects.create(slug="wydarzenia-test", name="Wydarzenia (test)", position=1)
        Topic.objects.create(slug="konkurs-test", name="Konkurs (test)", position=2)
        ConsentText.objects.create(version=1, text="Zgadzam się na newsletter (test).")
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/newsletter/")
    _checked(page, "/newsletter/")
    page.fill("#id_email", "anna@example.org")
    page.get_by_label("Wydarzenia (test)").check()
    page.get_by_label("polski").check()
    page.check("#id_consent")
    page.click("form.stacked button[type=submit]")
    expect(page.locator(".messages")).to_be_visible()

    link = re.search(r"https?://\S+/newsletter/potwierdz/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    _checked(page, "confirmation")
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING  # opening it did nothing
    page.get_by_role("button", name="Potwierdzam zapis").click()
    expect(page.get_by_role("status")).to_contain_text("zapis został potwierdzony")
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED

    page.goto(preferences_url(Subscriber.objects.get().pk))
    _checked(page, "preferences")
    page.get_by_label("Konkurs (test)").check()
    page.get_by_role("button", name="Zapisz ustawienia").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert set(Subscriber.objects.get().topics.values_list("slug", flat=True)) == {
        "wydarzenia-test",
        "konkurs-test",
    }
    page.get_by_role("button", name="Wypisz się z newslettera").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
