"""Editors' pages in a real browser: a recording behind its facade asks nothing of a third party
until the visitor presses the button; the gallery page passes an axe WCAG 2.2 AA scan."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from partnerstwa.content.services import site_tree_ensure
from partnerstwa.content.tests.factories import gallery
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser

RECORDING = {
    "title": "Konferencja zamykająca",
    "url": "https://www.youtube.com/watch?v=abcdEFGH123",
}


@pytest.fixture
def recording_page(transactional_db):
    site_tree_ensure()
    return gallery(title="Nagrania", items=[("recording", RECORDING)])


def test_the_recording_facade_makes_no_third_party_request_before_the_click(
    page, live_server, recording_page
):
    own = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlsplit(request.url).netloc != own else None
        ),
    )
    # No network here: a request to the player is answered locally, so only its address counts.
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="player"))
    page.goto(recording_page.url)
    page.wait_for_load_state("networkidle")
    assert elsewhere == []
    assert page.locator("iframe").count() == 0

    page.get_by_role("button", name="Odtwórz nagranie „Konferencja zamykająca”").click()
    page.wait_for_selector("iframe.recording-frame")
    frame = page.locator("iframe.recording-frame")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert frame.get_attribute("title") == "Konferencja zamykająca"
    page.wait_for_load_state("networkidle")
    assert [urlsplit(url).netloc for url in elsewhere] == ["www.youtube-nocookie.com"]


def test_a_gallery_page_with_a_recording_has_no_serious_wcag_22_aa_violations(page, recording_page):
    response = page.goto(recording_page.url)
    assert response is not None and response.ok
    results = Axe().run(page, options=browser.AXE_OPTIONS).response
    violations = browser.serious_violations(results)
    assert not violations, browser.describe_violations(violations)
