"""The API's pages in a real browser: the documentation (made from the schema), the open-data
page and the staff token pages pass an axe WCAG 2.2 AA scan (with the site's Content-Security-
Policy in force: the documentation runs no script) and fit a 390-pixel-wide phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import transaction
from django.test import Client

from partnerstwa.api.tests.factories import staff, token
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url


def scan(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.ok, path
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)
    assert not violations, f"axe found on {path}:\n{browser.describe_violations(violations)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{path} is {width} px wide"


def test_the_api_documentation_and_open_data_pages_pass_axe_and_fit_a_phone(page, setting):
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security" in message.text else None
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/api/v1/docs/", "/dane/"]:
        scan(page, path)
    assert not blocked


def test_the_staff_token_pages_pass_axe(page, browser_context, setting, live_server):
    from partnerstwa.activities.tests.factories import event

    with transaction.atomic():
        user = staff("biuro", "api.view_apitoken", "api.add_apitoken")
        shown = event(title="Warsztat")
        issued = token(user=user, events=[shown], read_personal=True)
    client = Client()
    client.force_login(user)
    browser_context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ["/biuro/api/", "/biuro/api/nowy/", f"/biuro/api/{issued.token.pk}/"]:
        scan(page, path)
    page.goto("/biuro/api/nowy/")
    page.fill("#id_name", "Integracja")
    page.check("#id_read_personal")
    page.select_option("#id_events", str(shown.pk))
    page.click("main form button[type=submit]")
    assert page.input_value("#token-text").startswith("ptk_")
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    assert not browser.serious_violations(results)
