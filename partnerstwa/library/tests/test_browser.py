"""The library in a real browser: a visitor searches, opens a document's page and downloads
its file; the library's pages pass axe and fit a 390 px phone.

Run with ``DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/pytest -m browser -p no:cacheprovider``."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from wagtail.models import Collection

from partnerstwa.library.models import DocumentCategory, DocumentNotice
from partnerstwa.library.tests.factories import document
from partnerstwa.portal.tests import browser

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def library(transactional_db):
    # A transactional test's flush removes what migrations made (Wagtail's root collection,
    # the seeded categories): made again here.
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    positions, _ = DocumentCategory.objects.get_or_create(
        slug="stanowiska-i-uchwaly", defaults={"name": "stanowiska i uchwały"}
    )
    reports, _ = DocumentCategory.objects.get_or_create(
        slug="raporty", defaults={"name": "raporty"}
    )
    report = document(
        title="Raport o współpracy międzysamorządowej w obszarach funkcjonalnych",
        text="Współpraca gmin i powiatów w partnerstwach lokalnych.\nWnioski dla samorządów.",
        summary="Raport z doświadczeń partnerstw, z wnioskami dla samorządów.",
        category=reports,
        is_illustrative=True,
    )
    notice = DocumentNotice.objects.create(
        title="Wstępne stanowisko ZMP w sprawie projektu Funduszu Inwestycji Lokalnych",
        category=positions,
        listed_at="http://www.partnerstwa.jst.org.pl",
    )
    return {
        "report": report,
        "pages": [
            reverse("library:list"),
            reverse("library:detail", args=[report.pk, report.slug]),
            reverse("library:notice", args=[notice.pk, notice.slug]),
            reverse("library:search") + "?q=samorzadow",
            reverse("library:search") + "?q=nieznanesłowo",
        ],
    }


def test_a_visitor_searches_opens_the_document_page_and_downloads_the_file(page, library):
    report = library["report"]
    page.goto(reverse("library:search"))
    page.fill("input[name=q]", "partnerstwa gmin")
    page.press("input[name=q]", "Enter")
    detail = reverse("library:detail", args=[report.pk, report.slug])
    page.click(f"main a[href='{detail}']")
    assert page.url.endswith(detail)
    with page.expect_download() as download:
        page.click(f"main a[href='{report.url}']")
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_library_pages_have_no_serious_wcag_22_aa_violations(page, library):
    for path in library["pages"]:
        for viewport in (browser.DESKTOP, PHONE_390):
            page.set_viewport_size(viewport)
            response = page.goto(path)
            assert response is not None and response.ok, f"{path} answered {response.status}"
            results = Axe().run(page, options=browser.AXE_OPTIONS).response
            violations = browser.serious_violations(results)
            assert not violations, f"axe on {path}:\n{browser.describe_violations(violations)}"


def test_the_library_pages_fit_a_390_px_phone_without_sideways_scroll(page, library):
    page.set_viewport_size(PHONE_390)
    for path in library["pages"]:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE_390["width"], f"{path}: scrollWidth {width}"
