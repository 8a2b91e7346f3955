"""bench/search.py: the search reads only what it shows. Passages are found slice by slice in a
long file's text, whole words only; documents come latest added first."""

import pytest
from django.urls import reverse

from partnerstwa.lib.polish_search import snippet
from partnerstwa.library.tests.factories import document

pytestmark = pytest.mark.django_db


def test_a_passage_deep_in_a_long_file_is_found_and_marked(client):
    document(title="Sprawozdanie", text="Wstęp bez związku. " * 2000 + "Samorządy współpracują.")
    html = client.get(reverse("library:search"), {"q": "samorząd"}).content.decode()
    assert "<mark>Samorządy</mark>" in html


def test_a_passage_marks_a_whole_word_never_part_of_another():
    assert snippet("agminax i gminy", "gmina") == ("agminax i ", "gminy", "")


def test_documents_matching_in_their_text_come_latest_added_first(client):
    first = document(title="Sprawozdanie pierwsze", text="Gmina.")
    second = document(title="Sprawozdanie drugie", text="Gmina.")
    response = client.get(reverse("library:search"), {"q": "gmina"})
    titles = [hit.title for hit in response.context["page"].object_list]
    assert titles == [second.title, first.title]


def test_reading_a_document_leaves_sqlite_statistics_for_the_search_index(db):
    """Without statistics SQLite ran the full-text match once per index entry (bench/search.py);
    the extraction task leaves them behind, on PostgreSQL a GIN index serves instead."""
    from django.db import connection

    document(title="Raport o współpracy")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailsearch_indexentry'"
            )
            assert cursor.fetchone()[0] >= 1
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'library_search_title_body_gin'"
            )
            assert cursor.fetchone()[0] == 1


def test_a_title_match_ranks_first_even_behind_more_text_matches_than_are_kept(client, monkeypatch):
    """Text matches are kept latest added first up to SEARCH_LIMIT; an older document whose title
    matches is still found, and first, by the search of titles."""
    from partnerstwa.library import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    titled = document(title="Partnerstwo gmin", text="Tekst bez związku.")
    for number in range(3):
        document(title=f"Sprawozdanie {number}", text="O partnerstwach gmin.")
    response = client.get(reverse("library:search"), {"q": "partnerstwa"})
    titles = [hit.title for hit in response.context["page"].object_list]
    assert titles == [titled.title, "Sprawozdanie 2", "Sprawozdanie 1"]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        # an inflected form of the query word's lemma, written with Polish letters
        ("Wstęp. Gminom pomagamy.", "gmina", ("Wstęp. ", "Gminom", " pomagamy.")),
        # the query typed without Polish letters, the text with them
        ("O tym, że współpraca trwa.", "wspolpraca", ("O tym, że ", "współpraca", " trwa.")),
        # typed without Polish letters, found in another form written with them
        ("Rozwój współpracy gmin.", "wspolpraca", ("Rozwój ", "współpracy", " gmin.")),
        # the text written without Polish letters
        ("Tekst: wspolpraca gmin.", "współpraca", ("Tekst: ", "wspolpraca", " gmin.")),
        # the earliest of the query's words, not the first word of the query
        ("Samorząd i gmina.", "gmina samorządów", ("", "Samorząd", " i gmina.")),
    ],
)
def test_a_passage_is_found_however_the_text_writes_the_word(text, query, expected):
    assert snippet(text, query) == expected


def test_the_page_says_when_more_matched_than_are_shown(client, monkeypatch):
    from partnerstwa.library import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    for number in range(3):
        document(title=f"Sprawozdanie {number}", text="O partnerstwach gmin.")
    html = client.get(reverse("library:search"), {"q": "gmina"}).content.decode()
    assert "Znaleziono więcej wyników, niż tu pokazujemy (2)." in html
    narrower = client.get(reverse("library:search"), {"q": "sprawozdanie 1"})
    assert "Znaleziono więcej" not in narrower.content.decode()


def test_the_page_says_nothing_more_when_exactly_as_many_matched_as_are_kept(client, monkeypatch):
    from partnerstwa.library import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    for number in range(2):
        document(title=f"Sprawozdanie {number}", text="O partnerstwach gmin.")
    response = client.get(reverse("library:search"), {"q": "gmina"})
    assert len(response.context["page"].object_list) == 2
    assert "Znaleziono więcej" not in response.content.decode()
