"""Issue 12, home: editors compose `/` from blocks; the live blocks read the records each time."""

import datetime

import pytest
from wagtail.rich_text import RichText

from partnerstwa.content.tests.factories import home, news
from partnerstwa.portal.tests import sample_site


def _compose(*blocks):
    page = home()
    page.body = list(blocks)
    page.save_revision().publish()


@pytest.mark.django_db
def test_the_story_block_shows_the_editors_text(client):
    _compose(("story", {"heading": "Nasza historia", "text": RichText("<p>Gminy razem.</p>")}))
    content = client.get("/").content.decode()
    assert "<h2>Nasza historia</h2>" in content and "<p>Gminy razem.</p>" in content


@pytest.mark.django_db
def test_the_results_block_counts_as_of_the_day_the_editor_chose(client):
    sample_site.build()
    _compose(("results", {"as_of": datetime.date(2015, 3, 1)}))
    content = client.get("/").content.decode()
    assert "Wyniki – stan na 1 marca 2015" in content
    assert "?na_dzien=2015-03-01" in content


@pytest.mark.django_db
def test_the_events_block_shows_as_many_upcoming_events_as_the_editor_chose(client):
    site = sample_site.build()
    _compose(("events", {"count": 1}))
    content = client.get("/").content.decode()
    assert f'href="/wydarzenia/{site["events"][0].slug}/"' in content
    assert f'href="/wydarzenia/{site["events"][1].slug}/"' not in content


@pytest.mark.django_db
def test_the_news_block_lists_the_latest_published_news(client):
    news(title="Konferencja w Poznaniu", slug="konferencja")
    news(title="Szkic", slug="szkic", live=False)
    _compose(("news", {"count": 3}))
    content = client.get("/").content.decode()
    assert 'href="/aktualnosci/konferencja/"' in content
    assert "Szkic" not in content
