"""Issue 11, acceptance: every public page fits a 390 px wide phone (no sideways scroll), in
Polish and, for a few, in English; the pages new in this issue pass the axe scan.

Run with ``DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m browser -p no:cacheprovider``."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from partnerstwa.contests.models import ContestEdition
from partnerstwa.portal.tests import browser, sample_site

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
# What sticks out past the right edge, for the failure message.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0) {
      const name = element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + [...element.classList].join(".") : "");
      found.push(name + " right=" + Math.round(box.right));
    }
  }
  return found.slice(0, 8);
}"""


@pytest.fixture
def site(transactional_db, tmp_path):
    """The demo over a small register, and the sample site beside it (every plural class, an
    edition with awards, events with seats left)."""
    browser.load_sample_registry(tmp_path)
    sample_site.build()


def _pages() -> list[str]:
    pages = sample_site.public_pages()
    pages += ["/wydarzenia/kalendarz/", "/wydarzenia/organizacje/?organisation=Bo"]
    # The editors' pages (issue 12).
    pages += [
        "/aktualnosci/",
        "/aktualnosci/konferencja-zamykajaca-program/",
        "/multimedia/",
        "/deklaracja-dostepnosci/",
    ]
    for contest in ContestEdition.objects.public().exclude(rules_document=""):
        pages.append(f"/konkurs/{contest.slug}/regulamin/")
    return pages


def _too_wide(page, path: str) -> str:
    response = page.goto(path)
    if response is None or not response.ok:
        return f"{path} answered {response.status if response else 'nothing'}"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width <= PHONE_390["width"]:
        return ""
    return f"{path}: scrollWidth {width} > 390: {page.evaluate(OVERFLOWING)}"


def test_every_public_page_fits_a_390_px_phone_without_sideways_scroll(page, site):
    page.set_viewport_size(PHONE_390)
    problems = [problem for path in _pages() if (problem := _too_wide(page, path))]
    assert not problems, "\n".join(problems)


ENGLISH_PAGES = [
    "/",
    "/partnerstwa/",
    "/wydarzenia/",
    "/konkurs/",
    "/wskazniki/",
    "/o-danych/",
    "/wskazniki/partnerships/",
    "/samorzady/02/",
    "/wydarzenia/szkolenie-probne-1/",
    "/konkurs/konkurs-probny-2015/",
    "/aktualnosci/",
    "/deklaracja-dostepnosci/",
]


def test_english_pages_fit_a_390_px_phone_without_sideways_scroll(page, site, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size(PHONE_390)
    problems = [problem for path in ENGLISH_PAGES if (problem := _too_wide(page, path))]
    assert '<html lang="en">' in page.content()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", ["/", "/o-danych/"])
def test_the_home_and_the_data_explanation_have_no_serious_wcag_22_aa_violations(page, site, path):
    for viewport in (browser.DESKTOP, PHONE_390):
        page.set_viewport_size(viewport)
        response = page.goto(path)
        assert response is not None and response.ok, f"{path} answered {response.status}"
        results = Axe().run(page, options=browser.AXE_OPTIONS).response
        violations = browser.serious_violations(results)
        assert not violations, f"axe on {path}:\n{browser.describe_violations(violations)}"
