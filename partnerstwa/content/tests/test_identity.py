"""Issue 12, identity: set once in the CMS, shown in the footer of every page (the EEA and Norway
Grants require the funder's logo and the funding statement on every page of a funded project)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerstwa.content.tests.factories import identity

STATEMENT = "Projekt korzysta z dofinansowania pochodzącego z Funduszy EOG."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",  # the editors' home
        "/aktualnosci/",  # an editors' page
        "/deklaracja-dostepnosci/",
        reverse("partnerships:list"),  # programme pages, Django views
        reverse("activities:list"),
        reverse("privacy:notice"),
    ],
)
def test_the_funding_statement_is_on_every_page(client, url):
    identity(
        address="ul. Robocza 42\n61-517 Poznań",
        phone="+48 61 633 50 50",
        email="biuro@example.org",
        facebook="https://www.facebook.com/example",
    )
    content = client.get(url).content.decode()
    assert f'<p class="funding-statement">{STATEMENT}</p>' in content
    assert "Związek Miast Polskich" in content
    assert "61-517 Poznań" in content and "+48 61 633 50 50" in content
    assert 'href="mailto:biuro@example.org"' in content
    assert 'href="https://www.facebook.com/example">Facebook</a>' in content
    assert 'href="/deklaracja-dostepnosci/"' in content


@pytest.mark.django_db
def test_the_identity_speaks_english_on_english_pages_and_polish_when_it_has_no_english(client):
    identity(name_en="Association of Polish Cities", funding_statement_en="Funded by EEA Grants.")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get(reverse("partnerships:list")).content.decode()
    assert "Association of Polish Cities" in content and "Funded by EEA Grants." in content
    from partnerstwa.content.models import Identity

    Identity.objects.update(funding_statement_en="")
    content = client.get(reverse("partnerships:list")).content.decode()
    assert STATEMENT in content


@pytest.mark.django_db
def test_the_footer_reads_the_identity_in_one_query(client):
    identity()
    client.get(reverse("privacy:notice"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("privacy:notice"))
    assert len([q for q in queries if "content_identity" in q["sql"]]) == 1


@pytest.mark.django_db
def test_without_an_identity_the_footer_shows_no_empty_funding_block(client):
    content = client.get(reverse("privacy:notice")).content.decode()
    assert 'class="wrap funding"' not in content


@pytest.mark.django_db
def test_an_english_page_marks_the_identity_texts_it_shows_in_polish(client):
    identity()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = client.get(reverse("privacy:notice")).content.decode()
    assert '<p lang="pl">Związek Miast Polskich</p>' in content
    assert f'<p class="funding-statement" lang="pl">{STATEMENT}</p>' in content
