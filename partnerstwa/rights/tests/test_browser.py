"""An access request in a real browser on a phone-sized screen: the form, the link mailed to
the address, the confirming button, the page of data and the downloaded JSON; every page passes
axe (WCAG 2.2 AA and best practices) and fits the screen."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.db import transaction
from playwright.sync_api import expect

from partnerstwa.activities.tests.factories import event, register
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser
EMAIL = "zofia.wrobel@example.org"


@pytest.fixture
def setting(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url


def _checked(page, path: str) -> None:
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)
    assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide"


def test_an_access_request_from_the_mailed_link_to_the_downloaded_json(page, setting):
    with transaction.atomic():
        register(event(), first_name="Zofia", last_name="Wróbel", email=EMAIL, phone="601202303")
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/rodo/")
    _checked(page, "/rodo/")
    page.fill("#id_email", EMAIL)
    page.get_by_label("dostęp do moich danych").check()
    page.click("form.stacked button[type=submit]")
    expect(page.get_by_role("status")).to_contain_text("wysłaliśmy wiadomość z linkiem")
    _checked(page, "/rodo/ after sending")

    link = re.search(r"https?://\S+/rodo/potwierdzenie/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    _checked(page, "confirmation")
    page.get_by_role("button", name="Potwierdzam wniosek").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dostęp do moich danych")
    expect(page.get_by_role("table").first).to_contain_text("Wróbel")
    _checked(page, "the data")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz dane (JSON)").click()
    with open(download_info.value.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["records"]["activities.Registration"][0]["last_name"] == "Wróbel"
    assert data["records"]["registry.Person"][0]["email"] == EMAIL
