"""Point 4: Polish-aware search over pages and documents, title matches first, the passage
marked and escaped. Runs on SQLite and, in CI's PostgreSQL pass, on PostgreSQL."""

import pytest
from django.urls import reverse

from partnerstwa.content.tests.factories import news
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db


def _titles(client, query: str, user=None) -> list[str]:
    response = client.get(reverse("library:search"), {"q": query})
    assert response.status_code == 200
    return [hit.title for hit in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("wspolpraca", "Współpraca"),  # no Polish letters typed
        ("partnerstwa", "Partnerstwo"),  # genitive finds the nominative
        ("samorządów", "Samorząd"),
        ("gminom", "Gmina"),
    ],
)
def test_polish_examples_find_their_document(client, query, title):
    document(title=f"{title} w praktyce", text="Tekst bez związku.")
    document(title="Sprawozdanie finansowe", text="Bilans i rachunek wyników.")
    assert _titles(client, query) == [f"{title} w praktyce"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("wspolpraca", "współpracy"),
        ("partnerstwa", "partnerstwo"),
        ("samorządów", "samorząd"),
        ("gminom", "gmina"),
    ],
)
def test_polish_examples_find_words_inside_the_file(client, query, word):
    document(title="Sprawozdanie", text=f"Ważna jest {word} i jej rozwój.")
    assert _titles(client, query) == ["Sprawozdanie"]


def test_a_title_match_ranks_above_a_body_match(client):
    # Created first, and mentioning the word many times, but only in its text.
    document(title="Sprawozdanie roczne", text="Gminy i gminy. Gmina, gminie, gminę, gminą.")
    document(title="Gmina jako partner", text="Tekst o czymś innym.")
    assert _titles(client, "gmina") == ["Gmina jako partner", "Sprawozdanie roczne"]


def test_every_query_word_must_match(client):
    document(title="Współpraca gminy", text="Tekst.")
    document(title="Współpraca uczelni", text="Tekst.")
    assert _titles(client, "współpraca gmina") == ["Współpraca gminy"]


def test_the_matched_passage_is_marked_and_escaped(client):
    document(
        title="Notatka",
        text="Wstęp <script>alert(1)</script> o tym, że samorządy współpracują, i dalej.",
    )
    html = client.get(reverse("library:search"), {"q": "samorząd"}).content.decode()
    assert "<mark>samorządy</mark>" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_staff_only_documents_are_not_found_by_others(client, django_user_model):
    document(title="Gmina wewnętrznie", is_public=False)
    assert _titles(client, "gmina") == []
    staff = django_user_model.objects.create_user("biuro", "b@example.org", "x", is_staff=True)
    client.force_login(staff)
    assert _titles(client, "gmina") == ["Gmina wewnętrznie"]


def test_pages_are_searched_too(client):
    news(title="Aktualności programu")
    assert _titles(client, "aktualności") == ["Aktualności programu"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("wspolpraca", "Współpraca gmin"),
        ("partnerstwa", "Nowe partnerstwo"),
        ("samorządów", "Głos samorządu"),
        ("gminom", "Współpraca gmin"),
    ],
)
def test_news_pages_are_found_by_any_inflected_form_without_diacritics(client, query, title):
    news(title="Współpraca gmin", body="<p>Spotkanie w Poznaniu.</p>")
    news(title="Nowe partnerstwo", body="<p>Podpisano porozumienie.</p>")
    news(title="Głos samorządu", body="<p>Stanowisko zarządu.</p>")
    assert title in _titles(client, query)


def test_an_empty_or_odd_query_answers_without_error(client):
    for query in ["", "   ", "!!!", "a" * 300, "\x00", "AND OR NOT", '"', "*"]:
        assert client.get(reverse("library:search"), {"q": query}).status_code < 500
