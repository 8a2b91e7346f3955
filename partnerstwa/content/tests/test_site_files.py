"""Issue 12: sitemap.xml with the editors' and the programme's pages, robots.txt, and the
accessibility statement linked from every page."""

import datetime
import re

import pytest
from django.conf import settings

from partnerstwa.activities.tests.factories import event
from partnerstwa.content.models import NewsPage
from partnerstwa.content.tests.factories import news
from partnerstwa.partnerships.tests.factories import PartnershipFactory


@pytest.mark.django_db
def test_the_sitemap_lists_the_editors_pages_and_the_programme_pages(client):
    partnership = PartnershipFactory()
    happening = event(title="Szkolenie", slug="szkolenie-w-sitemap")
    news(title="Wiadomość", slug="wiadomosc")
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-\w+\.xml)</loc>", index)
    assert sections == [
        f"/sitemap-{name}.xml"
        for name in ("pages", "listings", "partnerships", "events", "editions")
    ]
    content = "".join(client.get(section).content.decode() for section in sections)
    # The editors' pages have the site's configured address (SITE_URL), as Wagtail gives it.
    site = settings.SITE_URL.rstrip("/")
    assert f"<loc>{site}/</loc>" in content
    assert f"<loc>{site}/aktualnosci/wiadomosc/</loc>" in content
    assert f"<loc>http://testserver/partnerstwa/{partnership.slug}/</loc>" in content
    assert f"<loc>http://testserver/wydarzenia/{happening.slug}/</loc>" in content
    assert "<loc>http://testserver/partnerstwa/</loc>" in content


@pytest.mark.django_db
def test_a_sitemap_file_holds_at_most_its_limit_and_the_index_names_each_page(client, monkeypatch):
    from partnerstwa.portal.sitemaps import PartnershipSitemap

    monkeypatch.setattr(PartnershipSitemap, "limit", 2)
    PartnershipFactory.create_batch(5)
    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>http://testserver(/sitemap-partnerships\.xml[^<]*)</loc>", index)
    assert pages == [
        "/sitemap-partnerships.xml",
        "/sitemap-partnerships.xml?p=2",
        "/sitemap-partnerships.xml?p=3",
    ]
    counts = [client.get(page).content.decode().count("<url>") for page in pages]
    assert counts == [2, 2, 1]


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["partnerships", "events", "editions"])
def test_a_programme_sitemap_file_is_written_as_djangos_sitemap_view_writes_it(client, section):
    from django.contrib.sitemaps.views import sitemap as django_sitemap
    from django.test import RequestFactory

    from partnerstwa.contests.tests.factories import edition
    from partnerstwa.portal.sitemaps import SITEMAPS

    PartnershipFactory.create_batch(3)
    PartnershipFactory(slug="badania&rozwoj-'b'")  # not a valid address name, escaped alike
    event(title="Szkolenie & warsztaty", slug="szkolenie")
    edition()
    ours = client.get(f"/sitemap-{section}.xml")
    theirs = django_sitemap(RequestFactory().get(f"/sitemap-{section}.xml"), SITEMAPS, section)
    theirs.render()
    assert ours.status_code == 200 and ours.content.count(b"<url>") >= 1
    assert ours.content == theirs.content
    assert ours["Content-Type"] == theirs["Content-Type"]
    assert ours["X-Robots-Tag"] == theirs["X-Robots-Tag"]
    assert client.head(f"/sitemap-{section}.xml").status_code == 200


@pytest.mark.django_db
def test_a_sitemap_page_past_the_last_or_not_a_number_answers_404(client):
    PartnershipFactory()
    for page in ("2", "x", "0"):
        assert client.get(f"/sitemap-partnerships.xml?p={page}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_a_new_record_reaches_the_sitemaps_kept_count_once_committed(client, kept, monkeypatch):
    from partnerstwa.portal.sitemaps import EventSitemap

    monkeypatch.setattr(EventSitemap, "limit", 1)
    kept(lambda: event(title="Pierwsze", slug="pierwsze"))
    assert "sitemap-events.xml?p=2" not in client.get("/sitemap.xml").content.decode()
    kept(lambda: event(title="Drugie", slug="drugie"))
    assert "sitemap-events.xml?p=2" in client.get("/sitemap.xml").content.decode()
    assert b"/wydarzenia/drugie/" in client.get("/sitemap-events.xml?p=2").content


@pytest.mark.django_db
def test_robots_txt_keeps_crawlers_out_of_the_back_offices_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    content = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/\nDisallow: /cms/\nDisallow: /biuro/" in content
    assert "Sitemap: http://testserver/sitemap.xml" in content


@pytest.mark.django_db
def test_the_accessibility_statement_shows_the_facts_editors_set(client):
    from partnerstwa.content.models import AccessibilityStatementPage
    from partnerstwa.content.tests.factories import polish

    page = polish(AccessibilityStatementPage)
    assert (
        "nie została jeszcze wypełniona" in client.get("/deklaracja-dostepnosci/").content.decode()
    )
    page.entity_name = "Związek Miast Polskich"
    page.compliance = "partial"
    page.contact_email = "dostepnosc@example.org"
    page.save_revision().publish()
    content = client.get("/deklaracja-dostepnosci/").content.decode()
    assert "Związek Miast Polskich zobowiązuje się zapewnić dostępność" in content
    assert "częściowo zgodna" in content
    assert 'href="mailto:dostepnosc@example.org"' in content
    assert 'id="a11y-procedura"' in content


@pytest.mark.django_db
def test_editors_pages_answer_only_get(client):
    news(title="Wiadomość", slug="wiadomosc")
    for url in ("/", "/aktualnosci/", "/aktualnosci/wiadomosc/", "/deklaracja-dostepnosci/"):
        assert client.post(url).status_code == 405
        assert client.head(url).status_code == 200


@pytest.mark.django_db
def test_the_index_dates_the_pages_section_by_its_newest_page_without_building_each_page(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    news(title="Starsza", slug="starsza", date=datetime.date(2016, 1, 5))
    newest = news(title="Nowsza", slug="nowsza")
    NewsPage.objects.filter(pk=newest.pk).update(
        last_published_at=datetime.datetime(2031, 5, 6, 7, 8, tzinfo=datetime.UTC)
    )
    with CaptureQueriesContext(connection) as queries:
        index = client.get("/sitemap.xml").content.decode()
    pages = re.search(r"<loc>[^<]*/sitemap-pages\.xml</loc>\s*<lastmod>([^<]+)</lastmod>", index)
    assert pages and pages.group(1) == "2031-05-06T09:08:00+02:00"  # Warsaw time
    assert not [query for query in queries if "content_newspage" in query["sql"]]
