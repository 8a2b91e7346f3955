"""Issue 12, news: listing with pagination, filters by year and tag, a feed, Open Graph, links to
partnerships and events and back, and rich text that cannot carry a script."""

import datetime

import pytest
from django.urls import reverse

from partnerstwa.activities.tests.factories import event
from partnerstwa.content.models import NEWS_PER_PAGE
from partnerstwa.content.tests.factories import news
from partnerstwa.partnerships.tests.factories import PartnershipFactory


@pytest.mark.django_db
def test_the_news_index_lists_published_news_newest_first(client):
    news(title="Starsza", slug="starsza", date=datetime.date(2015, 5, 1))
    news(title="Nowsza", slug="nowsza", date=datetime.date(2016, 10, 18))
    news(title="Szkic", slug="szkic", live=False)
    content = client.get("/aktualnosci/").content.decode()
    assert content.index("Nowsza") < content.index("Starsza")
    assert "18 października 2016" in content
    assert "Szkic" not in content


@pytest.mark.django_db
def test_the_news_index_pages_its_listing(client):
    for number in range(NEWS_PER_PAGE + 1):
        news(title=f"Wiadomość {number:02d}", date=datetime.date(2016, 1, number + 1))
    first = client.get("/aktualnosci/").content.decode()
    second = client.get("/aktualnosci/?page=2").content.decode()
    assert "Wiadomość 00" not in first and "Wiadomość 00" in second
    assert "Strona 1 z 2" in first


@pytest.mark.django_db
def test_the_news_index_filters_by_year_and_by_tag(client):
    tagged = news(title="O partnerstwach", date=datetime.date(2016, 3, 1))
    tagged.tags.add("partnerstwa")
    tagged.save_revision().publish()
    news(title="Z innego roku", date=datetime.date(2014, 3, 1))
    by_year = client.get("/aktualnosci/?rok=2016").content.decode()
    assert "O partnerstwach" in by_year and "Z innego roku" not in by_year
    by_tag = client.get("/aktualnosci/?temat=partnerstwa").content.decode()
    assert "O partnerstwach" in by_tag and "Z innego roku" not in by_tag
    assert client.get("/aktualnosci/?rok=abcd").status_code == 200


@pytest.mark.django_db
def test_each_listed_news_item_links_its_topics_in_polish_order(client):
    tagged = news(title="O partnerstwach", slug="o-partnerstwach")
    tagged.tags.add("ekologia", "ćwiczenia", "dotacje")
    tagged.save_revision().publish()
    news(title="Bez tematu", slug="bez-tematu")
    content = client.get("/aktualnosci/").content.decode()
    names = [content.index(f">{name}</a>") for name in ("ćwiczenia", "dotacje", "ekologia")]
    assert names == sorted(names)
    assert content.count('href="?temat=') == 3


@pytest.mark.django_db
def test_the_news_feed_is_atom_with_the_published_news(client):
    news(title="Konferencja zamykająca", slug="konferencja", lead="Podsumowanie programu.")
    response = client.get("/aktualnosci/kanal/")
    content = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Konferencja zamykająca</title>" in content
    assert "/aktualnosci/konferencja/" in content and "Podsumowanie programu." in content


@pytest.mark.django_db
def test_a_news_page_has_open_graph_metadata(client):
    news(title="Konferencja zamykająca", slug="konferencja", lead="Podsumowanie programu.")
    content = client.get("/aktualnosci/konferencja/").content.decode()
    assert '<meta property="og:title" content="Konferencja zamykająca">' in content
    assert '<meta property="og:description" content="Podsumowanie programu.">' in content
    assert '<meta property="og:type" content="article">' in content
    assert (
        '<meta property="og:url" content="http://testserver/aktualnosci/konferencja/">' in content
    )


@pytest.mark.django_db
def test_news_links_its_partnerships_and_events_and_their_pages_list_it(client):
    partnership = PartnershipFactory()
    happening = event(title="Konferencja", slug="konferencja-eog")
    item = news(title="Relacja z konferencji", slug="relacja")
    item.related_partnerships.add(partnership)
    item.related_events.add(happening)
    item.save_revision().publish()
    content = client.get("/aktualnosci/relacja/").content.decode()
    assert f'href="{reverse("partnerships:detail", args=[partnership.slug])}"' in content
    assert 'href="/wydarzenia/konferencja-eog/"' in content
    for url in (
        reverse("partnerships:detail", args=[partnership.slug]),
        "/wydarzenia/konferencja-eog/",
    ):
        assert 'href="/aktualnosci/relacja/">Relacja z konferencji</a>' in (
            client.get(url).content.decode()
        )


@pytest.mark.django_db
def test_news_newly_naming_a_partnership_and_an_event_shows_on_their_pages_at_once(
    client, kept, django_capture_on_commit_callbacks
):
    # Which partnerships and events news names is kept per change of the content.
    partnership = PartnershipFactory()
    happening = event(title="Konferencja", slug="konferencja-eog")
    pages = (
        reverse("partnerships:detail", args=[partnership.slug]),
        "/wydarzenia/konferencja-eog/",
    )
    for url in pages:
        assert "Relacja z konferencji" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        item = news(title="Relacja z konferencji", slug="relacja")
        item.related_partnerships.add(partnership)
        item.related_events.add(happening)
        item.save_revision().publish()
    for url in pages:
        assert 'href="/aktualnosci/relacja/">Relacja z konferencji</a>' in (
            client.get(url).content.decode()
        )
    client.cookies.load({"django_language": "en"})
    for url in pages:  # the news is Polish: English pages do not list it
        assert "Relacja z konferencji" not in client.get(url).content.decode()


NAMING = [("Relacja z konferencji", "relacja"), ("Notatka zespołu", "notatka")]


@pytest.mark.django_db
def test_news_restricted_later_leaves_the_events_page_at_once(client, kept):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    happening = event(title="Konferencja", slug="konferencja-eog")

    def publish():
        items = [news(title=title, slug=slug) for title, slug in NAMING]
        for item in items:
            item.related_events.add(happening)
            item.save_revision().publish()
        return items

    items = kept(publish)
    page = client.get("/wydarzenia/konferencja-eog/").content.decode()
    assert "Relacja z konferencji" in page and "Notatka zespołu" in page

    def restrict():
        restriction = PageViewRestriction.objects.create(
            page=items[1], restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Zespół"))

    kept(restrict)
    page = client.get("/wydarzenia/konferencja-eog/").content.decode()
    assert "Relacja z konferencji" in page and "Notatka zespołu" not in page


@pytest.mark.django_db
def test_script_in_rich_text_is_not_rendered(client):
    news(
        title="Próba",
        slug="proba",
        body='<p>Tekst</p><script>alert("x")</script><p onclick="alert(1)">Dalej</p>',
    )
    content = client.get("/aktualnosci/proba/").content.decode()
    assert "<p>Tekst</p>" in content
    assert 'alert("x")' not in content and "onclick" not in content


@pytest.mark.django_db
def test_a_news_page_without_an_english_version_says_so_by_the_language_switch(client):
    news(title="Tylko po polsku", slug="tylko-po-polsku")
    content = client.get("/aktualnosci/tylko-po-polsku/").content.decode()
    assert "This page has no English version" in content
    index = client.get("/aktualnosci/").content.decode()
    assert "This page has no English version" not in index
