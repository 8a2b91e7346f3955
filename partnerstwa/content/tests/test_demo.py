"""Issue 12, demo: the editors' pages of the demo, from public facts, made-up parts marked."""

import pytest
from django.core.management import call_command

from partnerstwa.content.models import NewsPage


@pytest.mark.django_db
def test_the_demo_composes_the_home_and_publishes_the_closing_conference(client):
    call_command("load_demo", verbosity=0)
    home = client.get("/").content.decode()
    assert "O programie" in home
    assert "Konferencja zamykająca program – Poznań, 18 października 2016" in home
    assert "korzysta z dofinansowania pochodzącego z Islandii, Liechtensteinu i Norwegii" in home
    news = client.get("/aktualnosci/konferencja-zamykajaca-program/").content.decode()
    assert "18 października 2016 r. odbyła się konferencja zamykająca program" in news


@pytest.mark.django_db
def test_the_demo_marks_made_up_pages_and_loads_idempotently(client):
    call_command("load_demo", verbosity=0)
    count = NewsPage.objects.count()
    call_command("load_demo", verbosity=0)
    assert NewsPage.objects.count() == count
    example = NewsPage.objects.get(slug="przyklad-zaproszenie-na-szkolenie")
    assert example.is_illustrative
    assert "przykład" in client.get(example.url).content.decode().lower()
    statement = client.get("/deklaracja-dostepnosci/").content.decode()
    assert "Rzecznika Praw Obywatelskich" in statement and "tag-illustrative" in statement
    assert not NewsPage.objects.get(slug="konferencja-zamykajaca-program").is_illustrative
